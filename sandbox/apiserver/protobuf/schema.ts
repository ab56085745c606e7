// The notation of the type tables in ./types, and its parser. Kubernetes objects are described as data — field
// number → JSON name and type, copied from k8s.io/api's generated.proto and Go struct tags — so that covering one
// more kind means adding table lines, not writing a decoder.
//
// One table line is `'<name>: <type>'`:
//   - `<type>` is a scalar (`string`, `bytes`, `bool`, `int32`, `int64`), a well-known type (`Time`, `Quantity`,
//     `IntOrString`, `FieldsV1`, `ExtraValue`) or the name of another table;
//   - `[]<type>` is a repeated field, `map[string]<type>` a map;
//   - a leading `*` keeps zero values (`*replicas: int32`): the Go field is a pointer, or its JSON tag has no
//     omitempty. Kubernetes' encoder writes every non-pointer field even when it is zero, so without the `*` a zero
//     scalar is dropped, exactly as JSON's omitempty would drop it; with it, `replicas: 0` survives.
//   - `'...<type>'` is an embedded Go struct whose fields appear directly in the parent's JSON (Volume's VolumeSource).
// Messages (including the well-known types) are kept whenever they are on the wire, as Go's JSON keeps structs.

export type MessageTable = Readonly<Record<number, string>>;

export const SCALARS = ['string', 'bytes', 'bool', 'int32', 'int64'] as const;
export const WELL_KNOWN = ['Time', 'Quantity', 'IntOrString', 'FieldsV1', 'ExtraValue'] as const;
export type Scalar = (typeof SCALARS)[number];
export type WellKnown = (typeof WELL_KNOWN)[number];

export interface FieldSpec {
  /** The JSON field name ('' for an inlined struct). */
  json: string;
  /** A scalar, a well-known type or a message table name. */
  type: string;
  repeated: boolean;
  map: boolean;
  inline: boolean;
  keepZero: boolean;
}

const LINE = /^(\*?)([A-Za-z][A-Za-z0-9]*): (\[\])?(map\[string\])?([A-Za-z][A-Za-z0-9]*)$/;
const INLINE = /^\.\.\.([A-Za-z][A-Za-z0-9]*)$/;

export function isScalar(type: string): type is Scalar {
  return (SCALARS as readonly string[]).includes(type);
}

export function isWellKnown(type: string): type is WellKnown {
  return (WELL_KNOWN as readonly string[]).includes(type);
}

/** Parses one table line; throws on a line that does not follow the notation (a bug in a table, not in a request). */
export function parseField(line: string): FieldSpec {
  const inline = INLINE.exec(line);
  if (inline) return { json: '', type: inline[1], repeated: false, map: false, inline: true, keepZero: false };
  const m = LINE.exec(line);
  if (!m || (m[3] && m[4])) throw new Error(`protobuf type table: cannot parse field "${line}"`);
  return { json: m[2], type: m[5], repeated: !!m[3], map: !!m[4], inline: false, keepZero: m[1] === '*' };
}
