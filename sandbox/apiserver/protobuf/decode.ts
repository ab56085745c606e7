// The table-driven decoder: turns one protobuf message into the JSON object Kubernetes would have put on the wire
// for it, following the tables in ./types (notation in ./schema.ts). Field names, omitempty and the JSON forms of
// the well-known types (Time as RFC 3339, Quantity as its string, IntOrString as a number or a string, bytes as
// base64) are what kube-apiserver's own JSON encoder produces, so handlers never learn which format a body came in.
import { badRequest } from '../../api/errors';
import { isScalar, isWellKnown, parseField, type FieldSpec, type MessageTable, type Scalar, type WellKnown } from './schema';
import { ANY_VERSION_KINDS, MESSAGES } from './types';
import { readFields, readPackedVarints, WIRE_BYTES, WIRE_VARINT, type WireField } from './wire';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** The well-known types' own protobuf shapes, described like any other message, then reshaped for JSON. */
const WELL_KNOWN_TABLES: Record<WellKnown, MessageTable> = {
  Time: { 1: '*seconds: int64', 2: '*nanos: int32' },
  Quantity: { 1: '*string: string' },
  IntOrString: { 1: '*type: int64', 2: '*intVal: int32', 3: '*strVal: string' },
  FieldsV1: { 1: '*raw: bytes' },
  ExtraValue: { 1: 'items: []string' },
};

const WELL_KNOWN_JSON: Record<WellKnown, (buf: Buffer, path: string) => Json> = {
  // metav1.Time: an empty message is the zero time (JSON null); JSON carries whole seconds in UTC.
  Time: (buf, path) => {
    if (!buf.length) return null;
    const { seconds = 0 } = decodeWith(buf, WELL_KNOWN_TABLES.Time, path) as { seconds?: number };
    return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  },
  Quantity: (buf, path) => (decodeWith(buf, WELL_KNOWN_TABLES.Quantity, path) as { string?: string }).string ?? '0',
  IntOrString: (buf, path) => {
    const v = decodeWith(buf, WELL_KNOWN_TABLES.IntOrString, path) as { type?: number; intVal?: number; strVal?: string };
    return v.type === 1 ? (v.strVal ?? '') : (v.intVal ?? 0);
  },
  // A Go named slice ([]string) gets a wrapper message in protobuf; JSON has the bare list.
  ExtraValue: (buf, path) => (decodeWith(buf, WELL_KNOWN_TABLES.ExtraValue, path) as { items?: Json[] }).items ?? [],
  // managedFields: the raw bytes are the JSON field set itself.
  FieldsV1: (buf, path) => {
    const raw = (decodeWith(buf, WELL_KNOWN_TABLES.FieldsV1, path) as { raw?: string }).raw;
    if (!raw) return {};
    try {
      return JSON.parse(Buffer.from(raw, 'base64').toString('utf8')) as Json;
    } catch {
      throw malformed(path, 'is not valid JSON');
    }
  },
};

const parsed = new Map<MessageTable, Map<number, FieldSpec>>();

function fieldsOf(table: MessageTable): Map<number, FieldSpec> {
  let specs = parsed.get(table);
  if (!specs) {
    specs = new Map(Object.entries(table).map(([no, line]) => [Number(no), parseField(line)]));
    parsed.set(table, specs);
  }
  return specs;
}

function malformed(path: string, what: string) {
  return badRequest(`the protobuf body could not be decoded: ${path || 'the object'} ${what}`);
}

const WIRE_NAMES = ['varint', '64-bit', 'length-delimited', 'start-group', 'end-group', '32-bit'];

function expectWire(f: WireField, wire: number, path: string): void {
  if (f.wire !== wire) {
    throw malformed(path, `(field ${f.no}) is ${WIRE_NAMES[f.wire] ?? f.wire} on the wire, expected ${WIRE_NAMES[wire]}`);
  }
}

function scalarOfVarint(v: bigint, type: Scalar): Json {
  if (type === 'bool') return v !== 0n;
  // int32 and int64 negatives are both sign-extended to 64 bits on the wire.
  return Number(BigInt.asIntN(64, v));
}

function scalar(f: WireField, type: Scalar, path: string): Json {
  if (type === 'string' || type === 'bytes') {
    expectWire(f, WIRE_BYTES, path);
    return type === 'string' ? f.bytes!.toString('utf8') : f.bytes!.toString('base64');
  }
  expectWire(f, WIRE_VARINT, path);
  return scalarOfVarint(f.int!, type);
}

/** One value of `type` (a single element for repeated fields, the value half of a map entry). */
function value(f: WireField, type: string, path: string): Json {
  if (isScalar(type)) return scalar(f, type, path);
  expectWire(f, WIRE_BYTES, path);
  return isWellKnown(type) ? WELL_KNOWN_JSON[type](f.bytes!, path) : decodeMessage(f.bytes!, type, path);
}

function zeroOf(type: string): Json {
  if (type === 'string' || type === 'bytes') return '';
  if (type === 'bool') return false;
  if (type === 'int32' || type === 'int64') return 0;
  return value({ no: 2, wire: WIRE_BYTES, bytes: Buffer.alloc(0) }, type, '');
}

function isZero(v: Json): boolean {
  return v === '' || v === 0 || v === false;
}

function mapEntry(f: WireField, spec: FieldSpec, path: string): [string, Json] {
  expectWire(f, WIRE_BYTES, path);
  let key = '';
  let val: Json | undefined;
  for (const e of readFields(f.bytes!)) {
    if (e.no === 1) key = scalar(e, 'string', `${path} key`) as string;
    else if (e.no === 2) val = value(e, spec.type, `${path}[${JSON.stringify(key)}]`);
  }
  return [key, val ?? zeroOf(spec.type)];
}

function decodeWith(buf: Buffer, table: MessageTable, path: string): { [key: string]: Json } {
  const specs = fieldsOf(table);
  const out: { [key: string]: Json } = {};
  for (const f of readFields(buf)) {
    const spec = specs.get(f.no);
    if (!spec) continue; // unknown fields are skipped, as kube-apiserver's decoder does
    const at = spec.inline ? path : path ? `${path}.${spec.json}` : spec.json;
    if (spec.inline) {
      expectWire(f, WIRE_BYTES, at);
      Object.assign(out, decodeMessage(f.bytes!, spec.type, at));
    } else if (spec.map) {
      const [k, v] = mapEntry(f, spec, at);
      ((out[spec.json] ??= {}) as { [key: string]: Json })[k] = v;
    } else if (spec.repeated) {
      const list = (out[spec.json] ??= []) as Json[];
      if (isScalar(spec.type) && spec.type !== 'string' && spec.type !== 'bytes' && f.wire === WIRE_BYTES) {
        for (const v of readPackedVarints(f.bytes!)) list.push(scalarOfVarint(v, spec.type));
      } else {
        list.push(value(f, spec.type, `${at}[${list.length}]`));
      }
    } else {
      // Only scalars are omitempty-dropped: Go's JSON writes structs (IntOrString 0, Quantity "0") regardless.
      const v = value(f, spec.type, at);
      if (isScalar(spec.type) && isZero(v) && !spec.keepZero) delete out[spec.json];
      else out[spec.json] = v;
    }
  }
  return out;
}

/** Decodes one message of the named table (`Pod`, `ObjectMeta`, …) into its JSON form. */
export function decodeMessage(buf: Buffer, typeName: string, path = ''): { [key: string]: Json } {
  const table = MESSAGES[typeName];
  if (!table) throw new Error(`protobuf type table: no message named ${typeName}`);
  return decodeWith(buf, table, path);
}

/** Table names a field or one of `roots` refers to that have no table (empty when the tables are consistent). */
export function missingMessageTypes(roots: string[]): string[] {
  const missing = new Set<string>();
  for (const root of [...roots, ...Object.values(ANY_VERSION_KINDS), 'Unknown']) {
    if (!MESSAGES[root]) missing.add(root);
  }
  for (const table of Object.values(MESSAGES)) {
    for (const spec of fieldsOf(table).values()) {
      if (!isScalar(spec.type) && !isWellKnown(spec.type) && !MESSAGES[spec.type]) missing.add(spec.type);
    }
  }
  return [...missing];
}
