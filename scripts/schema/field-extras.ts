// What kubernetes-models cannot tell the schema generator, kept by hand: the patch merge keys and strategies,
// list and map types and base64 maps of fields (transcribed from the `patchStrategy`/`patchMergeKey`/`+listType`
// tags of Kubernetes' Go types), and the OpenAPI shapes of the types it declares as bare aliases (Time,
// IntOrString, Quantity with its description), as kube-apiserver publishes them.
import type { Schema } from './definitions';

export const FIELD_EXTRAS: Record<string, Schema> = (() => {
  const m = (key: string, strategy = 'merge') => ({ 'x-kubernetes-patch-merge-key': key, 'x-kubernetes-patch-strategy': strategy });
  const atomic = { 'x-kubernetes-list-type': 'atomic' };
  const byType = m('type');
  const core = 'io.k8s.api.core.v1.';
  const meta = 'io.k8s.apimachinery.pkg.apis.meta.v1.';
  const t: Record<string, Schema> = {
    [`${meta}ObjectMeta.finalizers`]: { 'x-kubernetes-patch-strategy': 'merge' },
    [`${meta}ObjectMeta.ownerReferences`]: m('uid'),
    [`${core}PodSpec.containers`]: m('name'),
    [`${core}PodSpec.initContainers`]: m('name'),
    [`${core}PodSpec.ephemeralContainers`]: m('name'),
    [`${core}PodSpec.imagePullSecrets`]: m('name'),
    [`${core}PodSpec.hostAliases`]: m('ip'),
    [`${core}PodSpec.volumes`]: m('name', 'merge,retainKeys'),
    [`${core}PodSpec.nodeSelector`]: { 'x-kubernetes-map-type': 'atomic' },
    [`${core}PodSpec.topologySpreadConstraints`]: {
      ...m('topologyKey'), 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['topologyKey', 'whenUnsatisfiable'] },
    [`${core}PodSpec.schedulingGates`]: { ...m('name'), 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'] },
    [`${core}PodSpec.resourceClaims`]: {
      ...m('name', 'merge,retainKeys'), 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'] },
    [`${core}PodStatus.conditions`]: byType,
    [`${core}PodStatus.podIPs`]: m('ip'),
    [`${core}PodStatus.hostIPs`]: { ...m('ip'), ...atomic },
    [`${core}PodStatus.nodeAllocatableResourceClaimStatuses`]: m('resourceClaimName'),
    [`${core}ContainerStatus.volumeMounts`]: m('mountPath'),
    [`${core}ContainerStatus.allocatedResourcesStatus`]: m('name'),
    [`${core}PodStatus.resourceClaimStatuses`]: {
      ...m('name', 'merge,retainKeys'), 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'] },
    [`${core}ResourceRequirements.claims`]: { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'] },
    [`${core}ServiceAccount.secrets`]: m('name'),
    // base64 maps: kubernetes-models types the values as plain strings.
    [`${core}Secret.data`]: { additionalProperties: { type: 'string', format: 'byte' } },
    [`${core}ConfigMap.binaryData`]: { additionalProperties: { type: 'string', format: 'byte' } },
    [`${core}ServiceSpec.ports`]: { ...m('port'), 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['port', 'protocol'] },
    [`${core}ServiceSpec.selector`]: { 'x-kubernetes-map-type': 'atomic' },
    [`${core}ServiceSpec.clusterIPs`]: atomic,
    [`${core}ServiceSpec.ipFamilies`]: atomic,
    [`${core}ServiceStatus.conditions`]: { ...byType, 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'] },
    [`${core}LoadBalancerIngress.ports`]: atomic,
    [`${core}NamespaceStatus.conditions`]: byType,
    [`${core}NodeSpec.podCIDRs`]: { 'x-kubernetes-patch-strategy': 'merge' },
    [`${core}NodeStatus.addresses`]: byType,
    [`${core}NodeStatus.conditions`]: byType,
    [`${core}PersistentVolumeClaimStatus.conditions`]: byType,
    [`${core}PersistentVolumeSpec.claimRef`]: { 'x-kubernetes-map-type': 'granular' },
    [`${core}TopologySpreadConstraint.matchLabelKeys`]: atomic,
    [`${core}PodAffinityTerm.matchLabelKeys`]: atomic,
    [`${core}PodAffinityTerm.mismatchLabelKeys`]: atomic,
    'io.k8s.api.apps.v1.DeploymentSpec.strategy': { 'x-kubernetes-patch-strategy': 'retainKeys' },
    'io.k8s.api.apps.v1.DeploymentStatus.conditions': byType,
    'io.k8s.api.apps.v1.ReplicaSetStatus.conditions': byType,
    'io.k8s.api.apps.v1.StatefulSetStatus.conditions': byType,
    'io.k8s.api.apps.v1.DaemonSetStatus.conditions': byType,
    'io.k8s.api.batch.v1.JobStatus.conditions': { ...byType, ...atomic },
  };
  // Containers and ephemeral containers share these lists.
  for (const c of ['Container', 'EphemeralContainer']) {
    t[`${core}${c}.env`] = m('name');
    t[`${core}${c}.volumeMounts`] = m('mountPath');
    t[`${core}${c}.volumeDevices`] = m('devicePath');
    t[`${core}${c}.resizePolicy`] = atomic;
    t[`${core}${c}.ports`] = {
      ...m('containerPort'), 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['containerPort', 'protocol'] };
  }
  return t;
})();

/** Types kubernetes-models declares as bare aliases; their OpenAPI shapes as kube-apiserver publishes them (v3). */
export const ALIASES: Record<string, Schema> = {
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': { type: 'string', format: 'date-time' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime': { type: 'string', format: 'date-time' },
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }] },
  'io.k8s.apimachinery.pkg.api.resource.Quantity': {
    description:
      'Quantity is a fixed-point representation of a number. It provides convenient marshaling/unmarshaling in JSON and YAML, in addition to String() and AsInt64() accessors.\n\nThe serialization format is:\n\n``` <quantity>        ::= <signedNumber><suffix>\n\n\t(Note that <suffix> may be empty, from the "" case in <decimalSI>.)\n\n<digit>           ::= 0 | 1 | ... | 9 <digits>          ::= <digit> | <digit><digits> <number>          ::= <digits> | <digits>.<digits> | <digits>. | .<digits> <sign>            ::= "+" | "-" <signedNumber>    ::= <number> | <sign><number> <suffix>          ::= <binarySI> | <decimalExponent> | <decimalSI> <binarySI>        ::= Ki | Mi | Gi | Ti | Pi | Ei\n\n\t(International System of units; See: http://physics.nist.gov/cuu/Units/binary.html)\n\n<decimalSI>       ::= m | "" | k | M | G | T | P | E\n\n\t(Note that 1024 = 1Ki but 1000 = 1k; I didn\'t choose the capitalization.)\n\n<decimalExponent> ::= "e" <signedNumber> | "E" <signedNumber> ```\n\nNo matter which of the three exponent forms is used, no quantity may represent a number greater than 2^63-1 in magnitude, nor may it have more than 3 decimal places. Numbers larger or more precise will be capped or rounded up. (E.g.: 0.1m will rounded up to 1m.) This may be extended in the future if we require larger or smaller quantities.\n\nWhen a Quantity is parsed from a string, it will remember the type of suffix it had, and will use the same type again when it is serialized.\n\nBefore serializing, Quantity will be put in "canonical form". This means that Exponent/suffix will be adjusted up or down (with a corresponding increase or decrease in Mantissa) such that:\n\n- No precision is lost - No fractional digits will be emitted - The exponent (or suffix) is as large as possible.\n\nThe sign will be omitted unless the number is negative.\n\nExamples:\n\n- 1.5 will be serialized as "1500m" - 1.5Gi will be serialized as "1536Mi"\n\nNote that the quantity will NEVER be internally represented by a floating point number. That is the whole point of this exercise.\n\nNon-canonical values will still parse as long as they are well formed, but will be re-emitted in their canonical form. (So always use canonical form, or don\'t diff.)\n\nThis format is intended to make it difficult to use these numbers without writing some sort of special handling code in the hopes that that will cause implementors to also use a fixed point implementation.',
    oneOf: [{ type: 'string' }, { type: 'number' }],
  },
};
