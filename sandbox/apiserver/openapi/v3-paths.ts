// The `paths` section of a group/version's OpenAPI v3 document: the REST operations we serve for each resource, shaped
// like kube-apiserver's. kubectl reads more from them than one would guess:
//   - `explain` finds a resource's kind through the `x-kubernetes-group-version-kind` of its operations;
//   - `apply`/`create`/`patch` (1.27+) send `fieldValidation=Strict` and skip client-side schema validation only when
//     the PATCH operation of that kind declares a `fieldValidation` query parameter;
//   - `apply` (1.29+) computes strategic merge patches from these schemas only when the PATCH operation accepts
//     `application/strategic-merge-patch+json` — so the schemas must carry patch merge keys (they do).
import { apiVersionOf, type ResourceInfo } from '../../api/registry';
import { RESOURCES } from '../kinds/registry';
import { definitionNameFor } from './schema-store';

type Json = Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const stringParam = (name: string, description: string, extra: Json = {}) => ({
  name,
  in: 'query',
  description,
  schema: { type: 'string', uniqueItems: true },
  ...extra,
});

const PRETTY = stringParam('pretty', "If 'true', then the output is pretty printed. Defaults to 'false' unless the user-agent indicates a browser or command-line HTTP tool (curl and wget).");
const DRY_RUN = stringParam('dryRun', 'When present, indicates that modifications should not be persisted. An invalid or unrecognized dryRun directive will result in an error response and no further processing of the request. Valid values are: - All: all dry run stages will be processed');
const FIELD_MANAGER = stringParam('fieldManager', 'fieldManager is a name associated with the actor or entity that is making these changes. The value must be less than or 128 characters long, and only contain printable characters, as defined by https://golang.org/pkg/unicode/#IsPrint.');
const FIELD_VALIDATION = stringParam('fieldValidation', 'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore: This will ignore any unknown fields that are silently dropped from the object, and will ignore all but the last duplicate field that the decoder encounters. This is the default behavior prior to v1.23. - Warn: This will send a warning via the standard warning response header for each unknown field that is dropped from the object, and for each duplicate field that is encountered. The request will still succeed if there are no other errors, and will only persist the last of any duplicate fields. This is the default in v1.23+ - Strict: This will fail the request with a BadRequest error if any unknown fields would be dropped from the object, or if any duplicate fields are present. The error returned from the server will contain all unknown and duplicate fields encountered.');
const FORCE = { ...stringParam('force', 'Force is going to "force" Apply requests. It means user will re-acquire conflicting fields owned by other people. Force flag must be unset for non-apply patch requests.'), schema: { type: 'boolean', uniqueItems: true } };
const LIST_PARAMS = [
  stringParam('labelSelector', 'A selector to restrict the list of returned objects by their labels. Defaults to everything.'),
  stringParam('fieldSelector', 'A selector to restrict the list of returned objects by their fields. Defaults to everything.'),
  stringParam('resourceVersion', 'resourceVersion sets a constraint on what resource versions a request may be served from.'),
  { ...stringParam('watch', 'Watch for changes to the described resources and return them as a stream of add, update, and remove notifications.'), schema: { type: 'boolean', uniqueItems: true } },
];
const pathParam = (name: string, description: string) => ({ name, in: 'path', description, required: true, schema: { type: 'string', uniqueItems: true } });
const NAMESPACE = pathParam('namespace', 'object name and auth scope, such as for teams and projects');

const PATCH_TYPES = ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json'];
const PATCH_SCHEMA = 'io.k8s.apimachinery.pkg.apis.meta.v1.Patch';

/** `CoreV1`, `AppsV1`, `NetworkingV1`: the group/version part of kube-apiserver's operation ids. */
function opGroup(res: ResourceInfo): string {
  const g = (res.group || 'core').split('.')[0];
  return `${g[0].toUpperCase()}${g.slice(1)}${res.version[0].toUpperCase()}${res.version.slice(1)}`;
}

function definitionName(res: ResourceInfo, kind = res.kind): string {
  const name = definitionNameFor(apiVersionOf(res), kind);
  if (!name) throw new Error(`no schema for ${apiVersionOf(res)} ${kind}: run scripts/gen-schema.ts`);
  return name;
}

interface Target { schema: string; gvk: Json }

/** One operation. Its id is kube-apiserver's: `patchAppsV1NamespacedDeploymentScale`, `listCoreV1PodForAllNamespaces`. */
function operation(res: ResourceInfo, action: string, verb: string, description: string, target: Target, opts: {
  /** what follows verb and group in the operation id, when not `[Namespaced]<Kind><suffix>` */
  id?: string; suffix?: string; params?: Json[]; body?: 'object' | 'patch'; response?: string; patchTypes?: string[];
}): Json {
  const id = opts.id ?? `${res.namespaced ? 'Namespaced' : ''}${res.kind}${opts.suffix ?? ''}`;
  const content = (schema: string) => ({ 'application/json': { schema: ref(schema) }, 'application/yaml': { schema: ref(schema) } });
  return {
    tags: [`${(res.group || 'core').split('.')[0]}_${res.version}`],
    description,
    operationId: `${verb}${opGroup(res)}${id}`,
    ...(opts.params?.length ? { parameters: opts.params } : {}),
    ...(opts.body === 'object' ? { requestBody: { content: content(target.schema), required: true } } : {}),
    ...(opts.body === 'patch'
      ? { requestBody: { content: Object.fromEntries((opts.patchTypes ?? PATCH_TYPES).map((t) => [t, { schema: ref(PATCH_SCHEMA) }])), required: true } }
      : {}),
    responses: {
      '200': { description: 'OK', content: content(opts.response ?? target.schema) },
      ...(verb === 'create' || verb === 'replace' ? { '201': { description: 'Created', content: content(target.schema) } } : {}),
      '401': { description: 'Unauthorized' },
    },
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': target.gvk,
  };
}

const WRITE_PARAMS = [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION];

/** How a custom resource's paths differ: schemas of its own, and no strategic merge patch (kube-apiserver refuses it). */
export interface CustomPathOptions {
  schema: string;
  list: string;
}

const CUSTOM_PATCH_TYPES = PATCH_TYPES.filter((t) => !t.includes('strategic'));

/** Paths of one resource: collection, item, the all-namespaces list, and the status and scale subresources. */
export function resourcePaths(res: ResourceInfo, custom?: CustomPathOptions): Record<string, Json> {
  const prefix = res.group ? `/apis/${res.group}/${res.version}` : `/api/${res.version}`;
  const base = res.namespaced ? `${prefix}/namespaces/{namespace}/${res.plural}` : `${prefix}/${res.plural}`;
  const scopeParams = res.namespaced ? [NAMESPACE] : [];
  const nameParam = pathParam('name', `name of the ${res.kind}`);
  const self: Target = { schema: custom?.schema ?? definitionName(res), gvk: { group: res.group, version: res.version, kind: res.kind } };
  const list = custom?.list ?? definitionName(res, `${res.kind}List`);
  const patchTypes = custom ? CUSTOM_PATCH_TYPES : undefined;
  const status = 'io.k8s.apimachinery.pkg.apis.meta.v1.Status';
  const k = res.kind;

  const paths: Record<string, Json> = {
    [base]: {
      get: operation(res, 'list', 'list', `list or watch objects of kind ${k}`, self, { params: LIST_PARAMS, response: list }),
      post: operation(res, 'post', 'create', `create a ${k}`, self, { params: WRITE_PARAMS, body: 'object' }),
      delete: operation(res, 'deletecollection', 'delete', `delete collection of ${k}`, self, {
        id: `Collection${res.namespaced ? 'Namespaced' : ''}${k}`, params: LIST_PARAMS, response: status }),
      parameters: [...scopeParams, PRETTY],
    },
    [`${base}/{name}`]: {
      get: operation(res, 'get', 'read', `read the specified ${k}`, self, {}),
      put: operation(res, 'put', 'replace', `replace the specified ${k}`, self, { params: WRITE_PARAMS, body: 'object' }),
      patch: operation(res, 'patch', 'patch', `partially update the specified ${k}`, self, { params: [...WRITE_PARAMS, FORCE], body: 'patch', patchTypes }),
      delete: operation(res, 'delete', 'delete', `delete a ${k}`, self, { params: [DRY_RUN], response: status }),
      parameters: [nameParam, ...scopeParams, PRETTY],
    },
  };
  if (res.namespaced) {
    paths[`${prefix}/${res.plural}`] = {
      get: operation(res, 'list', 'list', `list or watch objects of kind ${k}`, self, { id: `${k}ForAllNamespaces`, params: LIST_PARAMS, response: list }),
      parameters: [PRETTY],
    };
  }
  for (const sub of res.subresources.filter((s) => s === 'status' || s === 'scale')) {
    const target: Target = sub === 'scale'
      ? { schema: 'io.k8s.api.autoscaling.v1.Scale', gvk: { group: 'autoscaling', version: 'v1', kind: 'Scale' } }
      : self;
    const Sub = sub === 'scale' ? 'Scale' : 'Status';
    paths[`${base}/{name}/${sub}`] = {
      get: operation(res, 'get', 'read', `read ${sub} of the specified ${k}`, target, { suffix: Sub }),
      put: operation(res, 'put', 'replace', `replace ${sub} of the specified ${k}`, target, { suffix: Sub, params: WRITE_PARAMS, body: 'object' }),
      patch: operation(res, 'patch', 'patch', `partially update ${sub} of the specified ${k}`, target, { suffix: Sub, params: [...WRITE_PARAMS, FORCE], body: 'patch', patchTypes }),
      parameters: [pathParam('name', `name of the ${sub === 'scale' ? 'Scale' : k}`), ...scopeParams, PRETTY],
    };
  }
  return paths;
}

/** All paths of one group/version, or undefined when we serve no such group/version. */
export function groupVersionPaths(group: string, version: string): Record<string, Json> | undefined {
  const resources = RESOURCES.filter((r) => r.group === group && r.version === version);
  if (!resources.length) return undefined;
  // Reviews and metrics.k8s.io have no schema of ours to offer; their group is listed with no paths.
  return Object.assign({}, ...resources.filter((r) => !r.review && !r.readOnly).map((r) => resourcePaths(r)));
}

/** Every `$ref`'d schema name in a JSON value (paths, or an expanded schema). */
export function referencedSchemas(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => referencedSchemas(v, into));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') into.add(v.replace('#/components/schemas/', ''));
      else referencedSchemas(v, into);
    }
  }
  return into;
}
