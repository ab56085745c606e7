import type { Affinity, DaemonSet, Node, Pod, PodSpec, Taint } from '../../../sandbox/api/objects';
import { nodeObject, CONTROL_PLANE_TAINT } from '../../../sandbox/bootstrap';
import { nodeShouldRunDaemonPod, oldPodsToReplace, targetNodeOf, withDaemonTolerations } from '../../../sandbox/controllers/daemonset-util';
import { kinds, startWorkloadCluster, type WorkloadCluster } from './workload-cluster';

const WORKERS = ['kubelab-worker', 'kubelab-worker2'];
const CONTROL_PLANE = 'kubelab-control-plane';

function daemonSet(name: string, podSpec: Partial<PodSpec> = {}, image = 'gihyodocker/echo:latest'): DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'agent', image }], ...podSpec } },
    },
  };
}

describe('DaemonSet controller', () => {
  let w: WorkloadCluster;
  beforeEach(async () => {
    w = await startWorkloadCluster();
  });
  afterEach(() => w.dispose());

  const ds = (name: string) => w.get('ds', name)!;
  const placement = (name: string) => w.pods({ app: name }).map((p) => [targetNodeOf(p), p.spec!.nodeName]).sort();
  const ready = (name: string, n: number) => () => ds(name)?.status?.numberReady === n && ds(name).status!.desiredNumberScheduled === n;

  it('runs one pod on each worker and none on the tainted control plane', async () => {
    const created = w.cluster.api.create(kinds.ds, 'default', daemonSet('logs'));
    await w.until(ready('logs', 2));
    expect(placement('logs')).toEqual(WORKERS.map((n) => [n, n]));
    expect(ds('logs').status).toEqual({
      currentNumberScheduled: 2,
      desiredNumberScheduled: 2,
      numberMisscheduled: 0,
      numberReady: 2,
      numberAvailable: 2,
      updatedNumberScheduled: 2,
      observedGeneration: 1,
    });
    const pod = w.pods({ app: 'logs' })[0];
    expect(pod.metadata.name).toMatch(/^logs-[a-z0-9]{5}$/);
    expect(pod.metadata.ownerReferences).toEqual([
      { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'logs', uid: created.metadata.uid, controller: true, blockOwnerDeletion: true },
    ]);
    expect(pod.spec!.affinity).toEqual({
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [pod.spec!.nodeName] }] }] } },
    });
    expect(pod.spec!.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
    ]);
    const hash = pod.metadata.labels!['controller-revision-hash'];
    expect(w.get('revision', `logs-${hash}`)).toMatchObject({ revision: 1, metadata: { labels: { app: 'logs', 'controller-revision-hash': hash } } });
    expect(w.events('logs').map((e) => e.reason)).toEqual(['SuccessfulCreate', 'SuccessfulCreate']);
  });

  it('also runs on the control plane when the pods tolerate its taint', async () => {
    w.cluster.api.create(kinds.ds, 'default', daemonSet('everywhere', { tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }] }));
    await w.until(ready('everywhere', 3));
    expect(placement('everywhere')).toEqual([CONTROL_PLANE, ...WORKERS].map((n) => [n, n]));
  });

  it('only uses the nodes its nodeSelector picks', async () => {
    const node = w.get('node', 'kubelab-worker2')!;
    w.cluster.api.update(kinds.node, undefined, 'kubelab-worker2', { ...node, metadata: { ...node.metadata, labels: { ...node.metadata.labels, disk: 'ssd' } } });
    w.cluster.api.create(kinds.ds, 'default', daemonSet('ssd', { nodeSelector: { disk: 'ssd' } }));
    await w.until(ready('ssd', 1));
    expect(placement('ssd')).toEqual([['kubelab-worker2', 'kubelab-worker2']]);
  });

  it('starts a pod for a node that joins, and removes the pod of a node that no longer qualifies', async () => {
    w.cluster.api.create(kinds.ds, 'default', daemonSet('logs'));
    await w.until(ready('logs', 2));
    w.cluster.api.create(kinds.node, undefined, nodeObject({
      name: 'kubelab-worker3', controlPlane: false, internalIP: '172.18.0.9', podCIDR: '10.244.9.0/24', cpu: '2', memory: '4Gi', pods: '110', runtimeVersion: 'sim',
    }, w.cluster.api.now()));
    await w.until(() => ds('logs').status!.currentNumberScheduled === 3);
    expect(w.pods({ app: 'logs' }).map(targetNodeOf).sort()).toEqual([...WORKERS, 'kubelab-worker3']);
    const node = w.get('node', 'kubelab-worker')!;
    w.cluster.api.update(kinds.node, undefined, 'kubelab-worker', { ...node, spec: { ...node.spec, taints: [{ key: 'dedicated', value: 'db', effect: 'NoExecute' }] } });
    await w.until(() => !w.pods({ app: 'logs' }).some((p) => targetNodeOf(p) === 'kubelab-worker'));
    expect(ds('logs').status!.desiredNumberScheduled).toBe(2);
  });

  it('replaces the pods of a changed template one node at a time', async () => {
    w.cluster.api.create(kinds.ds, 'default', daemonSet('logs'));
    await w.until(ready('logs', 2));
    let maxTerminating = 0;
    const watch = w.cluster.api.watch(kinds.pod, 'default', {}, () => {
      maxTerminating = Math.max(maxTerminating, w.pods({ app: 'logs' }).filter((p) => p.metadata.deletionTimestamp).length);
    });
    const current = ds('logs');
    w.cluster.api.update(kinds.ds, 'default', 'logs', { ...current, spec: { ...current.spec!, template: { ...current.spec!.template, spec: { ...current.spec!.template.spec, containers: [{ name: 'agent', image: 'gihyodocker/nginx:latest' }] } } } });
    await w.until(() => ds('logs').status!.updatedNumberScheduled === 2 && ds('logs').status!.numberAvailable === 2 && w.pods({ app: 'logs' }).length === 2);
    watch.dispose();
    expect(maxTerminating).toBe(1);
    expect(w.pods({ app: 'logs' }).map((p) => p.spec!.containers[0].image)).toEqual(['gihyodocker/nginx:latest', 'gihyodocker/nginx:latest']);
    expect(placement('logs')).toEqual(WORKERS.map((n) => [n, n]));
    expect(w.cluster.api.list(kinds.revision, 'default').items.map((r) => r.revision).sort()).toEqual([1, 2]);
  });
});

describe('DaemonSet placement rules', () => {
  const node = (name: string, taints: Taint[] = [], labels: Record<string, string> = {}): Node => ({ metadata: { name, labels }, spec: { taints } });
  const ds = (spec: Partial<PodSpec> = {}) => ({ metadata: { name: 'd' }, spec: { template: { spec: { containers: [{ name: 'c', image: 'i' }], ...spec } } } }) as DaemonSet;

  it('keeps off nodes with untolerated NoSchedule taints but leaves running pods there', () => {
    expect(nodeShouldRunDaemonPod(node('cp', [CONTROL_PLANE_TAINT]), ds())).toEqual({ shouldRun: false, shouldContinueRunning: true });
    expect(nodeShouldRunDaemonPod(node('w', [{ key: 'x', effect: 'NoExecute' }]), ds())).toEqual({ shouldRun: false, shouldContinueRunning: false });
    expect(nodeShouldRunDaemonPod(node('w'), ds())).toEqual({ shouldRun: true, shouldContinueRunning: true });
  });

  it('runs on cordoned and not-ready nodes thanks to the daemon tolerations', () => {
    const cordoned = node('w', [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }]);
    expect(nodeShouldRunDaemonPod(cordoned, ds()).shouldRun).toBe(true);
    expect(withDaemonTolerations({ hostNetwork: true, containers: [] }).map((t) => t.key)).toContain('node.kubernetes.io/network-unavailable');
  });

  it('honours required node affinity of the template', () => {
    const affinity: Affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }] } } };
    expect(nodeShouldRunDaemonPod(node('w', [], { zone: 'a' }), ds({ affinity })).shouldRun).toBe(true);
    expect(nodeShouldRunDaemonPod(node('w', [], { zone: 'b' }), ds({ affinity })).shouldRun).toBe(false);
  });

  it('replaces unavailable old pods at once and available ones within maxUnavailable', () => {
    const now = new Date();
    const pod = (name: string, hash: string, ready: boolean) => ({
      metadata: { name, labels: { 'controller-revision-hash': hash } },
      status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
    }) as Pod;
    const byNode = new Map([
      ['a', [pod('a1', 'old', true)]],
      ['b', [pod('b1', 'old', true)]],
      ['c', [pod('c1', 'old', false)]],
      ['d', [pod('d1', 'new', true)]],
    ]);
    expect(oldPodsToReplace(ds(), byNode, 'new', 1, now).map((p) => p.metadata.name)).toEqual(['c1', 'a1']);
    byNode.set('d', [pod('d1', 'new', false)]);
    expect(oldPodsToReplace(ds(), byNode, 'new', 1, now).map((p) => p.metadata.name)).toEqual(['c1']);
  });
});
