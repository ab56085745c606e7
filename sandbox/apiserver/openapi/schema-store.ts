// The OpenAPI schemas of our kinds and everything they reference, generated from kubernetes-models into schemas.json
// by scripts/gen-schema.ts. Loaded lazily (it is ~0.5 MB of descriptions) and shared by the served OpenAPI documents,
// strict field validation and anything that wants to explain a field.
//
// Stored compactly: a `$ref` is the bare definition name (`io.k8s.api.core.v1.PodSpec`) and sits beside the field's
// description; the served documents expand it to `#/components/schemas/…` with the `allOf` wrapper the real server uses.
import fs from 'node:fs';
import path from 'node:path';

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/** One OpenAPI schema as stored in schemas.json. */
export interface SchemaNode {
  description?: string;
  type?: string;
  format?: string;
  enum?: string[];
  $ref?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  additionalProperties?: SchemaNode;
  required?: string[];
  oneOf?: SchemaNode[];
  'x-kubernetes-group-version-kind'?: GroupVersionKind[];
  [extension: `x-${string}`]: unknown;
}

let definitions: Record<string, SchemaNode> | undefined;

/** Every definition by name (io.k8s.api.core.v1.Pod, io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta, …). */
export function allDefinitions(): Readonly<Record<string, SchemaNode>> {
  definitions ??= JSON.parse(fs.readFileSync(path.join(__dirname, 'schemas.json'), 'utf8')).definitions as Record<string, SchemaNode>;
  return definitions;
}

export function definition(name: string): SchemaNode | undefined {
  return allDefinitions()[name];
}

/** Splits `apps/v1` into group and version (`v1` → core group ''). */
export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

let byGVK: Map<string, string> | undefined;

/** Definition name of the kind with this apiVersion, e.g. ('apps/v1', 'Deployment') → io.k8s.api.apps.v1.Deployment. */
export function definitionNameFor(apiVersion: string, kind: string): string | undefined {
  if (!byGVK) {
    byGVK = new Map();
    for (const [name, schema] of Object.entries(allDefinitions())) {
      for (const gvk of schema['x-kubernetes-group-version-kind'] ?? []) byGVK.set(gvkKey(gvk), name);
    }
  }
  return byGVK.get(gvkKey({ ...parseApiVersion(apiVersion), kind }));
}

function gvkKey(gvk: GroupVersionKind): string {
  return `${gvk.group}/${gvk.version}/${gvk.kind}`;
}

/** The stored schema of a kind (refs are bare definition names; resolve them with `definition`). */
export function schemaFor(apiVersion: string, kind: string): SchemaNode | undefined {
  const name = definitionNameFor(apiVersion, kind);
  return name ? definition(name) : undefined;
}

/** Follows a `$ref` (if any) to the definition it names. */
export function resolve(node: SchemaNode): SchemaNode {
  return node.$ref ? (definition(node.$ref) ?? {}) : node;
}
