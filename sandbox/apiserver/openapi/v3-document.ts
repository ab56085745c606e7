// OpenAPI v3 documents as kube-apiserver publishes them: a root listing one document per group/version, and per
// group/version `paths` plus `components.schemas` holding every schema those paths reach. Each document is built
// once and addressed by a hash of its content, so kubectl's caches never mix two versions of a document.
import crypto from 'node:crypto';
import { gvString } from '../../api/registry';
import { groupVersions } from '../kinds/registry';
import { SERVER_VERSION } from '../discovery';
import { definition, type SchemaNode } from './schema-store';
import { groupVersionPaths, referencedSchemas } from './v3-paths';

type Json = Record<string, unknown>;

export interface ServedDocument {
  /** JSON text of the document. */
  body: string;
  /** Content hash, as in `?hash=` of the root's serverRelativeURL. */
  hash: string;
}

/** Stored schema → served schema: a `$ref` with siblings (a description) is wrapped in `allOf`, as the real server does. */
export function expandSchema(node: SchemaNode): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref') continue;
    if (key === 'properties') {
      out.properties = Object.fromEntries(Object.entries(value as Record<string, SchemaNode>).map(([k, v]) => [k, expandSchema(v)]));
    } else if (key === 'items' || key === 'additionalProperties') out[key] = expandSchema(value as SchemaNode);
    else if (key === 'oneOf') out.oneOf = (value as SchemaNode[]).map(expandSchema);
    else out[key] = value;
  }
  if (!node.$ref) return out;
  const ref = { $ref: `#/components/schemas/${node.$ref}` };
  return Object.keys(out).length ? { ...out, allOf: [ref] } : ref;
}

/** The schemas reachable from `roots`, expanded, by name. */
export function schemaClosure(roots: Set<string>): Record<string, Json> {
  const out: Record<string, Json> = {};
  const queue = [...roots];
  while (queue.length) {
    const name = queue.shift()!;
    if (out[name]) continue;
    const stored = definition(name);
    if (!stored) throw new Error(`schema ${name} is referenced but not generated: run scripts/gen-schema.ts`);
    out[name] = expandSchema(stored);
    for (const next of referencedSchemas(out[name])) if (!out[next]) queue.push(next);
  }
  return Object.fromEntries(Object.keys(out).sort().map((k) => [k, out[k]]));
}

function buildDocument(group: string, version: string): ServedDocument | undefined {
  const paths = groupVersionPaths(group, version);
  if (!paths) return undefined;
  return servedDocument(paths, schemaClosure(referencedSchemas(paths)));
}

/** A group/version document of these paths and schemas, with its hash. */
export function servedDocument(paths: Record<string, unknown>, schemas: Record<string, unknown>): ServedDocument {
  const doc = {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: SERVER_VERSION.gitVersion },
    paths,
    components: {
      schemas,
      securitySchemes: {
        BearerToken: { type: 'apiKey', description: 'Bearer Token authentication', name: 'authorization', in: 'header' },
      },
    },
    security: [{ BearerToken: [] }],
  };
  const body = JSON.stringify(doc);
  return { body, hash: crypto.createHash('sha512').update(body).digest('hex').toUpperCase() };
}

const documents = new Map<string, ServedDocument | undefined>();

/** The document of `api/v1` (group '') or `apis/<group>/<version>`; undefined for a group/version we do not serve. */
export function groupVersionDocument(group: string, version: string): ServedDocument | undefined {
  const key = gvString(group, version);
  if (!documents.has(key)) documents.set(key, buildDocument(group, version));
  return documents.get(key);
}

/** `api/v1` or `apis/apps/v1`: a group/version's key in the root document and its URL under /openapi/v3/. */
export function documentPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

/** The root document: where each group/version's document lives, with its current hash. */
export function v3Root(): { paths: Record<string, { serverRelativeURL: string }> } {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const { group, version } of groupVersions()) {
    const doc = groupVersionDocument(group, version)!;
    const at = documentPath(group, version);
    paths[at] = { serverRelativeURL: `/openapi/v3/${at}?hash=${doc.hash}` };
  }
  return { paths };
}
