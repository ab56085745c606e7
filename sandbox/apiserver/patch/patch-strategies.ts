// Which fields strategic merge patch treats specially, per Go type of k8s.io/api: the `patchStrategy` and
// `patchMergeKey` struct tags (`Containers []Container patchStrategy:"merge" patchMergeKey:"name"`). kube-apiserver
// finds them by reflection on its Go structs; we have no structs, so this table is our reflection. It lists only the
// fields that carry a tag or lead to one, for the kinds in api/registry.ts. Every other field has no strategy: maps
// merge key by key and lists are replaced whole — args, command, tolerations, Endpoints subsets, Ingress rules…
// test/…/patch-strategies.test.ts checks the table against the x-kubernetes-patch-* extensions of our OpenAPI schemas.

export interface FieldPatchMeta {
  /** Go type of the field's value (of its elements, for a list) when fields below it have tags. */
  type?: string;
  /** The patchStrategy tag: 'merge', 'retainKeys' or 'merge,retainKeys'. */
  strategy?: string;
  /** The patchMergeKey tag: the element field that identifies an element of a merged list of objects. */
  mergeKey?: string;
}

type TypeTable = Record<string, Record<string, FieldPatchMeta>>;

/** A list merged by `mergeKey` (objects) or as a set (primitives, no key). */
const mergeList = (mergeKey?: string, type?: string): FieldPatchMeta => ({ strategy: 'merge', mergeKey, type });
/** A list merged by `mergeKey` whose elements are also cleared of fields missing from `$retainKeys` by apply. */
const mergeRetainList = (mergeKey: string, type?: string): FieldPatchMeta => ({ strategy: 'merge,retainKeys', mergeKey, type });
/** A struct field without a tag of its own, listed because tagged fields sit below it. */
const struct = (type: string): FieldPatchMeta => ({ type });

const objectMeta = { metadata: struct('ObjectMeta') };
const conditions = { conditions: mergeList('type') };

const containerLists = {
  ports: mergeList('containerPort'),
  env: mergeList('name'),
  volumeMounts: mergeList('mountPath'),
  volumeDevices: mergeList('devicePath'),
};

/** Go types with tagged fields (or a path to them), by type name. */
const TYPES: TypeTable = {
  ObjectMeta: { finalizers: mergeList(), ownerReferences: mergeList('uid') },

  PodSpec: {
    volumes: mergeRetainList('name', 'Volume'),
    initContainers: mergeList('name', 'Container'),
    containers: mergeList('name', 'Container'),
    ephemeralContainers: mergeList('name', 'EphemeralContainer'),
    imagePullSecrets: mergeList('name'),
    hostAliases: mergeList('ip'),
    topologySpreadConstraints: mergeList('topologyKey'),
    schedulingGates: mergeList('name'),
    resourceClaims: mergeRetainList('name'),
  },
  Container: containerLists,
  EphemeralContainer: containerLists,
  Volume: { ephemeral: struct('EphemeralVolumeSource') },
  EphemeralVolumeSource: { volumeClaimTemplate: struct('PersistentVolumeClaimTemplate') },
  PersistentVolumeClaimTemplate: objectMeta,
  PodTemplateSpec: { ...objectMeta, spec: struct('PodSpec') },
  PodStatus: {
    ...conditions,
    hostIPs: mergeList('ip'),
    podIPs: mergeList('ip'),
    resourceClaimStatuses: mergeRetainList('name'),
    nodeAllocatableResourceClaimStatuses: mergeList('resourceClaimName'),
  },

  Pod: { ...objectMeta, spec: struct('PodSpec'), status: struct('PodStatus') },
  Service: { ...objectMeta, spec: struct('ServiceSpec'), status: struct('ServiceStatus') },
  ServiceSpec: { ports: mergeList('port') },
  ServiceStatus: conditions,
  ServiceAccount: { ...objectMeta, secrets: mergeList('name') },
  Node: { ...objectMeta, spec: struct('NodeSpec'), status: struct('NodeStatus') },
  NodeSpec: { podCIDRs: mergeList() },
  NodeStatus: { ...conditions, addresses: mergeList('type') },
  Namespace: { ...objectMeta, status: struct('NamespaceStatus') },
  NamespaceStatus: conditions,
  PersistentVolumeClaim: { ...objectMeta, status: struct('PersistentVolumeClaimStatus') },
  PersistentVolumeClaimStatus: conditions,

  Deployment: { ...objectMeta, spec: struct('DeploymentSpec'), status: struct('DeploymentStatus') },
  // retainKeys on a struct only shapes the patches clients compute; the server honours `$retainKeys` wherever it is.
  DeploymentSpec: { template: struct('PodTemplateSpec'), strategy: { strategy: 'retainKeys' } },
  DeploymentStatus: conditions,
  ReplicaSet: { ...objectMeta, spec: struct('ReplicaSetSpec'), status: struct('ReplicaSetStatus') },
  ReplicaSetSpec: { template: struct('PodTemplateSpec') },
  ReplicaSetStatus: conditions,
  StatefulSet: { ...objectMeta, spec: struct('StatefulSetSpec'), status: struct('StatefulSetStatus') },
  StatefulSetSpec: { template: struct('PodTemplateSpec') },
  StatefulSetStatus: conditions,
  DaemonSet: { ...objectMeta, spec: struct('DaemonSetSpec'), status: struct('DaemonSetStatus') },
  DaemonSetSpec: { template: struct('PodTemplateSpec') },
  DaemonSetStatus: conditions,
  Job: { ...objectMeta, spec: struct('JobSpec'), status: struct('JobStatus') },
  JobSpec: { template: struct('PodTemplateSpec') },
  JobStatus: conditions,
  CronJob: { ...objectMeta, spec: struct('CronJobSpec') },
  CronJobSpec: { jobTemplate: struct('JobTemplateSpec') },
  JobTemplateSpec: { ...objectMeta, spec: struct('JobSpec') },

  // Kinds whose only tagged fields are in their metadata. Scale is what the scale subresource patches.
  ...Object.fromEntries(
    [
      'ConfigMap', 'Secret', 'Endpoints', 'Event', 'PersistentVolume', 'ControllerRevision', 'Ingress', 'IngressClass',
      'EndpointSlice', 'Lease', 'StorageClass', 'Scale', 'NetworkPolicy', 'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding',
      'ResourceQuota', 'LimitRange', 'PodDisruptionBudget', 'HorizontalPodAutoscaler', 'PriorityClass', 'CustomResourceDefinition',
    ].map((kind) => [kind, objectMeta]),
  ),
};

/** The Go type at the root of an object of this kind (the kind's own struct), if we know its tags. */
export function rootTypeOf(kind: string): string | undefined {
  return Object.hasOwn(TYPES, kind) ? kind : undefined;
}

/** Tags of `field` in Go type `type`; {} for untagged fields and for types the table does not describe. */
export function lookupPatchMeta(type: string | undefined, field: string): FieldPatchMeta {
  if (!type || !Object.hasOwn(TYPES, type)) return {};
  const fields = TYPES[type];
  return Object.hasOwn(fields, field) ? fields[field] : {};
}

/** The strategy that decides merging ('merge', 'replace' or ''), without the client-side-only 'retainKeys'. */
export function mergeStrategyOf(meta: FieldPatchMeta): string {
  return (meta.strategy ?? '').split(',').find((s) => s !== 'retainKeys') ?? '';
}

/** Every Go type the table describes (for the test that compares it with the OpenAPI schemas). */
export function describedTypes(): string[] {
  return Object.keys(TYPES);
}
