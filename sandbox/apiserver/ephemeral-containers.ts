// The pods/ephemeralcontainers subresource (`kubectl debug <pod> --image=…`): kube-apiserver's
// podEphemeralContainersStrategy. Whatever the client sends, only spec.ephemeralContainers is taken from it
// (dropNonEphemeralContainerUpdates); the new containers are defaulted like any container and the whole pod is
// validated again (validate-ephemeral.ts) and held to the namespace's PodSecurity level, then written like a normal
// update — so the pod's watchers, the kubelet among them, see the new containers.
import type { WriteOptions, PatchType } from '../api/client';
import type { Pod } from '../api/objects';
import { badRequest, conflict, invalid } from '../api/errors';
import { objectKey } from '../api/registry';
import { fieldOf } from '../api/unchecked';
import { deepEqual } from '../util/deep-equal';
import { RevisionConflictError } from '../store/store';
import { findKind } from './kinds/registry';
import { applyDefaults } from './kinds/strategy';
import type { ObjectApi } from './object-api';
import { applyPatch } from './patch';
import { dedupe } from './admission/field-errors';
import { validatePodEphemeralContainersUpdate } from './admission/validate-ephemeral';
import { enforcePodSecurity } from './plugins/pod-security';

type EphemeralContainers = NonNullable<Pod['spec']>['ephemeralContainers'];

const podRes = findKind('Pod')!;
const MODIFIED_MSG = 'the object has been modified; please apply your changes to the latest version and try again';

/** PUT pods/<name>/ephemeralcontainers with a Pod body. */
export function updateEphemeralContainers(api: ObjectApi, namespace: string, name: string, input: unknown, opts: WriteOptions = {}): Pod {
  if (!input || typeof input !== 'object' || Array.isArray(input)) throw badRequest('the body of the request is not a JSON object');
  const sentName = fieldOf(fieldOf(input, 'metadata'), 'name');
  if (sentName !== undefined && sentName !== name) throw badRequest(`the name of the object (${sentName}) does not match the name on the URL (${name})`);
  const old = api.get(podRes, namespace, name);
  const rv = fieldOf(fieldOf(input, 'metadata'), 'resourceVersion');
  if (rv !== undefined && rv !== '' && rv !== old.metadata.resourceVersion) throw conflict('', 'pods', name, MODIFIED_MSG);
  const next = structuredClone(old);
  const wanted = fieldOf(fieldOf(input, 'spec'), 'ephemeralContainers');
  // Checked by validation below, after defaulting, like any body.
  next.spec = { ...next.spec!, ephemeralContainers: structuredClone(wanted) as EphemeralContainers };
  if (wanted === undefined || wanted === null) delete next.spec.ephemeralContainers;
  applyDefaults(podRes, next);
  const errors = dedupe(validatePodEphemeralContainersUpdate(next, old));
  if (errors.length) throw invalid('', 'Pod', name, errors);
  // PodSecurity admission checks this subresource too: a debug container must meet the namespace's level.
  opts.warnings ??= [];
  enforcePodSecurity(api, next, opts);
  if (opts.dryRun || deepEqual(next, old)) return next;
  try {
    return api.store.update(objectKey(podRes, namespace, name), next, Number(old.metadata.resourceVersion)) as Pod;
  } catch (e) {
    if (e instanceof RevisionConflictError) throw conflict('', 'pods', name, MODIFIED_MSG);
    throw e;
  }
}

/** PATCH pods/<name>/ephemeralcontainers: the patch applies to the whole pod, then only its ephemeral containers count. */
export function patchEphemeralContainers(api: ObjectApi, namespace: string, name: string, type: PatchType, patch: unknown, opts: WriteOptions = {}): Pod {
  const old = api.get(podRes, namespace, name);
  const patched: unknown = applyPatch(old, patch, type, 'Pod');
  return updateEphemeralContainers(api, namespace, name, patched, opts);
}
