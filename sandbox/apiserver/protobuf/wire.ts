// A minimal reader of the protobuf wire format: it splits a message into (field number, wire type, value) triples
// and knows nothing about what the fields mean — that is the job of the tables in ./types. Every structural error
// (a truncated body, a length running past the end, a wire type protobuf does not define) becomes a 400, the
// answer kube-apiserver gives when it cannot decode a request body.
import { badRequest } from '../../api/errors';

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_BYTES = 2;
export const WIRE_FIXED32 = 5;

export interface WireField {
  no: number;
  wire: number;
  /** The varint of a wire-type-0 field. */
  int?: bigint;
  /** The payload of a length-delimited (2) or fixed-width (1, 5) field. */
  bytes?: Buffer;
}

function malformed(what: string): never {
  throw badRequest(`the protobuf body could not be decoded: ${what}`);
}

/** Reads one varint at `pos`; returns the value and the position after it. */
export function readVarint(buf: Buffer, pos: number): [bigint, number] {
  let value = 0n;
  for (let shift = 0n; shift < 70n; shift += 7n) {
    if (pos >= buf.length) malformed(`truncated varint at byte ${pos} of ${buf.length}`);
    const b = buf[pos++];
    value |= BigInt(b & 0x7f) << shift;
    if (!(b & 0x80)) return [value, pos];
  }
  return malformed(`varint longer than 10 bytes before byte ${pos}`);
}

function take(buf: Buffer, pos: number, len: number, no: number): Buffer {
  if (len > buf.length - pos) malformed(`field ${no} needs ${len} bytes at byte ${pos} but only ${buf.length - pos} remain (truncated body)`);
  return buf.subarray(pos, pos + len);
}

/** Splits one message into its fields, in wire order (repeated fields appear once per element). */
export function readFields(buf: Buffer): WireField[] {
  const fields: WireField[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [tag, afterTag] = readVarint(buf, pos);
    pos = afterTag;
    const no = Number(tag >> 3n);
    const wire = Number(tag & 7n);
    if (no === 0) malformed(`field number 0 at byte ${pos}`);
    if (wire === WIRE_VARINT) {
      const [int, next] = readVarint(buf, pos);
      fields.push({ no, wire, int });
      pos = next;
    } else if (wire === WIRE_BYTES) {
      const [len, start] = readVarint(buf, pos);
      const bytes = take(buf, start, Number(len), no);
      fields.push({ no, wire, bytes });
      pos = start + bytes.length;
    } else if (wire === WIRE_FIXED64 || wire === WIRE_FIXED32) {
      const bytes = take(buf, pos, wire === WIRE_FIXED64 ? 8 : 4, no);
      fields.push({ no, wire, bytes });
      pos += bytes.length;
    } else {
      malformed(`field ${no} has wire type ${wire}, which protobuf does not define here`);
    }
  }
  return fields;
}

/** The varints of a packed repeated numeric field (proto3 style; Kubernetes' proto2 files normally repeat the tag). */
export function readPackedVarints(buf: Buffer): bigint[] {
  const out: bigint[] = [];
  for (let pos = 0; pos < buf.length; ) {
    const [v, next] = readVarint(buf, pos);
    out.push(v);
    pos = next;
  }
  return out;
}
