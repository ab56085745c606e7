// Ephemeral containers (`kubectl debug`), as kube-apiserver validates writes to pods/ephemeralcontainers
// (ValidatePodEphemeralContainersUpdate and validateEphemeralContainers): the pod must still be valid, a debug
// container's name is unique across all of the pod's containers, its target is one of the pod's regular or init
// containers, it carries nothing the pod could come to rely on (ports, probes, resources, lifecycle…), and those
// already added can be neither changed nor removed.
import type { FieldError } from '../../api/errors';
import type { KubeObject } from '../../api/types';
import { fieldOf, itemsOf, objectOf } from '../../api/unchecked';
import { duplicate, forbidden, invalid, notFound } from './field-errors';
import { semanticEqual, specDiff } from './semantic';
import { validateContainerCommon } from './validate-containers';
import { validateObjectMetaUpdate } from './validate-meta';
import { validatePodMetadataAndSpec } from './validate-pod';

const list = itemsOf;
const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';
const NOT_FOR_EPHEMERAL = 'cannot be set for an Ephemeral Container';

/**
 * The Container fields outside allowedEphemeralContainerFields, in the struct's order (the order errors come in). A
 * Go field counts as set when it is not its zero value: an empty list is set, an empty resources struct is not.
 */
const DISALLOWED = ['ports', 'resources', 'resizePolicy', 'restartPolicy', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle'];

function isSet(field: string, value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (field === 'resources') return Object.values(objectOf(value)).some((v) => v !== undefined && v !== null);
  return value !== '';
}

/** validateEphemeralContainers over a pod's spec. */
export function validateEphemeralContainers(spec: unknown): FieldError[] {
  const errs: FieldError[] = [];
  const others = new Set([...list(fieldOf(spec, 'containers')), ...list(fieldOf(spec, 'initContainers'))].map((c) => String(fieldOf(c, 'name') ?? '')));
  const all = new Set(others);
  const volumes = new Set(list(fieldOf(spec, 'volumes')).map((v) => String(fieldOf(v, 'name') ?? '')));
  list(fieldOf(spec, 'ephemeralContainers')).forEach((entry, i) => {
    const c = objectOf(entry);
    const path = `spec.ephemeralContainers[${i}]`;
    errs.push(...validateContainerCommon(entry, volumes, path));
    const image = String(c.image ?? '');
    if (image.trim() !== image) errs.push(invalid(`${path}.image`, image, 'must not have leading or trailing whitespace'));
    const name = String(c.name ?? '');
    if (all.has(name)) errs.push(duplicate(`${path}.name`, name));
    else all.add(name);
    const target = c.targetContainerName;
    if (typeof target === 'string' && target !== '' && !others.has(target)) errs.push(notFound(`${path}.targetContainerName`, target));
    for (const field of DISALLOWED) if (isSet(field, c[field])) errs.push(forbidden(`${path}.${field}`, NOT_FOR_EPHEMERAL));
    list(c.volumeMounts).forEach((m, mi) => {
      for (const sub of ['subPath', 'subPathExpr']) if (fieldOf(m, sub)) errs.push(forbidden(`${path}.volumeMounts[${mi}].${sub}`, NOT_FOR_EPHEMERAL));
    });
  });
  return errs;
}

/** ValidatePodEphemeralContainersUpdate: `pod` is the stored pod with the new ephemeral containers in it. */
export function validatePodEphemeralContainersUpdate(pod: KubeObject, old: KubeObject): FieldError[] {
  const errs = [...validateObjectMetaUpdate(pod.metadata, old.metadata), ...validatePodMetadataAndSpec(pod), ...validateEphemeralContainers(pod.spec)];
  if (old.metadata.annotations?.[MIRROR_ANNOTATION] !== undefined) return [forbidden('', 'static pods do not support ephemeral containers')];
  const byName = new Map(list(fieldOf(pod.spec, 'ephemeralContainers')).map((c) => [String(fieldOf(c, 'name') ?? ''), c]));
  for (const before of list(fieldOf(old.spec, 'ephemeralContainers'))) {
    const name = String(fieldOf(before, 'name') ?? '');
    const after = byName.get(name);
    if (after === undefined) {
      errs.push(forbidden('spec.ephemeralContainers', `existing ephemeral containers "${name}" may not be removed\n`));
    } else if (!semanticEqual(before, after)) {
      errs.push(forbidden(`spec.ephemeralContainers[${name}]`, `existing ephemeral containers "${name}" may not be changed\n${specDiff('core.EphemeralContainer', before, after)}`));
    }
  }
  return errs;
}
