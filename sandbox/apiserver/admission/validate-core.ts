// The smaller core kinds: Namespace, ConfigMap, Secret, ServiceAccount, PersistentVolume(Claim), Node (core
// ValidateNamespace, ValidateConfigMap, ValidateSecret, ValidatePersistentVolumeClaimSpec…). Keys of ConfigMaps and
// Secrets become file names in volumes, so they follow the config-key rules; sizes are capped at 1 MiB.
import type { FieldError } from '../../api/errors';
import type { KubeObject } from '../../api/types';
import { fieldOf, itemsOf, objectOf, pathOf } from '../../api/unchecked';
import { badValue, duplicate, forbidden, GoValue, goQuote, invalid, invalidEach, isOneOf, notSupported, required, tooLong } from './field-errors';
import { isConfigMapKey, isQualifiedName, isValidLabelValue, nameIsDNSLabel, nameIsDNSSubdomain } from '../../lib/names';
import { parseQuantity, quantityString } from '../../lib/quantity';
import { semanticEqual, specDiff } from './semantic';
import { validateKubeFinalizerName, validateLabelSelector, validateObjectMeta, validateObjectMetaUpdate } from './validate-meta';

const list = itemsOf;
const MAX_SECRET_SIZE = 1024 * 1024;
const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const VOLUME_MODES = ['Block', 'Filesystem'];
const RECLAIM_POLICIES = ['Delete', 'Recycle', 'Retain'];
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

export function validateNamespace(ns: KubeObject): FieldError[] {
  const errs = validateObjectMeta(ns.metadata, false, nameIsDNSLabel);
  for (const f of list(fieldOf(ns.spec, 'finalizers'))) {
    errs.push(...invalidEach('spec.finalizers', String(f), isQualifiedName(String(f))), ...validateKubeFinalizerName(String(f), 'spec.finalizers'));
  }
  return errs;
}

export function validateNamespaceStatus(ns: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(ns.metadata, old.metadata);
  const phase = String(fieldOf(ns.status, 'phase') ?? '');
  if (!ns.metadata.deletionTimestamp && phase !== 'Active') errs.push(invalid('status.Phase', phase, "may only be 'Active' if `deletionTimestamp` is empty"));
  if (ns.metadata.deletionTimestamp && phase !== 'Terminating') errs.push(invalid('status.Phase', phase, "may only be 'Terminating' if `deletionTimestamp` is not empty"));
  return errs;
}

function dataKeys(data: unknown): [string, unknown][] {
  return data && typeof data === 'object' ? Object.entries(data as Record<string, unknown>) : [];
}

export function validateConfigMap(cm: KubeObject): FieldError[] {
  const errs = validateObjectMeta(cm.metadata, true, nameIsDNSSubdomain);
  let size = 0;
  const binary = cm.binaryData && typeof cm.binaryData === 'object' ? cm.binaryData : {};
  for (const [k, v] of dataKeys(cm.data)) {
    errs.push(...invalidEach(`data[${k}]`, k, isConfigMapKey(k)));
    if (k in binary) errs.push(invalid(`data[${k}]`, k, 'duplicate of key present in binaryData'));
    size += Buffer.byteLength(String(v ?? ''));
  }
  for (const [k, v] of dataKeys(binary)) {
    errs.push(...invalidEach(`binaryData[${k}]`, k, isConfigMapKey(k)));
    size += Buffer.from(String(v ?? ''), 'base64').length;
  }
  if (size > MAX_SECRET_SIZE) errs.push(tooLong('', MAX_SECRET_SIZE));
  return errs;
}

/** The keys each typed Secret must carry (core ValidateSecret). */
const SECRET_TYPE_KEYS: Record<string, string[]> = {
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
};

export function validateSecret(secret: KubeObject): FieldError[] {
  const errs = validateObjectMeta(secret.metadata, true, nameIsDNSSubdomain);
  const data = secret.data && typeof secret.data === 'object' ? (secret.data as Record<string, unknown>) : {};
  let size = 0;
  for (const [k, v] of dataKeys(data)) {
    errs.push(...invalidEach(`data[${k}]`, k, isConfigMapKey(k)));
    size += Buffer.from(String(v ?? ''), 'base64').length;
  }
  if (size > MAX_SECRET_SIZE) errs.push(tooLong('data', MAX_SECRET_SIZE));
  const type = String(secret.type ?? '');
  if (type === 'kubernetes.io/service-account-token' && !secret.metadata.annotations?.['kubernetes.io/service-account.name']) {
    errs.push(required('metadata.annotations[kubernetes.io/service-account.name]'));
  } else if (type === 'kubernetes.io/basic-auth' && !('username' in data) && !('password' in data)) {
    errs.push(required('data[username]'), required('data[password]'));
  } else if (type === 'kubernetes.io/ssh-auth' && !data['ssh-privatekey']) {
    errs.push(required('data[ssh-privatekey]'));
  } else if (type === 'kubernetes.io/tls') {
    for (const k of SECRET_TYPE_KEYS[type]) if (!(k in data)) errs.push(required(`data[${k}]`));
  } else if (SECRET_TYPE_KEYS[type]) {
    const key = SECRET_TYPE_KEYS[type][0];
    if (!(key in data)) errs.push(required(`data[${key}]`));
    else {
      try {
        JSON.parse(Buffer.from(String(data[key]), 'base64').toString('utf8'));
      } catch (e) {
        errs.push(invalid(`data[${key}]`, '<secret contents redacted>', (e as Error).message));
      }
    }
  }
  return errs;
}

/** ConfigMaps and Secrets marked immutable keep their data (and the mark) for good. */
function immutableData(obj: KubeObject, old: KubeObject, keys: string[]): FieldError[] {
  if (old.immutable !== true) return [];
  const errs: FieldError[] = [];
  if (obj.immutable !== true) errs.push(forbidden('immutable', 'field is immutable when `immutable` is set'));
  for (const k of keys) if (!semanticEqual(obj[k], old[k])) errs.push(forbidden(k, 'field is immutable when `immutable` is set'));
  return errs;
}

export function validateConfigMapUpdate(cm: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(cm.metadata, old.metadata), ...immutableData(cm, old, ['data', 'binaryData']), ...validateConfigMap(cm)];
}

export function validateSecretUpdate(secret: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(secret.metadata, old.metadata);
  if ((secret.type ?? '') !== (old.type ?? '')) errs.push(invalid('type', String(secret.type ?? ''), 'field is immutable'));
  return [...errs, ...immutableData(secret, old, ['data']), ...validateSecret(secret)];
}

function validateAccessModes(modes: unknown, path: string, requiredDetail: string): FieldError[] {
  const errs: FieldError[] = [];
  const ms = list(modes);
  if (!ms.length) errs.push(required(path, requiredDetail));
  for (const m of ms) if (!isOneOf(ACCESS_MODES, m)) errs.push(notSupported(path, String(m), ACCESS_MODES));
  if (ms.includes('ReadWriteOncePod') && ms.some((m) => m !== 'ReadWriteOncePod' && isOneOf(ACCESS_MODES, m))) {
    errs.push(forbidden(path, 'may not use ReadWriteOncePod with other access modes'));
  }
  return errs;
}

export function validateClaimSpec(input: unknown, path: string): FieldError[] {
  const spec = objectOf(input);
  const errs = validateAccessModes(spec.accessModes, `${path}.accessModes`, 'at least 1 access mode is required');
  if (spec.selector) errs.push(...validateLabelSelector(spec.selector, `${path}.selector`));
  const storage = pathOf(spec, 'resources', 'requests', 'storage');
  const storagePath = `${path}.resources[storage]`;
  if (storage === undefined || storage === null) errs.push(required(storagePath));
  else if ((parseQuantity(storage) ?? 1) <= 0) errs.push(invalid(storagePath, quantityString(storage), 'must be greater than zero'));
  if (spec.storageClassName) errs.push(...invalidEach(`${path}.storageClassName`, String(spec.storageClassName), nameIsDNSSubdomain(String(spec.storageClassName), false)));
  if (spec.volumeMode && !isOneOf(VOLUME_MODES, spec.volumeMode)) errs.push(notSupported(`${path}.volumeMode`, String(spec.volumeMode), VOLUME_MODES));
  return errs;
}

export function validatePersistentVolumeClaim(pvc: KubeObject): FieldError[] {
  return [...validateObjectMeta(pvc.metadata, true, nameIsDNSSubdomain), ...validateClaimSpec(pvc.spec, 'spec')];
}

/** A claim's spec is fixed, except that a bound claim may grow and an unbound one gets its volumeName once. */
export function validatePersistentVolumeClaimUpdate(pvc: KubeObject, old: KubeObject): FieldError[] {
  const errs = [...validateObjectMetaUpdate(pvc.metadata, old.metadata), ...validatePersistentVolumeClaim(pvc)];
  const next = objectOf(structuredClone(pvc.spec ?? {}));
  const prev = objectOf(structuredClone(old.spec ?? {}));
  if (!prev.volumeName) prev.volumeName = next.volumeName;
  const nextRequests = pathOf(next, 'resources', 'requests');
  if (fieldOf(pvc.status, 'phase') === 'Bound' && nextRequests) objectOf(nextRequests).storage = pathOf(prev, 'resources', 'requests', 'storage');
  if (!semanticEqual(next, prev)) {
    errs.push(forbidden('spec', `spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n${specDiff('core.PersistentVolumeClaimSpec', prev, next)}`));
  }
  const newSize = parseQuantity(pathOf(pvc.spec, 'resources', 'requests', 'storage'));
  const oldSize = parseQuantity(pathOf(old.spec, 'resources', 'requests', 'storage'));
  if (newSize !== undefined && oldSize !== undefined && newSize < oldSize) {
    errs.push(forbidden('spec.resources.requests.storage', 'field can not be less than previous value'));
  }
  const mode = fieldOf(pvc.spec, 'volumeMode') ?? null;
  if (mode !== (fieldOf(old.spec, 'volumeMode') ?? null)) errs.push(invalid('volumeMode', badValue(mode), 'field is immutable'));
  return errs;
}

const PV_SOURCES = [
  'gcePersistentDisk', 'awsElasticBlockStore', 'hostPath', 'glusterfs', 'nfs', 'rbd', 'iscsi', 'cinder', 'cephfs', 'fc',
  'flocker', 'flexVolume', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'portworxVolume',
  'scaleIO', 'local', 'storageos', 'csi',
];

export function validatePersistentVolume(pv: KubeObject): FieldError[] {
  const spec = objectOf(pv.spec);
  const errs = [...validateObjectMeta(pv.metadata, false, nameIsDNSSubdomain), ...validateAccessModes(spec.accessModes, 'spec.accessModes', '')];
  const capacity = spec.capacity && typeof spec.capacity === 'object' ? spec.capacity : {};
  const keys = Object.keys(capacity);
  if (!keys.length) errs.push(required('spec.capacity'));
  if (!('storage' in capacity) || keys.length > 1) {
    errs.push(notSupported('spec.capacity', new GoValue(`core.ResourceList{${keys.map((k) => `${JSON.stringify(k)}:resource.Quantity{…}`).join(', ')}}`), ['storage']));
  }
  for (const [k, q] of Object.entries(capacity)) {
    if ((parseQuantity(q) ?? 1) <= 0) errs.push(invalid(`spec.capacity[${k}]`, quantityString(q), 'must be greater than zero'));
  }
  if (spec.persistentVolumeReclaimPolicy && !isOneOf(RECLAIM_POLICIES, spec.persistentVolumeReclaimPolicy)) {
    errs.push(notSupported('spec.persistentVolumeReclaimPolicy', String(spec.persistentVolumeReclaimPolicy), RECLAIM_POLICIES));
  }
  const sources = PV_SOURCES.filter((k) => spec[k]);
  sources.slice(1).forEach((k) => errs.push(forbidden(`spec.${k}`, 'may not specify more than 1 volume type')));
  if (!sources.length) errs.push(required('spec', 'must specify a volume type'));
  if (spec.hostPath && !fieldOf(spec.hostPath, 'path')) errs.push(required('spec.hostPath.path'));
  if (spec.storageClassName) errs.push(...invalidEach('spec.storageClassName', String(spec.storageClassName), nameIsDNSSubdomain(String(spec.storageClassName), false)));
  if (spec.volumeMode && !isOneOf(VOLUME_MODES, spec.volumeMode)) errs.push(notSupported('spec.volumeMode', String(spec.volumeMode), VOLUME_MODES));
  return errs;
}

export function validatePersistentVolumeUpdate(pv: KubeObject, old: KubeObject): FieldError[] {
  const errs = [...validatePersistentVolume(pv), ...validateObjectMetaUpdate(pv.metadata, old.metadata)];
  const source = (s: unknown) => Object.fromEntries(PV_SOURCES.map((k) => [k, fieldOf(s, k)]));
  if (!semanticEqual(source(pv.spec), source(old.spec))) {
    errs.push(forbidden('spec.persistentvolumesource', `spec.persistentvolumesource is immutable after creation\n${specDiff('core.PersistentVolumeSource', source(old.spec), source(pv.spec))}`));
  }
  const mode = fieldOf(pv.spec, 'volumeMode') ?? null;
  if (mode !== (fieldOf(old.spec, 'volumeMode') ?? null)) errs.push(invalid('volumeMode', badValue(mode), 'field is immutable'));
  return errs;
}

export function validateNode(node: KubeObject): FieldError[] {
  const errs = validateObjectMeta(node.metadata, false, nameIsDNSSubdomain);
  const seen = new Set<string>();
  list(fieldOf(node.spec, 'taints')).forEach((t, i) => {
    const p = `spec.taints[${i}]`;
    const key = String(fieldOf(t, 'key') ?? '');
    const value = String(fieldOf(t, 'value') ?? '');
    const effect = String(fieldOf(t, 'effect') ?? '');
    errs.push(...invalidEach(`${p}.key`, key, isQualifiedName(key)));
    const valueErrs = isValidLabelValue(value);
    if (valueErrs.length) errs.push(invalid(`${p}.value`, value, valueErrs.join(';')));
    if (!effect) errs.push(required(`${p}.effect`));
    else if (!TAINT_EFFECTS.includes(effect)) errs.push(notSupported(`${p}.effect`, effect, TAINT_EFFECTS));
    if (seen.has(`${key}:${effect}`)) {
      const taint = new GoValue(`core.Taint{Key:${goQuote(key)}, Value:${goQuote(value)}, Effect:${goQuote(effect)}, TimeAdded:(*v1.Time)(nil)}`);
      errs.push({ ...duplicate(p, taint), message: `${duplicate(p, taint).message}: taints must be unique by key and effect pair` });
    }
    seen.add(`${key}:${effect}`);
  });
  return errs;
}

