// Required pod (anti-)affinity as kube-scheduler's InterPodAffinity filter applies it, seen with the real kubectl:
// replicas that must not share a node spread one per worker and the one too many stays Pending with the real
// FailedScheduling message; a pod that must sit next to another goes to its node; a running pod's anti-affinity
// keeps others off its node.
import { findKind } from '../../../sandbox/apiserver/kinds/registry';
import { kubectlBinaries, requireOrSkip } from '../../helpers/kubectl-bin';
import { startTestCluster, waitFor, type TestCluster } from '../../helpers/test-cluster';

const podRes = findKind('Pod')!;
const hasKubectl = requireOrSkip('kubectl', kubectlBinaries().all.length > 0);

(hasKubectl ? describe : describe.skip)('required pod affinity and anti-affinity (real kubectl)', () => {
  let tc: TestCluster;
  const { oldest, newest } = kubectlBinaries();
  const pods = (selector: Record<string, string>) =>
    tc.cluster.api.list(podRes, 'default').items.filter((p) => Object.entries(selector).every(([k, v]) => p.metadata.labels?.[k] === v));

  beforeAll(async () => {
    tc = await startTestCluster({ workers: 2 });
  });

  afterAll(async () => {
    await tc?.close();
  });

  it('puts replicas on different nodes and leaves the extra one Pending with the FailedScheduling message', async () => {
    const file = tc.file('spread.yaml', `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
          - labelSelector: {matchLabels: {app: web}}
            topologyKey: kubernetes.io/hostname
      containers: [{name: web, image: gihyodocker/echo:latest}]
`);
    expect((await tc.kubectl(oldest!, ['apply', '-f', file])).code).toBe(0);
    await waitFor(() => (pods({ app: 'web' }).filter((p) => p.spec?.nodeName).length === 2 && pods({ app: 'web' }).length === 3) || undefined, 'two replicas bound', 20_000);
    const message =
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn\'t match pod anti-affinity rules. ' +
      'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.';
    const pending = await waitFor(() => pods({ app: 'web' }).find((p) => p.status?.conditions?.some((c: any) => c.type === 'PodScheduled' && c.message === message)), 'the third replica unschedulable', 20_000);
    const bound = pods({ app: 'web' }).filter((p) => p.spec?.nodeName).map((p) => p.spec!.nodeName).sort();
    expect(bound).toEqual(['kubelab-worker', 'kubelab-worker2']);
    const events = await tc.kubectl(newest!, ['get', 'events', '--field-selector', `involvedObject.name=${pending!.metadata.name}`, '-o', 'jsonpath={range .items[*]}{.type} {.reason}: {.message}{"\\n"}{end}']);
    expect(events.stdout).toContain(`Warning FailedScheduling: ${message}`);
    const table = await tc.kubectl(newest!, ['get', 'pod', String(pending!.metadata.name)]);
    expect(table.stdout).toMatch(/0\/1\s+Pending/);
  });

  it('places a pod next to the pod its required affinity names', async () => {
    const target = pods({ app: 'web' }).find((p) => p.spec?.nodeName)!;
    const file = tc.file('cache.yaml', `
apiVersion: v1
kind: Pod
metadata: {name: cache, labels: {app: cache}}
spec:
  affinity:
    podAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
      - labelSelector: {matchLabels: {app: web}}
        topologyKey: kubernetes.io/hostname
    podAntiAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
      - labelSelector: {matchLabels: {app: lonely}}
        topologyKey: kubernetes.io/hostname
  containers: [{name: c, image: gihyodocker/nginx:latest}]
`);
    expect((await tc.kubectl(newest!, ['apply', '-f', file])).code).toBe(0);
    const placed = await waitFor(() => tc.cluster.api.tryGet(podRes, 'default', 'cache')?.spec?.nodeName, 'cache bound', 20_000);
    expect(['kubelab-worker', 'kubelab-worker2']).toContain(placed);
    expect(target.spec!.nodeName).toBeDefined();
  });

  it('keeps a pod off the node of a running pod whose anti-affinity rejects it', async () => {
    const cacheNode = tc.cluster.api.tryGet(podRes, 'default', 'cache')!.spec!.nodeName;
    const file = tc.file('lonely.yaml', `
apiVersion: v1
kind: Pod
metadata: {name: lonely, labels: {app: lonely}}
spec:
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms: [{matchExpressions: [{key: kubernetes.io/hostname, operator: In, values: [${cacheNode}]}]}]
  containers: [{name: c, image: gihyodocker/nginx:latest}]
`);
    expect((await tc.kubectl(oldest!, ['apply', '-f', file])).code).toBe(0);
    const pod = await waitFor(() => {
      const p = tc.cluster.api.tryGet(podRes, 'default', 'lonely');
      return p?.status?.conditions?.find((c: any) => c.type === 'PodScheduled' && c.status === 'False') ? p : undefined;
    }, 'lonely unschedulable', 20_000);
    expect(pod!.status!.conditions!.find((c: any) => c.type === 'PodScheduled')!.message).toMatch(/1 node\(s\) didn't satisfy existing pods anti-affinity rules/);
  });
});
