// Pod volumes and the containers' volume mounts (core ValidateVolumes / ValidateVolumeMounts): one source per
// volume, DNS-label names, the common sources' required fields, mounts that name a declared volume. Also the
// downward API field selector shared with env vars. Path quirks of the real code (`downwarAPI`, `cephFS`, subPath
// errors reported on the list) are kept on purpose: they are what kubectl shows.
import type { FieldError } from '../../api/errors';
import { fieldOf, itemsOf, objectOf } from '../../api/unchecked';
import { duplicate, forbidden, invalid, invalidEach, isOneOf, notFound, notSupported, required } from './field-errors';
import { isDNS1123Label, isQualifiedName } from '../../lib/names';

const list = itemsOf;
const FILE_MODE_MSG = 'must be a number between 0 and 0777 (octal), both inclusive';
const HOST_PATH_TYPES = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'];

/** Sources in the order validateVolumeSource visits them, with the path it names when a second one appears. */
const SOURCE_ORDER: [key: string, forbiddenPath: string][] = [
  ['emptyDir', 'emptyDir'], ['hostPath', 'hostPath'], ['gitRepo', 'gitRepo'], ['gcePersistentDisk', 'gcePersistentDisk'],
  ['awsElasticBlockStore', 'awsElasticBlockStore'], ['secret', 'secret'], ['nfs', 'nfs'], ['iscsi', 'iscsi'],
  ['glusterfs', 'glusterfs'], ['flocker', 'flocker'], ['persistentVolumeClaim', 'persistentVolumeClaim'], ['rbd', 'rbd'],
  ['cinder', 'cinder'], ['cephfs', 'cephFS'], ['quobyte', 'quobyte'], ['downwardAPI', 'downwarAPI'], ['fc', 'fc'],
  ['flexVolume', 'flexVolume'], ['configMap', 'configMap'], ['azureFile', 'azureFile'], ['vsphereVolume', 'vsphereVolume'],
  ['photonPersistentDisk', 'photonPersistentDisk'], ['portworxVolume', 'portworxVolume'], ['azureDisk', 'azureDisk'],
  ['storageos', 'storageos'], ['projected', 'projected'], ['scaleIO', 'scaleIO'], ['csi', 'csi'], ['ephemeral', 'ephemeral'],
];

function validateMode(mode: unknown, path: string): FieldError[] {
  return typeof mode === 'number' && (mode > 0o777 || mode < 0) ? [invalid(path, mode, FILE_MODE_MSG)] : [];
}

function validatePathNoBacksteps(p: string, path: string): FieldError[] {
  return p.split('/').includes('..') ? [invalid(path, p, "must not contain '..'")] : [];
}

export function validateLocalDescendingPath(p: string, path: string): FieldError[] {
  const errs = p.startsWith('/') ? [invalid(path, p, 'must be a relative path')] : [];
  return [...errs, ...validatePathNoBacksteps(p, path)];
}

function validateLocalNonReservedPath(p: string, path: string): FieldError[] {
  const errs = validateLocalDescendingPath(p, path);
  if (p.startsWith('..') && !p.startsWith('../')) errs.push(invalid(path, p, "must not start with '..'"));
  return errs;
}

function validateKeyToPath(entry: unknown, path: string): FieldError[] {
  const kp = objectOf(entry);
  const errs: FieldError[] = [];
  if (!kp.key) errs.push(required(`${path}.key`));
  if (!kp.path) errs.push(required(`${path}.path`));
  errs.push(...validateLocalNonReservedPath(String(kp.path ?? ''), `${path}.path`));
  errs.push(...validateMode(kp.mode, `${path}.mode`));
  return errs;
}

const POD_FIELD_LABELS = new Set([
  'metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName',
  'spec.restartPolicy', 'spec.serviceAccountName', 'spec.schedulerName', 'status.phase', 'status.hostIP', 'status.hostIPs',
  'status.podIP', 'status.podIPs',
]);
export const ENV_FIELD_PATHS = [
  'metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP',
  'status.hostIPs', 'status.podIP', 'status.podIPs',
];
const VOLUME_FIELD_PATHS = ['metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid'];

/** validateObjectFieldSelector: a downward API fieldRef. */
export function validateObjectFieldSelector(input: unknown, allowed: readonly string[], path: string): FieldError[] {
  const ref = objectOf(input);
  if (!ref.apiVersion) return [required(`${path}.apiVersion`)];
  if (!ref.fieldPath) return [required(`${path}.fieldPath`)];
  const fieldPath = String(ref.fieldPath);
  const sub = /^(metadata\.(?:labels|annotations))\['(.*)'\]$/.exec(fieldPath);
  if (ref.apiVersion !== 'v1') {
    return [invalid(`${path}.fieldPath`, fieldPath, `error converting fieldPath: unsupported pod version: ${ref.apiVersion}`)];
  }
  if (!sub && !POD_FIELD_LABELS.has(fieldPath)) {
    return [invalid(`${path}.fieldPath`, fieldPath, `error converting fieldPath: field label not supported: ${fieldPath}`)];
  }
  if (sub) {
    const key = sub[1] === 'metadata.annotations' ? sub[2].toLowerCase() : sub[2];
    return invalidEach(path, key, isQualifiedName(key));
  }
  if (!allowed.includes(fieldPath)) return [notSupported(`${path}.fieldPath`, fieldPath, [...allowed].sort())];
  return [];
}

function validateDownwardAPIFile(entry: unknown, path: string): FieldError[] {
  const file = objectOf(entry);
  const errs: FieldError[] = [];
  if (!file.path) errs.push(required(`${path}.path`));
  errs.push(...validateLocalNonReservedPath(String(file.path ?? ''), `${path}.path`));
  if (file.fieldRef) {
    errs.push(...validateObjectFieldSelector(file.fieldRef, VOLUME_FIELD_PATHS, `${path}.fieldRef`));
    if (file.resourceFieldRef) errs.push(invalid(path, 'resource', 'fieldRef and resourceFieldRef can not be specified simultaneously'));
  } else if (!file.resourceFieldRef) {
    errs.push(required(path, 'one of fieldRef and resourceFieldRef is required'));
  }
  errs.push(...validateMode(file.mode, `${path}.mode`));
  return errs;
}

function validateProjected(projected: unknown, path: string): FieldError[] {
  const errs = validateMode(fieldOf(projected, 'defaultMode'), `${path}.defaultMode`);
  list(fieldOf(projected, 'sources')).forEach((entry, i) => {
    const src = objectOf(entry);
    const p = `${path}.sources[${i}]`;
    let count = 0;
    for (const kind of ['secret', 'configMap'] as const) {
      if (!src[kind]) continue;
      count++;
      if (!fieldOf(src[kind], 'name')) errs.push(required(`${p}.${kind}.name`));
      list(fieldOf(src[kind], 'items')).forEach((kp, j) => errs.push(...validateKeyToPath(kp, `${p}.${kind}.items[${j}]`)));
    }
    if (src.downwardAPI) {
      count++;
      list(fieldOf(src.downwardAPI, 'items')).forEach((f) => errs.push(...validateDownwardAPIFile(f, `${p}.downwardAPI`)));
    }
    if (src.serviceAccountToken) count++;
    if (src.clusterTrustBundle) count++;
    if (count > 1) errs.push(forbidden(p, 'may not specify more than 1 volume type per source'));
  });
  return errs;
}

function validateSource(key: string, input: unknown, path: string): FieldError[] {
  const src = objectOf(input);
  const p = `${path}.${key}`;
  switch (key) {
    case 'hostPath': {
      if (!src.path) return [required(`${p}.path`)];
      const errs = validatePathNoBacksteps(String(src.path), `${p}.path`);
      if (src.type !== undefined && src.type !== null && !isOneOf(HOST_PATH_TYPES, src.type)) errs.push(notSupported(`${p}.type`, String(src.type), HOST_PATH_TYPES));
      return errs;
    }
    case 'secret':
    case 'configMap': {
      const nameKey = key === 'secret' ? 'secretName' : 'name';
      const errs = src[nameKey] ? [] : [required(`${p}.${nameKey}`)];
      errs.push(...validateMode(src.defaultMode, `${p}.defaultMode`));
      list(src.items).forEach((kp, i) => errs.push(...validateKeyToPath(kp, `${p}.items[${i}]`)));
      return errs;
    }
    case 'persistentVolumeClaim':
      return src.claimName ? [] : [required(`${p}.claimName`)];
    case 'nfs': {
      const errs: FieldError[] = [];
      if (!src.server) errs.push(required(`${p}.server`));
      if (!src.path) errs.push(required(`${p}.path`));
      if (!String(src.path ?? '').startsWith('/')) errs.push(invalid(`${p}.path`, String(src.path ?? ''), 'must be an absolute path'));
      return errs;
    }
    case 'downwardAPI': {
      const errs = validateMode(src.defaultMode, `${p}.defaultMode`);
      list(src.items).forEach((f) => errs.push(...validateDownwardAPIFile(f, p)));
      return errs;
    }
    case 'projected':
      return validateProjected(input, p);
    default:
      return [];
  }
}

/** ValidateVolumes: returns the names of volumes that passed, for the mounts to be checked against. */
export function validateVolumes(volumes: unknown, path: string): { names: Set<string>; errors: FieldError[] } {
  const names = new Set<string>();
  const errors: FieldError[] = [];
  list(volumes).forEach((entry, i) => {
    const vol = objectOf(entry);
    const p = `${path}[${i}]`;
    const el: FieldError[] = [];
    let count = 0;
    for (const [key, forbiddenPath] of SOURCE_ORDER) {
      if (vol[key] === undefined || vol[key] === null) continue;
      if (count > 0) el.push(forbidden(`${p}.${forbiddenPath}`, 'may not specify more than 1 volume type'));
      else {
        count++;
        el.push(...validateSource(key, vol[key], p));
      }
    }
    if (!count) el.push(required(p, 'must specify a volume type'));
    const name = String(vol.name ?? '');
    if (!name) el.push(required(`${p}.name`));
    else el.push(...invalidEach(`${p}.name`, name, isDNS1123Label(name)));
    if (names.has(name)) el.push(duplicate(`${p}.name`, name));
    if (el.length) errors.push(...el);
    else names.add(name);
  });
  return { names, errors };
}

const PROPAGATIONS = ['Bidirectional', 'HostToContainer', 'None'];

/** ValidateVolumeMounts for one container. */
export function validateVolumeMounts(container: unknown, volumes: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const mountPoints = new Set<string>();
  const devices = new Map<string, string>(list(fieldOf(container, 'volumeDevices')).map((d) => [String(fieldOf(d, 'name') ?? ''), String(fieldOf(d, 'devicePath') ?? '')]));
  list(fieldOf(container, 'volumeMounts')).forEach((entry, i) => {
    const m = objectOf(entry);
    const p = `${path}[${i}]`;
    const name = String(m.name ?? '');
    const mountPath = String(m.mountPath ?? '');
    if (!name) errs.push(required(`${p}.name`));
    if (!volumes.has(name)) errs.push(notFound(`${p}.name`, name));
    if (!mountPath) errs.push(required(`${p}.mountPath`));
    if (mountPoints.has(mountPath)) errs.push(invalid(`${p}.mountPath`, mountPath, 'must be unique'));
    mountPoints.add(mountPath);
    if (devices.has(name)) errs.push(invalid(`${p}.name`, name, 'must not already exist in volumeDevices'));
    if ([...devices.values()].includes(mountPath)) errs.push(invalid(`${p}.mountPath`, mountPath, 'must not already exist as a path in volumeDevices'));
    if (m.subPath) errs.push(...validateLocalDescendingPath(String(m.subPath), `${path}.subPath`));
    if (m.subPathExpr) {
      if (m.subPath) errs.push(invalid(`${p}.subPathExpr`, String(m.subPathExpr), 'subPathExpr and subPath are mutually exclusive'));
      errs.push(...validateLocalDescendingPath(String(m.subPathExpr), `${path}.subPathExpr`));
    }
    if (m.mountPropagation !== undefined && m.mountPropagation !== null) {
      const mp = String(m.mountPropagation);
      if (!PROPAGATIONS.includes(mp)) errs.push(notSupported(`${path}.mountPropagation`, mp, PROPAGATIONS));
      if (mp === 'Bidirectional' && fieldOf(fieldOf(container, 'securityContext'), 'privileged') !== true) {
        errs.push(forbidden(`${path}.mountPropagation`, 'Bidirectional mount propagation is available only to privileged containers'));
      }
    }
  });
  return errs;
}
