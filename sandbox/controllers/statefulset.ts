// The StatefulSet controller (pkg/controller/statefulset/stateful_set_control.go): members `web-0`, `web-1`… with
// stable names and their own PersistentVolumeClaims (kept when scaling down). OrderedReady creates the next member
// only once every earlier one is Running and Ready and removes members from the highest ordinal down, one at a time;
// Parallel does both at once. A template change becomes a ControllerRevision and is rolled out from the highest
// ordinal down to the partition, each pod replaced only after the one above it is healthy again.
import { apiVersionOf } from '../api/registry';
import { findKind } from '../apiserver/kinds/registry';
import type { OwnerReference, WatchEvent } from '../api/types';
import type { ControllerRevision, Pod, StatefulSet } from '../api/objects';
import type { ObjectApi } from '../apiserver/object-api';
import type { Clock } from '../util/clock';
import { deepEqual } from '../util/deep-equal';
import { objectKeyOf, splitKey, watchOf, type Controller, type ReconcileResult, type WatchSpec } from '../controller-runtime/controller';
import {
  createRevision, listRevisions, nextRevisionNumber, renumberRevision, revisionRes, hasData, templateOf, templatePatch, truncateHistory,
} from './controller-history';
import { computeHash } from './deployment/util';
import { recordEvent, type EventSource } from '../controller-runtime/events';
import { selectorIsEmpty, selectorMatches } from '../lib/label-selector';
import { claimObjects, controllerRefOf, isOwnedBy, newControllerRef } from './owner-refs';
import {
  calculateStatefulSetStatus, claimsFor, identityMatches, isFinished, isHealthy, isMemberOf, isRunningAndAvailable, isRunningAndReady,
  isTerminating, newStatefulSetPod, nextAvailableMs, ordinalOf, podRevision, POD_INDEX_LABEL, POD_NAME_LABEL, replicasOf, startOrdinal,
} from './statefulset-util';

const stsRes = findKind('StatefulSet')!;
const podRes = findKind('Pod')!;
const pvcRes = findKind('PersistentVolumeClaim')!;
const SOURCE: EventSource = { component: 'statefulset-controller' };
const HASH_LABEL = 'controller.kubernetes.io/hash';

interface Revisions {
  current: ControllerRevision;
  update: ControllerRevision;
  collisionCount: number;
}

export class StatefulSetController implements Controller {
  readonly name = 'statefulset';
  readonly watches: WatchSpec[];

  constructor(private readonly api: ObjectApi, private readonly clock: Clock) {
    this.watches = [
      watchOf(stsRes, (e) => [objectKeyOf(e.object)]),
      watchOf(podRes, (e) => this.keysForPod(e)),
    ];
  }

  private keysForPod(e: WatchEvent<Pod>): string[] {
    const pod = e.object;
    const ref = controllerRefOf(pod);
    if (ref) return ref.kind === 'StatefulSet' && ref.apiVersion.startsWith('apps/') ? [`${pod.metadata.namespace}/${ref.name}`] : [];
    if (e.type === 'DELETED') return [];
    return this.api
      .list(stsRes, pod.metadata.namespace)
      .items.filter((s) => isMemberOf(s, pod) && selectorMatches(s.spec?.selector, pod.metadata.labels))
      .map(objectKeyOf);
  }

  reconcile(key: string): ReconcileResult | void {
    const { namespace, name } = splitKey(key);
    const set = this.api.tryGet(stsRes, namespace, name);
    if (!set) return;
    if (selectorIsEmpty(set.spec?.selector)) {
      recordEvent(this.api, set, 'Warning', 'SelectingAll', 'This statefulset is selecting all pods. A non-empty selector is required.', SOURCE);
      return;
    }
    const members = this.api.list(podRes, namespace).items.filter((p) => isMemberOf(set, p));
    const pods = claimObjects(
      { api: this.api, res: podRes, owner: set, ownerApiVersion: apiVersionOf(stsRes), ownerKind: 'StatefulSet', selector: set.spec?.selector ?? {} },
      members,
    );
    const revisions = listRevisions(this.api, set, 'StatefulSet');
    const rev = this.syncRevisions(set, revisions);
    if (!set.metadata.deletionTimestamp) this.updateStatefulSet(set, pods, rev);
    const now = this.clock.now();
    const after = this.api.list(podRes, namespace).items.filter((p) => isOwnedBy(p, set) && isMemberOf(set, p));
    const status = calculateStatefulSetStatus({
      set, pods: after, currentRevision: rev.current.metadata.name!, updateRevision: rev.update.metadata.name!, collisionCount: rev.collisionCount, now,
    });
    if (!deepEqual(set.status ?? {}, status)) this.api.updateStatus(stsRes, namespace, name, { ...set, status });
    const live = new Set([rev.current.metadata.name!, rev.update.metadata.name!, ...after.map(podRevision).filter((r): r is string => !!r)]);
    truncateHistory(this.api, listRevisions(this.api, set, 'StatefulSet'), live, set.spec?.revisionHistoryLimit ?? 10);
    const wait = nextAvailableMs(set, after, now);
    if (wait !== undefined) return { requeueAfterMs: wait };
  }

  /** getStatefulSetRevisions: the revision of today's template (created or rolled back to) and the current one. */
  private syncRevisions(set: StatefulSet, revisions: ControllerRevision[]): Revisions {
    let collisionCount = set.status?.collisionCount ?? 0;
    const data = templatePatch(set.spec?.template);
    const build = (count: number): ControllerRevision => {
      const hash = computeHash(data, count);
      return {
        apiVersion: apiVersionOf(revisionRes),
        kind: 'ControllerRevision',
        metadata: {
          name: `${set.metadata.name}-${hash}`,
          namespace: set.metadata.namespace,
          labels: { ...(set.spec?.template?.metadata?.labels ?? {}), [HASH_LABEL]: hash },
          ownerReferences: [newControllerRef(set, apiVersionOf(stsRes), 'StatefulSet')],
        },
        data,
        revision: nextRevisionNumber(revisions),
      };
    };
    const equal = revisions.filter((r) => hasData(r, data));
    const latest = revisions[revisions.length - 1];
    let update: ControllerRevision;
    if (equal.length && latest && equal[equal.length - 1].metadata.name === latest.metadata.name) update = latest;
    else if (equal.length) update = renumberRevision(this.api, equal[equal.length - 1], nextRevisionNumber(revisions));
    else ({ revision: update, collisionCount } = createRevision(this.api, build, collisionCount));
    const current = revisions.find((r) => r.metadata.name === set.status?.currentRevision) ?? update;
    return { current, update, collisionCount };
  }

  /** The monotonic (OrderedReady) or burst (Parallel) reconciliation of members, scale-down and rolling update. */
  private updateStatefulSet(set: StatefulSet, pods: Pod[], rev: Revisions): void {
    const now = this.clock.now();
    const minReady = set.spec?.minReadySeconds ?? 0;
    const monotonic = set.spec?.podManagementPolicy !== 'Parallel';
    const start = startOrdinal(set);
    const count = replicasOf(set);
    const replicas: (Pod | undefined)[] = new Array(count).fill(undefined);
    const condemned: Pod[] = [];
    for (const pod of pods) {
      const ord = ordinalOf(pod);
      if (ord >= start && ord < start + count) replicas[ord - start] = pod;
      else condemned.push(pod);
    }
    condemned.sort((a, b) => ordinalOf(a) - ordinalOf(b));
    const healthy = (p: Pod) => isRunningAndReady(p) && isRunningAndAvailable(p, minReady, now);
    const firstUnhealthy = [...replicas, ...condemned].find((p): p is Pod => !!p && !healthy(p));
    const ref = newControllerRef(set, apiVersionOf(stsRes), 'StatefulSet');

    let exit = false;
    for (let i = 0; i < count; i++) {
      const pod = replicas[i];
      const ord = start + i;
      if (pod && isFinished(pod)) {
        // A member that ran to an end is replaced: deleted now, created again once it is gone.
        if (!isTerminating(pod)) this.deleteMember(set, pod);
        exit = true;
        if (monotonic) return;
        continue;
      }
      if (!pod) {
        replicas[i] = this.createMember(set, ord, rev, ref);
        if (monotonic) return;
        continue;
      }
      if (pod.status?.phase === 'Pending') this.ensureClaims(set, pod);
      if (monotonic && (isTerminating(pod) || !healthy(pod))) return;
      if (!identityMatches(set, pod)) this.fixIdentity(set, pod);
    }
    if (exit) return;

    for (const pod of [...condemned].reverse()) {
      if (isTerminating(pod)) {
        if (monotonic) return;
        continue;
      }
      if (monotonic && !healthy(pod) && pod !== firstUnhealthy) return;
      this.deleteMember(set, pod);
      if (monotonic) return;
    }

    const strategy = set.spec?.updateStrategy ?? { type: 'RollingUpdate' };
    if (strategy.type === 'OnDelete') return;
    const partition = Math.max(0, strategy.rollingUpdate?.partition ?? 0);
    for (let target = count - 1; target >= partition; target--) {
      const pod = replicas[target];
      if (pod && podRevision(pod) !== rev.update.metadata.name && !isTerminating(pod)) {
        this.deleteMember(set, pod);
        return;
      }
      if (!pod || !isHealthy(pod, minReady, now)) return;
    }
  }

  /** newVersionedStatefulSetPod: below the partition a member is made from the current revision, above from the update. */
  private createMember(set: StatefulSet, ordinal: number, rev: Revisions, ref: OwnerReference): Pod {
    const ru = set.spec?.updateStrategy?.rollingUpdate;
    const type = set.spec?.updateStrategy?.type ?? 'RollingUpdate';
    const useCurrent = ru ? ordinal - startOrdinal(set) < (ru.partition ?? 0) : type === 'RollingUpdate' && ordinal - startOrdinal(set) < (set.status?.currentReplicas ?? 0);
    const revision = useCurrent ? rev.current : rev.update;
    const pod = newStatefulSetPod(set, templateOf(revision), ordinal, revision.metadata.name!, ref);
    this.ensureClaims(set, pod);
    try {
      const created = this.api.create(podRes, set.metadata.namespace, pod);
      recordEvent(this.api, set, 'Normal', 'SuccessfulCreate', `create Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`, SOURCE);
      return created;
    } catch (e) {
      if ((e as { reason?: string }).reason === 'AlreadyExists') throw e;
      recordEvent(this.api, set, 'Warning', 'FailedCreate', `create Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${(e as Error).message}`, SOURCE);
      throw e;
    }
  }

  /** createPersistentVolumeClaims: each missing claim of a member, before the member itself. */
  private ensureClaims(set: StatefulSet, pod: Pod): void {
    const ordinal = ordinalOf(pod);
    const whenDeleted = set.spec?.persistentVolumeClaimRetentionPolicy?.whenDeleted;
    for (const claim of claimsFor(set, ordinal)) {
      if (this.api.tryGet(pvcRes, claim.metadata.namespace, claim.metadata.name!)) continue;
      if (whenDeleted === 'Delete') {
        claim.metadata.ownerReferences = [{ apiVersion: apiVersionOf(stsRes), kind: 'StatefulSet', name: set.metadata.name!, uid: set.metadata.uid! }];
      }
      try {
        this.api.create(pvcRes, claim.metadata.namespace, claim);
        recordEvent(this.api, set, 'Normal', 'SuccessfulCreate', `create Claim ${claim.metadata.name} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} success`, SOURCE);
      } catch (e) {
        if ((e as { reason?: string }).reason === 'AlreadyExists') continue;
        const message = `create Claim ${claim.metadata.name} for Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: failed to create PVC ${claim.metadata.name}: ${(e as Error).message}`;
        recordEvent(this.api, set, 'Warning', 'FailedCreate', message, SOURCE);
        throw e;
      }
    }
  }

  private deleteMember(set: StatefulSet, pod: Pod): void {
    if (set.spec?.persistentVolumeClaimRetentionPolicy?.whenScaled === 'Delete' && ordinalOf(pod) >= startOrdinal(set) + replicasOf(set)) {
      this.giveClaimsToPod(set, pod);
    }
    try {
      this.api.delete(podRes, pod.metadata.namespace, pod.metadata.name!);
    } catch (e) {
      if ((e as { code?: number }).code === 404) return;
      recordEvent(this.api, set, 'Warning', 'FailedDelete', `delete Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${(e as Error).message}`, SOURCE);
      throw e;
    }
    recordEvent(this.api, set, 'Normal', 'SuccessfulDelete', `delete Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`, SOURCE);
  }

  /** whenScaled: Delete — a condemned member's claims are owned by it, so the garbage collector takes them after it. */
  private giveClaimsToPod(set: StatefulSet, pod: Pod): void {
    for (const claim of claimsFor(set, ordinalOf(pod))) {
      const pvc = this.api.tryGet(pvcRes, claim.metadata.namespace, claim.metadata.name!);
      if (!pvc || pvc.metadata.ownerReferences?.some((r) => r.uid === pod.metadata.uid)) continue;
      const refs = [...(pvc.metadata.ownerReferences ?? []), { apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name!, uid: pod.metadata.uid! }];
      this.api.update(pvcRes, pvc.metadata.namespace, pvc.metadata.name, { ...pvc, metadata: { ...pvc.metadata, ownerReferences: refs } });
    }
  }

  /** updateIdentity: puts back the name labels of a member (the rest of a pod is immutable). */
  private fixIdentity(set: StatefulSet, pod: Pod): void {
    const labels = { ...(pod.metadata.labels ?? {}), [POD_NAME_LABEL]: pod.metadata.name!, [POD_INDEX_LABEL]: String(ordinalOf(pod)) };
    this.api.update(podRes, pod.metadata.namespace, pod.metadata.name, { ...pod, metadata: { ...pod.metadata, labels } });
    recordEvent(this.api, set, 'Normal', 'SuccessfulUpdate', `update Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`, SOURCE);
  }
}
