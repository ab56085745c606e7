// The disruption controller (pkg/controller/disruption): keeps each PodDisruptionBudget's status — how many of its
// pods are healthy (ready, not being deleted, not just evicted), how many must stay healthy (minAvailable, or the
// owners' replicas minus maxUnavailable; percentages of the owners' scale, rounded up), and so how many disruptions
// it allows now, with the DisruptionAllowed condition. Pods the eviction subresource has just charged
// (status.disruptedPods) are not counted for two minutes unless they disappear first.
import type { Pod, PodDisruptionBudget } from '../api/objects';
import type { WatchEvent } from '../api/types';
import { findKind } from '../apiserver/kinds/registry';
import type { ObjectApi } from '../apiserver/object-api';
import { selectorIsEmpty, selectorMatches } from '../lib/label-selector';
import { formatLabelSelector } from '../lib/label-selector-spec';
import type { Clock } from '../util/clock';
import { rfc3339 } from '../util/clock';
import { deepEqual } from '../util/deep-equal';
import { objectKeyOf, splitKey, type Controller, type ReconcileResult, type WatchSpec } from '../controller-runtime/controller';
import { recordEvent, type EventSource } from '../controller-runtime/events';
import { controllerRefOf } from './owner-refs';
import { isPodReady } from './pod-util';

const pdbRes = findKind('PodDisruptionBudget')!;
const podRes = findKind('Pod')!;
const rsRes = findKind('ReplicaSet')!;
const deployRes = findKind('Deployment')!;
const stsRes = findKind('StatefulSet')!;
const SOURCE: EventSource = { component: 'controllermanager' };
/** How long an evicted pod is assumed to be on its way out (DeletionTimeout). */
const DELETION_TIMEOUT_MS = 2 * 60_000;

type PodDisruptionBudgetStatus = NonNullable<PodDisruptionBudget['status']>;

class ExpectedCountError extends Error {}

/** GetScaledValueFromIntOrPercent with round-up. */
function scaled(v: unknown, total: number): number {
  if (typeof v === 'string' && v.endsWith('%')) return Math.ceil((Number(v.slice(0, -1)) * total) / 100);
  return Number(v ?? 0);
}

export interface Expectation {
  expectedCount: number;
  desiredHealthy: number;
  unmanaged: string[];
}

export class DisruptionController implements Controller {
  readonly name = 'disruption';
  readonly watches: WatchSpec[];

  constructor(private readonly api: ObjectApi, private readonly clock: Clock) {
    const inNamespace = (e: WatchEvent) => this.budgetsIn(e.object.metadata.namespace).map(objectKeyOf);
    this.watches = [
      { res: pdbRes, toKeys: (e) => (e.type === 'DELETED' ? [] : [objectKeyOf(e.object)]) },
      { res: podRes, toKeys: (e) => this.budgetsIn(e.object.metadata.namespace).filter((pdb) => selectorMatches(pdb.spec?.selector, e.object.metadata.labels)).map(objectKeyOf) },
      { res: rsRes, toKeys: inNamespace },
      { res: deployRes, toKeys: inNamespace },
      { res: stsRes, toKeys: inNamespace },
    ];
  }

  private budgetsIn(namespace: string | undefined): PodDisruptionBudget[] {
    return namespace ? this.api.list(pdbRes, namespace).items : [];
  }

  /** The replicas wanted by the controller of a pod (getPodDeployment, getPodReplicaSet, getPodStatefulSet). */
  private scaleOf(pod: Pod, seen: Set<string>): number | undefined {
    const ref = controllerRefOf(pod)!;
    const ns = pod.metadata.namespace;
    if (ref.kind === 'ReplicaSet' && ref.apiVersion.startsWith('apps/')) {
      const rs = this.api.tryGet(rsRes, ns, ref.name);
      if (!rs || rs.metadata.uid !== ref.uid) return undefined;
      const owner = controllerRefOf(rs);
      if (owner?.kind === 'Deployment') {
        const d = this.api.tryGet(deployRes, ns, owner.name);
        if (!d || d.metadata.uid !== owner.uid) return undefined;
        return seen.has(d.metadata.uid!) ? 0 : (seen.add(d.metadata.uid!), d.spec?.replicas ?? 1);
      }
      return seen.has(rs.metadata.uid!) ? 0 : (seen.add(rs.metadata.uid!), rs.spec?.replicas ?? 1);
    }
    if (ref.kind === 'StatefulSet' && ref.apiVersion.startsWith('apps/')) {
      const sts = this.api.tryGet(stsRes, ns, ref.name);
      if (!sts || sts.metadata.uid !== ref.uid) return undefined;
      return seen.has(sts.metadata.uid!) ? 0 : (seen.add(sts.metadata.uid!), sts.spec?.replicas ?? 1);
    }
    return undefined;
  }

  /** getExpectedPodCount: expected pods and how many must stay healthy. */
  expectation(pdb: PodDisruptionBudget, pods: Pod[]): Expectation {
    const spec = pdb.spec ?? {};
    const fromScale = () => {
      const seen = new Set<string>();
      let expectedCount = 0;
      const unmanaged: string[] = [];
      for (const pod of pods) {
        if (!controllerRefOf(pod)) {
          unmanaged.push(String(pod.metadata.name));
          continue;
        }
        const scale = this.scaleOf(pod, seen);
        if (scale === undefined) throw new ExpectedCountError(`found no controllers for pod "${pod.metadata.name}"`);
        expectedCount += scale;
      }
      return { expectedCount, unmanaged };
    };
    if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) {
      const { expectedCount, unmanaged } = fromScale();
      return { expectedCount, desiredHealthy: Math.max(0, expectedCount - scaled(spec.maxUnavailable, expectedCount)), unmanaged };
    }
    if (typeof spec.minAvailable === 'number') return { expectedCount: pods.length, desiredHealthy: spec.minAvailable, unmanaged: [] };
    if (typeof spec.minAvailable === 'string') {
      const { expectedCount, unmanaged } = fromScale();
      return { expectedCount, desiredHealthy: scaled(spec.minAvailable, expectedCount), unmanaged };
    }
    return { expectedCount: pods.length, desiredHealthy: 0, unmanaged: [] };
  }

  reconcile(key: string): ReconcileResult | void {
    const { namespace, name } = splitKey(key);
    const pdb = this.api.tryGet(pdbRes, namespace, name);
    if (!pdb || pdb.metadata.deletionTimestamp) return;
    const selector = pdb.spec?.selector;
    const pods = !selector || selectorIsEmpty(selector)
      ? []
      : this.api.list(podRes, namespace).items.filter((p) => selectorMatches(selector, p.metadata.labels));
    if (!pods.length) recordEvent(this.api, pdb, 'Normal', 'NoPods', 'No matching pods found', SOURCE);
    let expected: Expectation;
    try {
      expected = this.expectation(pdb, pods);
    } catch (e) {
      if (!(e instanceof ExpectedCountError)) throw e;
      recordEvent(this.api, pdb, 'Warning', 'CalculateExpectedPodCountFailed', `Failed to calculate the number of expected pods: ${e.message}`, SOURCE);
      this.write(pdb, { ...pdb.status, disruptionsAllowed: 0 }, { reason: 'SyncFailed', message: e.message });
      throw e;
    }
    if (expected.unmanaged.length) {
      recordEvent(this.api, pdb, 'Warning', 'UnmanagedPods',
        `Pods selected by this PodDisruptionBudget (selector: ${formatLabelSelector(selector)}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.`,
        SOURCE);
    }
    const now = this.clock.now();
    const disrupted: Record<string, string> = {};
    let recheckAt: number | undefined;
    for (const [podName, at] of Object.entries((pdb.status?.disruptedPods ?? {}) as Record<string, string>)) {
      const pod = pods.find((p) => p.metadata.name === podName);
      if (!pod || pod.metadata.deletionTimestamp) continue;
      const due = Date.parse(at) + DELETION_TIMEOUT_MS;
      if (due < now.getTime()) {
        recordEvent(this.api, pdb, 'Warning', 'NotDeleted', `Pod ${namespace}/${podName} was expected to be deleted at ${rfc3339(new Date(due))} but it wasn't, updating pdb`, SOURCE);
        continue;
      }
      disrupted[podName] = at;
      recheckAt = Math.min(recheckAt ?? Infinity, due);
    }
    const currentHealthy = pods.filter((p) => !p.metadata.deletionTimestamp && !(String(p.metadata.name) in disrupted) && isPodReady(p)).length;
    let disruptionsAllowed = currentHealthy - expected.desiredHealthy;
    if (expected.expectedCount <= 0 || disruptionsAllowed <= 0) disruptionsAllowed = 0;
    this.write(pdb, {
      ...(Object.keys(disrupted).length ? { disruptedPods: disrupted } : {}),
      disruptionsAllowed,
      currentHealthy,
      desiredHealthy: expected.desiredHealthy,
      expectedPods: expected.expectedCount,
    }, disruptionsAllowed > 0 ? { reason: 'SufficientPods', message: '' } : { reason: 'InsufficientPods', message: '' });
    if (recheckAt !== undefined) return { requeueAfterMs: Math.max(0, recheckAt - now.getTime()) };
  }

  /** Writes status with observedGeneration and the DisruptionAllowed condition (SetStatusCondition semantics). */
  private write(pdb: PodDisruptionBudget, fields: Partial<PodDisruptionBudgetStatus>, condition: { reason: string; message: string }): void {
    const observedGeneration = pdb.metadata.generation;
    const allowed = condition.reason === 'SufficientPods' ? 'True' : 'False';
    const before = (pdb.status?.conditions ?? []).find((c) => c?.type === 'DisruptionAllowed');
    const status = {
      observedGeneration,
      ...fields,
      conditions: [
        ...(pdb.status?.conditions ?? []).filter((c) => c?.type !== 'DisruptionAllowed'),
        {
          type: 'DisruptionAllowed', status: allowed, observedGeneration,
          lastTransitionTime: before?.status === allowed ? before.lastTransitionTime : rfc3339(this.clock.now()),
          reason: condition.reason, message: condition.message,
        },
      ],
    };
    if (!deepEqual(pdb.status ?? {}, status)) this.api.updateStatus(pdbRes, pdb.metadata.namespace, pdb.metadata.name, { ...pdb, status });
  }
}
