// Decodes the protobuf request bodies kubectl 1.32+ sends for some `kubectl create` commands (namespace,
// configmap, secret, serviceaccount): the "k8s\0" envelope, runtime.Unknown, then the object, described as data
// (field number → JSON name and type) from k8s.io/api's generated.proto. Kinds we cannot decode get a 415 that
// names the kind, so the learner knows what failed.
import { badRequest, StatusError } from '../../api/errors';
import { readFields, type Field } from './wire';

export const PROTOBUF_CONTENT_TYPE = 'application/vnd.kubernetes.protobuf';
const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

type FieldType = 'string' | 'int' | 'bool' | 'bytes' | 'time' | 'intOrString' | 'quantity' | { message: string } | { map: 'string' | 'bytes' | 'quantity' };
interface FieldDef {
  name: string;
  type: FieldType;
  repeated?: boolean;
  /** An embedded Go struct: its fields appear directly in the parent's JSON (IngressRule's IngressRuleValue). */
  inline?: boolean;
}
type MessageDef = Record<number, FieldDef>;

const MESSAGES: Record<string, MessageDef> = {
  TypeMeta: { 1: { name: 'apiVersion', type: 'string' }, 2: { name: 'kind', type: 'string' } },
  ObjectMeta: {
    1: { name: 'name', type: 'string' },
    2: { name: 'generateName', type: 'string' },
    3: { name: 'namespace', type: 'string' },
    5: { name: 'uid', type: 'string' },
    6: { name: 'resourceVersion', type: 'string' },
    7: { name: 'generation', type: 'int' },
    8: { name: 'creationTimestamp', type: 'time' },
    11: { name: 'labels', type: { map: 'string' } },
    12: { name: 'annotations', type: { map: 'string' } },
    13: { name: 'ownerReferences', type: { message: 'OwnerReference' }, repeated: true },
    14: { name: 'finalizers', type: 'string', repeated: true },
  },
  OwnerReference: {
    1: { name: 'kind', type: 'string' },
    3: { name: 'name', type: 'string' },
    4: { name: 'uid', type: 'string' },
    5: { name: 'apiVersion', type: 'string' },
    6: { name: 'controller', type: 'bool' },
    7: { name: 'blockOwnerDeletion', type: 'bool' },
  },
  LocalObjectReference: { 1: { name: 'name', type: 'string' } },
  ObjectReference: { 1: { name: 'kind', type: 'string' }, 2: { name: 'namespace', type: 'string' }, 3: { name: 'name', type: 'string' } },
  Namespace: {
    1: { name: 'metadata', type: { message: 'ObjectMeta' } },
    2: { name: 'spec', type: { message: 'NamespaceSpec' } },
    3: { name: 'status', type: { message: 'NamespaceStatus' } },
  },
  NamespaceSpec: { 1: { name: 'finalizers', type: 'string', repeated: true } },
  NamespaceStatus: { 1: { name: 'phase', type: 'string' } },
  ConfigMap: {
    1: { name: 'metadata', type: { message: 'ObjectMeta' } },
    2: { name: 'data', type: { map: 'string' } },
    3: { name: 'binaryData', type: { map: 'bytes' } },
    4: { name: 'immutable', type: 'bool' },
  },
  Secret: {
    1: { name: 'metadata', type: { message: 'ObjectMeta' } },
    2: { name: 'data', type: { map: 'bytes' } },
    3: { name: 'type', type: 'string' },
    4: { name: 'stringData', type: { map: 'string' } },
    5: { name: 'immutable', type: 'bool' },
  },
  LabelSelector: {
    1: { name: 'matchLabels', type: { map: 'string' } },
    2: { name: 'matchExpressions', type: { message: 'LabelSelectorRequirement' }, repeated: true },
  },
  LabelSelectorRequirement: { 1: { name: 'key', type: 'string' }, 2: { name: 'operator', type: 'string' }, 3: { name: 'values', type: 'string', repeated: true } },
  PodTemplateSpec: { 1: { name: 'metadata', type: { message: 'ObjectMeta' } }, 2: { name: 'spec', type: { message: 'PodSpec' } } },
  PodSpec: {
    2: { name: 'containers', type: { message: 'Container' }, repeated: true },
    3: { name: 'restartPolicy', type: 'string' },
    4: { name: 'terminationGracePeriodSeconds', type: 'int' },
    5: { name: 'activeDeadlineSeconds', type: 'int' },
    6: { name: 'dnsPolicy', type: 'string' },
    7: { name: 'nodeSelector', type: { map: 'string' } },
    8: { name: 'serviceAccountName', type: 'string' },
    10: { name: 'nodeName', type: 'string' },
    20: { name: 'initContainers', type: { message: 'Container' }, repeated: true },
  },
  Container: {
    1: { name: 'name', type: 'string' },
    2: { name: 'image', type: 'string' },
    3: { name: 'command', type: 'string', repeated: true },
    4: { name: 'args', type: 'string', repeated: true },
    5: { name: 'workingDir', type: 'string' },
    6: { name: 'ports', type: { message: 'ContainerPort' }, repeated: true },
    7: { name: 'env', type: { message: 'EnvVar' }, repeated: true },
    8: { name: 'resources', type: { message: 'ResourceRequirements' } },
    14: { name: 'imagePullPolicy', type: 'string' },
    16: { name: 'stdin', type: 'bool' },
    18: { name: 'tty', type: 'bool' },
  },
  ContainerPort: {
    1: { name: 'name', type: 'string' },
    2: { name: 'hostPort', type: 'int' },
    3: { name: 'containerPort', type: 'int' },
    4: { name: 'protocol', type: 'string' },
  },
  EnvVar: { 1: { name: 'name', type: 'string' }, 2: { name: 'value', type: 'string' } },
  ResourceRequirements: { 1: { name: 'limits', type: { map: 'quantity' } }, 2: { name: 'requests', type: { map: 'quantity' } } },
  Deployment: { 1: { name: 'metadata', type: { message: 'ObjectMeta' } }, 2: { name: 'spec', type: { message: 'DeploymentSpec' } } },
  DeploymentSpec: {
    1: { name: 'replicas', type: 'int' },
    2: { name: 'selector', type: { message: 'LabelSelector' } },
    3: { name: 'template', type: { message: 'PodTemplateSpec' } },
    4: { name: 'strategy', type: { message: 'DeploymentStrategy' } },
    5: { name: 'minReadySeconds', type: 'int' },
    6: { name: 'revisionHistoryLimit', type: 'int' },
    7: { name: 'paused', type: 'bool' },
    9: { name: 'progressDeadlineSeconds', type: 'int' },
  },
  DeploymentStrategy: { 1: { name: 'type', type: 'string' } },
  Service: { 1: { name: 'metadata', type: { message: 'ObjectMeta' } }, 2: { name: 'spec', type: { message: 'ServiceSpec' } } },
  ServiceSpec: {
    1: { name: 'ports', type: { message: 'ServicePort' }, repeated: true },
    2: { name: 'selector', type: { map: 'string' } },
    3: { name: 'clusterIP', type: 'string' },
    4: { name: 'type', type: 'string' },
    5: { name: 'externalIPs', type: 'string', repeated: true },
    10: { name: 'externalName', type: 'string' },
  },
  ServicePort: {
    1: { name: 'name', type: 'string' },
    2: { name: 'protocol', type: 'string' },
    3: { name: 'port', type: 'int' },
    4: { name: 'targetPort', type: 'intOrString' },
    5: { name: 'nodePort', type: 'int' },
  },
  Job: { 1: { name: 'metadata', type: { message: 'ObjectMeta' } }, 2: { name: 'spec', type: { message: 'JobSpec' } } },
  JobSpec: {
    1: { name: 'parallelism', type: 'int' },
    2: { name: 'completions', type: 'int' },
    3: { name: 'activeDeadlineSeconds', type: 'int' },
    4: { name: 'selector', type: { message: 'LabelSelector' } },
    5: { name: 'manualSelector', type: 'bool' },
    6: { name: 'template', type: { message: 'PodTemplateSpec' } },
    7: { name: 'backoffLimit', type: 'int' },
    8: { name: 'ttlSecondsAfterFinished', type: 'int' },
  },
  JobTemplateSpec: { 1: { name: 'metadata', type: { message: 'ObjectMeta' } }, 2: { name: 'spec', type: { message: 'JobSpec' } } },
  CronJob: { 1: { name: 'metadata', type: { message: 'ObjectMeta' } }, 2: { name: 'spec', type: { message: 'CronJobSpec' } } },
  CronJobSpec: {
    1: { name: 'schedule', type: 'string' },
    2: { name: 'startingDeadlineSeconds', type: 'int' },
    3: { name: 'concurrencyPolicy', type: 'string' },
    4: { name: 'suspend', type: 'bool' },
    5: { name: 'jobTemplate', type: { message: 'JobTemplateSpec' } },
    6: { name: 'successfulJobsHistoryLimit', type: 'int' },
    7: { name: 'failedJobsHistoryLimit', type: 'int' },
    8: { name: 'timeZone', type: 'string' },
  },
  Ingress: { 1: { name: 'metadata', type: { message: 'ObjectMeta' } }, 2: { name: 'spec', type: { message: 'IngressSpec' } } },
  IngressSpec: {
    1: { name: 'defaultBackend', type: { message: 'IngressBackend' } },
    2: { name: 'tls', type: { message: 'IngressTLS' }, repeated: true },
    3: { name: 'rules', type: { message: 'IngressRule' }, repeated: true },
    4: { name: 'ingressClassName', type: 'string' },
  },
  IngressTLS: { 1: { name: 'hosts', type: 'string', repeated: true }, 2: { name: 'secretName', type: 'string' } },
  IngressRule: { 1: { name: 'host', type: 'string' }, 2: { name: 'ingressRuleValue', type: { message: 'IngressRuleValue' }, inline: true } },
  IngressRuleValue: { 1: { name: 'http', type: { message: 'HTTPIngressRuleValue' } } },
  HTTPIngressRuleValue: { 1: { name: 'paths', type: { message: 'HTTPIngressPath' }, repeated: true } },
  HTTPIngressPath: { 1: { name: 'path', type: 'string' }, 2: { name: 'backend', type: { message: 'IngressBackend' } }, 3: { name: 'pathType', type: 'string' } },
  IngressBackend: { 4: { name: 'service', type: { message: 'IngressServiceBackend' } } },
  IngressServiceBackend: { 1: { name: 'name', type: 'string' }, 2: { name: 'port', type: { message: 'ServiceBackendPort' } } },
  ServiceBackendPort: { 1: { name: 'name', type: 'string' }, 2: { name: 'number', type: 'int' } },
  ServiceAccount: {
    1: { name: 'metadata', type: { message: 'ObjectMeta' } },
    2: { name: 'secrets', type: { message: 'ObjectReference' }, repeated: true },
    3: { name: 'imagePullSecrets', type: { message: 'LocalObjectReference' }, repeated: true },
    4: { name: 'automountServiceAccountToken', type: 'bool' },
  },
};

function decodeValue(f: Field, type: FieldType): unknown {
  if (type === 'string') return f.bytes?.toString('utf8') ?? '';
  if (type === 'bytes') return f.bytes?.toString('base64') ?? '';
  if (type === 'bool') return f.int === 1n;
  if (type === 'int') return Number(f.int ?? 0n);
  if (type === 'quantity') return decodeMessage(f.bytes ?? Buffer.alloc(0), { 1: { name: 'string', type: 'string' } }).string ?? '0';
  if (type === 'intOrString') {
    const v = decodeMessage(f.bytes ?? Buffer.alloc(0), { 1: { name: 't', type: 'int' }, 2: { name: 'i', type: 'int' }, 3: { name: 's', type: 'string' } });
    return v.t === 1 ? (v.s ?? '') : (v.i ?? 0);
  }
  if (type === 'time') {
    const t = decodeMessage(f.bytes ?? Buffer.alloc(0), { 1: { name: 'seconds', type: 'int' } }) as { seconds?: number };
    return t.seconds !== undefined ? new Date(t.seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z') : null;
  }
  if ('message' in type) return decodeMessage(f.bytes ?? Buffer.alloc(0), MESSAGES[type.message]);
  const entry = readFields(f.bytes ?? Buffer.alloc(0));
  const key = entry.find((e) => e.no === 1)?.bytes?.toString('utf8') ?? '';
  const value = entry.find((e) => e.no === 2);
  return [key, value ? decodeValue(value, type.map) : ''];
}

function decodeMessage(buf: Buffer, def: MessageDef): Record<string, unknown> {
  const out: Record<string, any> = {};
  for (const f of readFields(buf)) {
    const fd = def[f.no];
    if (!fd) continue;
    const v = decodeValue(f, fd.type);
    if (typeof fd.type === 'object' && 'map' in fd.type) {
      const [k, val] = v as [string, unknown];
      (out[fd.name] ??= {})[k] = val;
    } else if (fd.inline) Object.assign(out, v);
    else if (fd.repeated) (out[fd.name] ??= []).push(v);
    else out[fd.name] = v;
  }
  return out;
}

/** Decodes a protobuf request body into the JSON object the same request would carry as JSON. */
export function decodeProtobufObject(body: Buffer): any {
  if (body.length < 4 || !body.subarray(0, 4).equals(MAGIC)) throw badRequest('the protobuf body does not start with the "k8s\\0" envelope');
  const unknown = decodeMessage(body.subarray(4), {
    1: { name: 'typeMeta', type: { message: 'TypeMeta' } },
    2: { name: 'raw', type: 'bytes' },
  }) as { typeMeta?: { apiVersion?: string; kind?: string }; raw?: string };
  const kind = unknown.typeMeta?.kind ?? '';
  const def = MESSAGES[kind];
  if (!def || ['TypeMeta', 'ObjectMeta', 'OwnerReference'].includes(kind)) {
    throw new StatusError(
      415,
      'UnsupportedMediaType',
      `kubelab cannot decode ${kind || 'this object'} sent as ${PROTOBUF_CONTENT_TYPE}; send it as JSON (for example with kubectl apply -f)`,
    );
  }
  const obj = decodeMessage(Buffer.from(unknown.raw ?? '', 'base64'), def);
  return { apiVersion: unknown.typeMeta?.apiVersion, kind, ...obj, metadata: obj.metadata ?? {} };
}
