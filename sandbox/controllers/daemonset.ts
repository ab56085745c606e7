// The DaemonSet controller (pkg/controller/daemon/daemon_controller.go, update.go): one pod per eligible node — a new
// node gets one, a node that stops qualifying loses it, a failed one is replaced after a back-off — each pinned to its
// node by required node affinity and placed by the scheduler, as the real controller has done since 1.12. Template
// changes become ControllerRevisions (`controller-revision-hash` on the pods) rolled out maxUnavailable nodes at a time.
import { apiVersionOf } from '../api/registry';
import { findKind } from '../apiserver/kinds/registry';
import type { WatchEvent } from '../api/types';
import type { ControllerRevision, DaemonSet, Node, Pod } from '../api/objects';
import type { ObjectApi } from '../apiserver/object-api';
import type { Clock } from '../util/clock';
import { deepEqual } from '../util/deep-equal';
import { objectKeyOf, splitKey, watchOf, type Controller, type ReconcileResult, type WatchSpec } from '../controller-runtime/controller';
import {
  createRevision, listRevisions, nextRevisionNumber, renumberRevision, revisionRes, hasData, templatePatch, truncateHistory,
} from './controller-history';
import {
  byScheduledThenAge, calculateDaemonSetStatus, daemonPod, maxUnavailableOf, nodeShouldRunDaemonPod, oldPodsToReplace, REVISION_HASH_LABEL,
  targetNodeOf,
} from './daemonset-util';
import { computeHash } from './deployment/util';
import { recordEvent, type EventSource } from '../controller-runtime/events';
import { selectorIsEmpty, selectorMatches } from '../lib/label-selector';
import { claimObjects, controllerRefOf, newControllerRef } from './owner-refs';
import { msUntilAvailable } from './pod-util';

const dsRes = findKind('DaemonSet')!;
const podRes = findKind('Pod')!;
const nodeRes = findKind('Node')!;
const SOURCE: EventSource = { component: 'daemonset-controller' };
const FAILED_BACKOFF_MS = 1_000;
const MAX_FAILED_BACKOFF_MS = 15 * 60_000;

export class DaemonSetController implements Controller {
  readonly name = 'daemonset';
  readonly watches: WatchSpec[];
  /** failedPodsBackoff: per DaemonSet and node, so a pod the node keeps failing is not replaced in a hot loop. */
  private readonly failedBackoff = new Map<string, { delayMs: number; lastMs: number }>();

  constructor(private readonly api: ObjectApi, private readonly clock: Clock) {
    this.watches = [
      watchOf(dsRes, (e) => [objectKeyOf(e.object)]),
      watchOf(podRes, (e) => this.keysForPod(e)),
      // A node added, relabelled or (un)tainted may change where every DaemonSet should run.
      watchOf(nodeRes, () => this.api.list(dsRes, undefined).items.map(objectKeyOf)),
    ];
  }

  private keysForPod(e: WatchEvent<Pod>): string[] {
    const pod = e.object;
    const ref = controllerRefOf(pod);
    if (ref) return ref.kind === 'DaemonSet' && ref.apiVersion.startsWith('apps/') ? [`${pod.metadata.namespace}/${ref.name}`] : [];
    if (e.type === 'DELETED') return [];
    return this.api.list(dsRes, pod.metadata.namespace).items.filter((d) => selectorMatches(d.spec?.selector, pod.metadata.labels)).map(objectKeyOf);
  }

  reconcile(key: string): ReconcileResult | void {
    const { namespace, name } = splitKey(key);
    const ds = this.api.tryGet(dsRes, namespace, name);
    if (!ds) {
      for (const k of [...this.failedBackoff.keys()]) if (k.startsWith(`${key}/`)) this.failedBackoff.delete(k);
      return;
    }
    if (selectorIsEmpty(ds.spec?.selector)) {
      recordEvent(this.api, ds, 'Warning', 'SelectingAll', 'This daemon set is selecting all pods. A non-empty selector is required.', SOURCE);
      return;
    }
    const nodes = this.api.list(nodeRes, undefined).items;
    const { hash, live } = this.constructHistory(ds);
    const requeue: number[] = [];
    if (!ds.metadata.deletionTimestamp) {
      this.manage(key, ds, nodes, hash, requeue);
      if ((ds.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') this.rollingUpdate(ds, nodes, hash);
    }
    const now = this.clock.now();
    const podsByNode = this.podsByNode(ds);
    const status = calculateDaemonSetStatus({ ds, nodes, podsByNode, hash, now });
    if (!deepEqual(ds.status ?? {}, status)) this.api.updateStatus(dsRes, namespace, name, { ...ds, status });
    const hashes = new Set([...podsByNode.values()].flat().map((p) => p.metadata.labels?.[REVISION_HASH_LABEL]));
    const revisions = listRevisions(this.api, ds, 'DaemonSet');
    truncateHistory(this.api, revisions, new Set([live, ...revisions.filter((r) => hashes.has(r.metadata.labels?.[REVISION_HASH_LABEL])).map((r) => r.metadata.name!)]), ds.spec?.revisionHistoryLimit ?? 10);
    const minReady = ds.spec?.minReadySeconds ?? 0;
    for (const p of [...podsByNode.values()].flat()) {
      const wait = msUntilAvailable(p, minReady, now);
      if (wait !== undefined) requeue.push(wait);
    }
    if (requeue.length) return { requeueAfterMs: Math.max(1, Math.min(...requeue)) };
  }

  /** Pods this DaemonSet controls (adopting matching orphans), grouped by the node each is meant for. */
  private podsByNode(ds: DaemonSet): Map<string, Pod[]> {
    const pods = claimObjects(
      { api: this.api, res: podRes, owner: ds, ownerApiVersion: apiVersionOf(dsRes), ownerKind: 'DaemonSet', selector: ds.spec?.selector ?? {} },
      this.api.list(podRes, ds.metadata.namespace).items,
    );
    const byNode = new Map<string, Pod[]>();
    for (const pod of pods) {
      const node = targetNodeOf(pod);
      if (node) byNode.set(node, [...(byNode.get(node) ?? []), pod]);
    }
    return byNode;
  }

  /** constructHistory: the revision of today's template (new, or an old one renumbered on rollback) and its hash. */
  private constructHistory(ds: DaemonSet): { hash: string; live: string } {
    const revisions = listRevisions(this.api, ds, 'DaemonSet');
    const data = templatePatch(ds.spec?.template);
    const equal = revisions.filter((r) => hasData(r, data));
    const next = nextRevisionNumber(revisions);
    let current: ControllerRevision;
    if (equal.length) {
      current = equal[equal.length - 1];
      if (revisions[revisions.length - 1].metadata.name !== current.metadata.name) current = renumberRevision(this.api, current, next);
    } else {
      const build = (count: number): ControllerRevision => {
        const hash = computeHash(ds.spec?.template, count);
        return {
          apiVersion: apiVersionOf(revisionRes),
          kind: 'ControllerRevision',
          metadata: {
            name: `${ds.metadata.name}-${hash}`,
            namespace: ds.metadata.namespace,
            labels: { ...(ds.spec?.template?.metadata?.labels ?? {}), [REVISION_HASH_LABEL]: hash },
            ...(ds.metadata.annotations ? { annotations: { ...ds.metadata.annotations } } : {}),
            ownerReferences: [newControllerRef(ds, apiVersionOf(dsRes), 'DaemonSet')],
          },
          data,
          revision: next,
        };
      };
      const made = createRevision(this.api, build, ds.status?.collisionCount ?? 0);
      current = made.revision;
      if (made.collisionCount !== (ds.status?.collisionCount ?? 0)) {
        this.api.updateStatus(dsRes, ds.metadata.namespace, ds.metadata.name, { ...ds, status: { ...(ds.status ?? {}), collisionCount: made.collisionCount } });
      }
    }
    return { hash: current.metadata.labels?.[REVISION_HASH_LABEL] ?? '', live: current.metadata.name! };
  }

  /** manage / podsShouldBeOnNode: creates missing daemon pods, deletes failed, surplus and misplaced ones. */
  private manage(key: string, ds: DaemonSet, nodes: Node[], hash: string, requeue: number[]): void {
    const byNode = this.podsByNode(ds);
    const create: string[] = [];
    const doomed: Pod[] = [];
    const now = this.clock.now().getTime();
    for (const node of nodes) {
      const nodeName = node.metadata.name!;
      const pods = byNode.get(nodeName) ?? [];
      const { shouldRun, shouldContinueRunning } = nodeShouldRunDaemonPod(node, ds);
      if (shouldRun && !pods.length) {
        create.push(nodeName);
      } else if (shouldContinueRunning) {
        const running: Pod[] = [];
        for (const pod of pods) {
          if (pod.metadata.deletionTimestamp) continue;
          if (pod.status?.phase === 'Failed') {
            const wait = this.failedPodBackoff(`${key}/${nodeName}`, now);
            if (wait > 0) {
              requeue.push(wait);
              continue;
            }
            recordEvent(this.api, ds, 'Warning', 'FailedDaemonPod', `Found failed daemon pod ${pod.metadata.namespace}/${pod.metadata.name} on node ${nodeName}, will try to kill it`, SOURCE);
            doomed.push(pod);
          } else if (pod.status?.phase === 'Succeeded') {
            doomed.push(pod);
          } else {
            running.push(pod);
          }
        }
        if (running.length > 1) doomed.push(...running.sort(byScheduledThenAge).slice(1));
      } else {
        doomed.push(...pods.filter((p) => !p.metadata.deletionTimestamp));
      }
    }
    // Pods meant for nodes that no longer exist go too.
    const known = new Set(nodes.map((n) => n.metadata.name));
    for (const [nodeName, pods] of byNode) if (!known.has(nodeName)) doomed.push(...pods.filter((p) => !p.metadata.deletionTimestamp));
    this.syncNodes(ds, doomed, create, hash);
  }

  /** Next allowed replacement of a failed pod on a node: 1 s, doubling to 15 min (flowcontrol.Backoff). */
  private failedPodBackoff(key: string, now: number): number {
    const entry = this.failedBackoff.get(key);
    if (entry && now - entry.lastMs < entry.delayMs) return entry.delayMs - (now - entry.lastMs);
    const delayMs = entry && now - entry.lastMs < 2 * MAX_FAILED_BACKOFF_MS ? Math.min(entry.delayMs * 2, MAX_FAILED_BACKOFF_MS) : FAILED_BACKOFF_MS;
    this.failedBackoff.set(key, { delayMs, lastMs: now });
    return 0;
  }

  /** Replaces old pods the rolling update may take down now; the next manage pass creates their successors. */
  private rollingUpdate(ds: DaemonSet, nodes: Node[], hash: string): void {
    const byNode = this.podsByNode(ds);
    let desired = 0;
    for (const node of nodes) {
      if (!nodeShouldRunDaemonPod(node, ds).shouldRun) continue;
      desired++;
      if (!byNode.has(node.metadata.name!)) byNode.set(node.metadata.name!, []);
    }
    const maxUnavailable = desired > 0 ? maxUnavailableOf(ds, desired) : 0;
    this.syncNodes(ds, oldPodsToReplace(ds, byNode, hash, maxUnavailable, this.clock.now()), [], hash);
  }

  private syncNodes(ds: DaemonSet, doomed: Pod[], create: string[], hash: string): void {
    const ref = newControllerRef(ds, apiVersionOf(dsRes), 'DaemonSet');
    for (const nodeName of create) {
      try {
        const pod = this.api.create(podRes, ds.metadata.namespace, daemonPod(ds, nodeName, hash, ref));
        recordEvent(this.api, ds, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, SOURCE);
      } catch (e) {
        recordEvent(this.api, ds, 'Warning', 'FailedCreate', `Error creating: ${(e as Error).message}`, SOURCE);
        throw e;
      }
    }
    for (const pod of doomed) {
      try {
        this.api.delete(podRes, pod.metadata.namespace, pod.metadata.name!);
        recordEvent(this.api, ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, SOURCE);
      } catch (e) {
        if ((e as { code?: number }).code === 404) continue;
        recordEvent(this.api, ds, 'Warning', 'FailedDelete', `Error deleting: ${(e as Error).message}`, SOURCE);
        throw e;
      }
    }
  }
}
