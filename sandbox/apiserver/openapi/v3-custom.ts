// The OpenAPI v3 documents of a cluster's custom resources, as kube-apiserver publishes a CRD's group/version: the
// REST paths (without strategic merge patch, which custom resources do not take), and a schema per kind named like
// `com.example.stable.v1.CronTab` — the CRD's openAPIV3Schema with apiVersion, kind and metadata added and the
// x-kubernetes-group-version-kind that `kubectl explain crontab` looks the kind up by.
import type { ResourceInfo } from '../../api/registry';
import type { CustomResourceTable } from '../custom/served-resources';
import { schemaClosure, servedDocument, type ServedDocument } from './v3-document';
import { referencedSchemas, resourcePaths } from './v3-paths';

type Json = Record<string, unknown>;

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1.';
const API_VERSION = {
  type: 'string',
  description: 'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources',
};
const KIND = {
  type: 'string',
  description: 'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds',
};
const metaRef = (type: string, description: string) => ({ description, allOf: [{ $ref: `#/components/schemas/${META}${type}` }] });

/** `com.example.stable.v1.CronTab`: the group reversed, the version, the kind. */
export function customSchemaName(res: ResourceInfo, kind = res.kind): string {
  return `${res.group.split('.').reverse().join('.')}.${res.version}.${kind}`;
}

function objectSchema(res: ResourceInfo, schema: Json): Json {
  const own = structuredClone(schema);
  const properties = { ...((own.properties as Json | undefined) ?? {}) };
  return {
    ...own,
    type: 'object',
    properties: {
      apiVersion: API_VERSION,
      kind: KIND,
      metadata: metaRef('ObjectMeta', "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"),
      ...Object.fromEntries(Object.entries(properties).filter(([k]) => !['apiVersion', 'kind', 'metadata'].includes(k))),
    },
    'x-kubernetes-group-version-kind': [{ group: res.group, kind: res.kind, version: res.version }],
  };
}

function listSchema(res: ResourceInfo): Json {
  return {
    description: `${res.kind}List is a list of ${res.kind}`,
    type: 'object',
    required: ['items'],
    properties: {
      apiVersion: API_VERSION,
      items: {
        description: `List of ${res.plural}. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md`,
        type: 'array',
        items: { $ref: `#/components/schemas/${customSchemaName(res)}` },
      },
      kind: KIND,
      metadata: metaRef('ListMeta', 'Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds'),
    },
    'x-kubernetes-group-version-kind': [{ group: res.group, kind: `${res.kind}List`, version: res.version }],
  };
}

/** The document of a custom group/version, or undefined when no CRD serves it. */
export function customDocument(table: CustomResourceTable, group: string, version: string): ServedDocument | undefined {
  const resources = table.resources().filter((r) => r.group === group && r.version === version);
  if (!resources.length) return undefined;
  const paths: Record<string, unknown> = {};
  const own: Record<string, Json> = {};
  for (const res of resources) {
    const schema = customSchemaName(res);
    const list = customSchemaName(res, `${res.kind}List`);
    Object.assign(paths, resourcePaths(res, { schema, list }));
    own[schema] = objectSchema(res, (table.schemaOf(res) ?? {}) as Json);
    own[list] = listSchema(res);
  }
  const builtin = new Set([...referencedSchemas(paths), ...referencedSchemas(own)].filter((n) => !own[n]));
  const all: Record<string, unknown> = { ...schemaClosure(builtin), ...own };
  return servedDocument(paths, Object.fromEntries(Object.keys(all).sort().map((k) => [k, all[k]])));
}
