// ControllerRevision bookkeeping shared by the StatefulSet and DaemonSet controllers (pkg/controller/history): each
// distinct pod template is kept as a ControllerRevision owned by its workload, numbered in the order it became current,
// so a rollback reuses (and renumbers) the old revision instead of making a new one, and history is trimmed to
// revisionHistoryLimit without ever deleting a revision some pod still runs.
import { apiVersionOf } from '../api/registry';
import { findKind } from '../apiserver/kinds/registry';
import type { ControllerRevision, DaemonSet, PodTemplateSpec, StatefulSet } from '../api/objects';
import type { ObjectApi } from '../apiserver/object-api';
import { deepEqual } from '../util/deep-equal';
import { claimObjects } from './owner-refs';

export const revisionRes = findKind('ControllerRevision')!;

/** Objects with their keys in sorted order, all the way down (how Go marshals the map getPatch builds). */
function sortedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedKeys);
  if (!v || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, sortedKeys(o[k])]));
}

/**
 * The data a revision stores: the template as a strategic-merge patch that replaces the whole template (getPatch),
 * keys sorted as Go writes them, since `kubectl rollout undo` compares these bytes with its own encoding.
 */
export function templatePatch(template: PodTemplateSpec | undefined): TemplatePatch {
  return sortedKeys({ spec: { template: { ...structuredClone(template ?? {}), $patch: 'replace' } } }) as TemplatePatch;
}

/** What templatePatch stores: the whole pod template, marked to replace the one it is applied to. */
export interface TemplatePatch {
  spec: { template: PodTemplateSpec & { $patch?: 'replace' } };
}

/** The pod template a revision holds (ApplyRevision, for the only field revisions carry). */
export function templateOf(revision: ControllerRevision): PodTemplateSpec {
  // Revisions are ours to write, but anyone may create one: read the data as the patch it should be, defensively.
  const data = revision.data as Partial<TemplatePatch> | undefined;
  const t = structuredClone(data?.spec?.template ?? {});
  delete t.$patch;
  return t;
}

export function revisionNumber(rev: ControllerRevision): number {
  return Number(rev.revision ?? 0);
}

/** Oldest revision first (by number, then name), as history.SortControllerRevisions. */
export function sortRevisions(revs: ControllerRevision[]): ControllerRevision[] {
  return [...revs].sort((a, b) => revisionNumber(a) - revisionNumber(b) || String(a.metadata.name).localeCompare(String(b.metadata.name)));
}

export function nextRevisionNumber(revs: ControllerRevision[]): number {
  return revs.reduce((n, r) => Math.max(n, revisionNumber(r)), 0) + 1;
}

/** EqualRevision: the revision holds exactly this data. */
export function hasData(rev: ControllerRevision, data: unknown): boolean {
  return deepEqual(rev.data, data);
}

/** The revisions this workload controls, adopting orphans its selector matches (ClaimControllerRevisions). */
export function listRevisions(api: ObjectApi, owner: DaemonSet | StatefulSet, ownerKind: 'DaemonSet' | 'StatefulSet'): ControllerRevision[] {
  const ownerRes = findKind(ownerKind)!;
  const all = api.list(revisionRes, owner.metadata.namespace).items;
  return sortRevisions(
    claimObjects({ api, res: revisionRes, owner, ownerApiVersion: apiVersionOf(ownerRes), ownerKind, selector: owner.spec?.selector ?? {} }, all),
  );
}

/**
 * CreateControllerRevision: `build` names the revision from a hash that includes collisionCount; when that name is
 * taken by a revision with other data, the count goes up and the name changes. Returns the revision and the count.
 */
export function createRevision(api: ObjectApi, build: (collisionCount: number) => ControllerRevision, collisionCount: number): { revision: ControllerRevision; collisionCount: number } {
  for (let count = collisionCount; ; count++) {
    const wanted = build(count);
    try {
      return { revision: api.create(revisionRes, wanted.metadata.namespace, wanted), collisionCount: count };
    } catch (e) {
      if ((e as { reason?: string }).reason !== 'AlreadyExists') throw e;
      const existing = api.tryGet(revisionRes, wanted.metadata.namespace, wanted.metadata.name!);
      if (existing && hasData(existing, wanted.data)) return { revision: existing, collisionCount: count };
      if (count - collisionCount > 16) throw e;
    }
  }
}

/** Makes an older revision current again by giving it the next number (a rollback). */
export function renumberRevision(api: ObjectApi, rev: ControllerRevision, revision: number): ControllerRevision {
  if (revisionNumber(rev) === revision) return rev;
  return api.update(revisionRes, rev.metadata.namespace, rev.metadata.name, { ...rev, revision });
}

/** Deletes the oldest revisions no pod runs and that are not current, beyond `limit`. */
export function truncateHistory(api: ObjectApi, revisions: ControllerRevision[], live: Set<string>, limit: number): void {
  const dead = sortRevisions(revisions).filter((r) => !live.has(r.metadata.name!));
  for (const rev of dead.slice(0, Math.max(0, dead.length - limit))) {
    try {
      api.delete(revisionRes, rev.metadata.namespace, rev.metadata.name!);
    } catch (e) {
      if ((e as { code?: number }).code !== 404) throw e;
    }
  }
}
