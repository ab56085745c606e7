// Unknown-field detection behind fieldValidation=Strict|Warn. kube-apiserver decodes built-in kinds into typed Go
// structs, so every JSON key without a struct field is "unknown" — inside metadata (ObjectMeta is a struct too) and
// status as much as spec — while maps (labels, annotations, data, resources.limits) and raw blobs (FieldsV1,
// RawExtension) accept any key. The paths are spelled as the strict decoder spells them: `spec.containers[0].imagee`.
import { definitionNameFor, definition, resolve, type SchemaNode } from './schema-store';

/** JSON paths of the fields of `obj` that the schema of apiVersion/kind does not know; [] for kinds we have no schema for. */
export function unknownFields(apiVersion: string, kind: string, obj: unknown): string[] {
  const name = definitionNameFor(apiVersion, kind);
  if (!name) return [];
  const found: string[] = [];
  walk(definition(name)!, obj, '', found);
  return found;
}

function walk(node: SchemaNode, value: unknown, at: string, found: string[]): void {
  if (value === null || value === undefined) return;
  const schema = resolve(node);
  if (Array.isArray(value)) {
    if (schema.items) value.forEach((item, i) => walk(schema.items!, item, `${at}[${i}]`, found));
    return;
  }
  if (typeof value !== 'object') return;
  const entries = Object.entries(value as Record<string, unknown>);
  if (schema.properties) {
    for (const [key, child] of entries) {
      const field = at ? `${at}.${key}` : key;
      const sub = schema.properties[key];
      if (sub) walk(sub, child, field, found);
      else found.push(field);
    }
  } else if (schema.additionalProperties) {
    for (const [key, child] of entries) walk(schema.additionalProperties, child, at ? `${at}.${key}` : key, found);
  }
  // Neither properties nor additionalProperties: a free-form object (FieldsV1, RawExtension) or a scalar type.
}
