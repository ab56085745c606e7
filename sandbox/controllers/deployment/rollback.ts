// How a rollback works in apps/v1: `kubectl rollout undo` copies an old ReplicaSet's template (and its
// change-cause) back into the Deployment. The controller then finds that old ReplicaSet as the "new" one (same
// template, ignoring pod-template-hash), reuses it instead of creating another, and renumbers its revision to
// max+1, remembering the old number in revision-history — so history after one undo reads 2, 3.
import type { Deployment, ReplicaSet } from '../../api/objects';
import {
  ANNOTATIONS_TO_SKIP, POD_TEMPLATE_HASH, REVISION, REVISION_HISTORY, byCreation,
  computeHash, maxSurge, replicasOf, setReplicasAnnotations, templatesEqualIgnoringHash,
} from './util';

/** The revision-history annotation is kept under this many characters (oldest revisions drop off). */
const MAX_REVISION_HISTORY_CHARS = 2000;

/**
 * FindNewReplicaSet: the oldest ReplicaSet whose template equals the Deployment's. A ReplicaSet whose hash label is
 * the hash of the current template also counts, so a defaulting difference can never make us create twins.
 */
export function findNewReplicaSet(d: Deployment, rsList: ReplicaSet[]): ReplicaSet | undefined {
  const sorted = [...rsList].sort(byCreation);
  const hash = computeHash(d.spec?.template, d.status?.collisionCount);
  return (
    sorted.find((rs) => templatesEqualIgnoringHash(rs.spec?.template, d.spec?.template)) ??
    sorted.find((rs) => rs.metadata.labels?.[POD_TEMPLATE_HASH] === hash)
  );
}

/** FindOldReplicaSets: every other controlled ReplicaSet (all) and those still holding replicas (required). */
export function findOldReplicaSets(d: Deployment, rsList: ReplicaSet[]): { required: ReplicaSet[]; all: ReplicaSet[] } {
  const newRS = findNewReplicaSet(d, rsList);
  const all = rsList.filter((rs) => rs.metadata.uid !== newRS?.metadata.uid);
  return { all, required: all.filter((rs) => (rs.spec?.replicas ?? 0) !== 0) };
}

/** Copies the Deployment's annotations onto the ReplicaSet (never removes any); true when something changed. */
export function copyDeploymentAnnotations(d: Deployment, rs: ReplicaSet): boolean {
  let changed = false;
  const out = { ...(rs.metadata.annotations ?? {}) };
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (ANNOTATIONS_TO_SKIP.has(k) || out[k] === v) continue;
    out[k] = v;
    changed = true;
  }
  rs.metadata.annotations = out;
  return changed;
}

/** Appends `oldRevision` to a revision-history list, dropping the oldest entries past the length limit. */
export function appendRevisionHistory(history: string | undefined, oldRevision: string, limit = MAX_REVISION_HISTORY_CHARS): string | undefined {
  if (!history) return oldRevision;
  let entries = history.split(',');
  let total = history.length + oldRevision.length + 1;
  let start = 0;
  while (total > limit && start < entries.length) total -= entries[start++].length + 1;
  if (total > limit) return history;
  entries = [...entries.slice(start), oldRevision];
  return entries.join(',');
}

/**
 * SetNewReplicaSetAnnotations: copy the Deployment's annotations, raise the revision to `newRevision` when it is
 * lower (a reused ReplicaSet records its old number in revision-history), and for a ReplicaSet about to be
 * created set desired-replicas and max-replicas. Returns true when the ReplicaSet's annotations changed.
 */
export function setNewReplicaSetAnnotations(d: Deployment, rs: ReplicaSet, newRevision: number, exists: boolean): boolean {
  let changed = copyDeploymentAnnotations(d, rs);
  const annotations = rs.metadata.annotations!;
  const oldRevision = annotations[REVISION];
  const oldNumber = oldRevision === undefined ? 0 : Number(oldRevision);
  if (!Number.isInteger(oldNumber)) return false;
  if (oldNumber < newRevision) {
    annotations[REVISION] = String(newRevision);
    changed = true;
    if (oldRevision !== undefined) {
      const history = appendRevisionHistory(annotations[REVISION_HISTORY], oldRevision);
      if (history !== undefined) annotations[REVISION_HISTORY] = history;
    }
  }
  if (!exists && setReplicasAnnotations(rs, replicasOf(d), replicasOf(d) + maxSurge(d))) changed = true;
  return changed;
}
