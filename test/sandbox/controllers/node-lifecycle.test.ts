// A worker whose kubelet stops: NotReady after 40 s of silence, unreachable taints, its pods evicted once their
// 300 s toleration runs out and replaced on the other worker by their ReplicaSet; back to Ready when it returns.
import { startAgents, res, type AgentsHarness } from '../kubelet/agents-harness';
import { LAB_TIMINGS, SIMULATE_ANNOTATION } from '../../../sandbox/kubelet';

const node = (h: AgentsHarness, name = 'kubelab-worker') => h.api.get(res.node, undefined, name);
const condition = (n: any, type: string) => n.status.conditions.find((c: any) => c.type === type);

function createDeployment(h: AgentsHarness, name: string, replicas: number) {
  h.api.create(res.deploy, 'default', {
    metadata: { name },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'echo', image: 'gihyodocker/echo:latest' }] } } },
  });
}

const podsOf = (h: AgentsHarness, app: string) => h.api.list(res.pod, 'default').items.filter((p) => p.metadata.labels?.app === app);

describe('the node lifecycle controller', () => {
  let h: AgentsHarness;
  afterEach(() => h.dispose());

  it('marks a silent node NotReady, evicts its pods after 300 s and lets their ReplicaSet replace them elsewhere', async () => {
    h = startAgents({ controllers: true });
    await h.settle();
    createDeployment(h, 'web', 4);
    await h.settle();
    const onWorker = podsOf(h, 'web').filter((p) => p.spec!.nodeName === 'kubelab-worker');
    expect(onWorker).toHaveLength(2);

    h.agents.stopNode('kubelab-worker');
    await h.advance(39_000);
    expect(condition(node(h), 'Ready').status).toBe('True');
    await h.advance(2_000);
    const n = node(h);
    expect(condition(n, 'Ready')).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: '2024-05-01T10:00:41Z' });
    expect(condition(n, 'MemoryPressure').status).toBe('Unknown');
    expect(n.spec!.taints).toEqual([
      { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule', timeAdded: '2024-05-01T10:00:41Z' },
      { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: '2024-05-01T10:00:41Z' },
    ]);
    expect(h.events('kubelab-worker').find((e) => e.reason === 'NodeNotReady')).toMatchObject({
      message: 'Node kubelab-worker status is now: NodeNotReady',
      source: { component: 'node-controller' },
    });
    for (const p of onWorker) {
      expect(condition(h.pod(p.metadata.name!), 'Ready').status).toBe('False');
      expect(h.events(p.metadata.name!).map((e) => e.reason)).toContain('NodeNotReady');
    }

    await h.advance(299_000);
    expect(h.pod(onWorker[0].metadata.name!).metadata.deletionTimestamp).toBeUndefined();
    await h.advance(1_000);
    for (const p of onWorker) {
      const evicted = h.pod(p.metadata.name!);
      // The dead kubelet cannot finish the deletion: the pod stays Terminating.
      expect(evicted.metadata.deletionTimestamp).toBeDefined();
      expect(condition(evicted, 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' });
      expect(h.events(p.metadata.name!).find((e) => e.reason === 'TaintManagerEviction')).toMatchObject({
        message: `Marking for deletion Pod default/${p.metadata.name}`,
        source: { component: 'taint-eviction-controller' },
      });
    }
    const live = podsOf(h, 'web').filter((p) => !p.metadata.deletionTimestamp);
    expect(live).toHaveLength(4);
    expect(live.every((p) => p.spec!.nodeName === 'kubelab-worker2' && p.status!.phase === 'Running')).toBe(true);

    h.agents.startNode('kubelab-worker');
    await h.settle();
    expect(condition(node(h), 'Ready')).toMatchObject({ status: 'True', reason: 'KubeletReady' });
    expect(node(h).spec!.taints).toBeUndefined();
    expect(podsOf(h, 'web').filter((p) => p.spec!.nodeName === 'kubelab-worker')).toEqual([]);
    expect(h.events('kubelab-worker').filter((e) => e.reason === 'NodeReady').length).toBeGreaterThanOrEqual(1);
  });

  it('leaves pods that tolerate unreachable nodes forever where they are', async () => {
    h = startAgents();
    await h.settle();
    h.createPod('stay', {
      nodeName: 'kubelab-worker',
      tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' }],
      containers: [{ name: 'app', image: 'nginx:1.25' }],
    });
    h.createPod('go', { nodeName: 'kubelab-worker', containers: [{ name: 'app', image: 'nginx:1.25' }] });
    await h.settle();
    h.agents.stopNode('kubelab-worker');
    await h.advance(41_000);
    await h.advance(300_000);
    expect(h.pod('stay').metadata.deletionTimestamp).toBeUndefined();
    expect(h.pod('go').metadata.deletionTimestamp).toBeDefined();
  });

  it('stops and starts a kubelet through the kubelab.dev/simulate annotation, with the lab timings', async () => {
    h = startAgents({ agents: { timings: LAB_TIMINGS } });
    await h.settle();
    h.createPod('web', { nodeName: 'kubelab-worker', containers: [{ name: 'app', image: 'nginx:1.25' }] });
    await h.settle();
    const annotate = (value?: string) => {
      const n = node(h);
      const annotations = { ...n.metadata.annotations };
      if (value) annotations[SIMULATE_ANNOTATION] = value;
      else delete annotations[SIMULATE_ANNOTATION];
      h.api.update(res.node, undefined, 'kubelab-worker', { ...n, metadata: { ...n.metadata, annotations } });
    };
    annotate('stopped');
    await h.settle();
    expect(h.agents.kubelets.get('kubelab-worker')!.stopped).toBe(true);
    await h.advance(16_000);
    expect(condition(node(h), 'Ready').status).toBe('Unknown');
    // Lab timings: the 300 s toleration counts as 30 s.
    await h.advance(30_000);
    expect(h.pod('web').metadata.deletionTimestamp).toBeDefined();
    annotate();
    await h.settle();
    expect(condition(node(h), 'Ready').status).toBe('True');
    // The revived kubelet finishes the pod left Terminating.
    expect(h.api.tryGet(res.pod, 'default', 'web')).toBeUndefined();
  });

  it('records RegisteredNode for every node it starts watching', async () => {
    h = startAgents();
    await h.settle();
    expect(h.events('kubelab-control-plane').find((e) => e.reason === 'RegisteredNode')).toMatchObject({
      message: 'Node kubelab-control-plane event: Registered Node kubelab-control-plane in Controller',
    });
  });
});
