// The pure scheduling decision against the bootstrap cluster's shape (a tainted control plane, two 2-CPU workers):
// where pods land, and the FailedScheduling message a learner reads when they land nowhere.
import type { Node, Pod } from '../../../sandbox/api/objects';
import { nodeObject, nodeNames } from '../../../sandbox/bootstrap';
import { schedule, fitErrorMessage } from '../../../sandbox/scheduler/schedule';
import { podRequests } from '../../../sandbox/scheduler/resources';

function clusterNodes(): Node[] {
  return nodeNames(2).map((name, i) =>
    nodeObject({ name, controlPlane: i === 0, internalIP: `172.18.0.${i + 2}`, podCIDR: `10.244.${i}.0/24`, cpu: '2', memory: '4Gi', pods: '110', runtimeVersion: 'sim' }, '2024-05-01T10:00:00Z'),
  );
}

function pod(name: string, spec: any = {}, meta: any = {}): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', uid: `uid-${name}`, ...meta }, spec: { containers: [{ name: 'app', image: 'nginx' }], ...spec } };
}

const withCpu = (cpu: string, extra: any = {}) => ({ containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu } } }], ...extra });
const CONTROL_PLANE_TAINT = '1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }';

describe('schedule', () => {
  it('places a plain pod on a worker, never on the tainted control plane', () => {
    const result = schedule(pod('web'), clusterNodes(), new Map());
    expect(result).toEqual({ node: 'kubelab-worker' });
  });

  it('lets a pod that tolerates the control-plane taint and selects it land there', () => {
    const spec = {
      nodeSelector: { 'node-role.kubernetes.io/control-plane': '' },
      tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }],
    };
    expect(schedule(pod('cp', spec), clusterNodes(), new Map())).toEqual({ node: 'kubelab-control-plane' });
  });

  it('explains a nodeSelector nobody matches with the real FailedScheduling message', () => {
    const result = schedule(pod('ssd', { nodeSelector: { disktype: 'ssd' } }), clusterNodes(), new Map());
    expect(result).toMatchObject({
      message: `0/3 nodes are available: ${CONTROL_PLANE_TAINT}, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.`,
    });
  });

  it('says Insufficient cpu, and that preemption cannot help a pod bigger than any node', () => {
    const result = schedule(pod('big', withCpu('3')), clusterNodes(), new Map());
    expect(result).toMatchObject({
      message: `0/3 nodes are available: ${CONTROL_PLANE_TAINT}, 2 Insufficient cpu. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.`,
    });
  });

  it('counts the requests of pods already on a node, and finds no preemption victims among equals', () => {
    const busy = new Map([
      ['kubelab-worker', [pod('a', withCpu('1500m'))]],
      ['kubelab-worker2', [pod('b', withCpu('1.5'))]],
    ]);
    const result = schedule(pod('c', withCpu('0.5001')), clusterNodes(), busy);
    expect(result).toMatchObject({
      message: `0/3 nodes are available: ${CONTROL_PLANE_TAINT}, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.`,
    });
    expect(schedule(pod('d', withCpu('500m')), clusterNodes(), busy)).toEqual({ node: 'kubelab-worker' });
  });

  it('reads memory quantities (128Mi, 1Gi, 4G) against allocatable memory', () => {
    const mem = (m: string) => ({ containers: [{ name: 'app', image: 'nginx', resources: { requests: { memory: m } } }] });
    const full = new Map([
      ['kubelab-worker', [pod('a', mem('3200Mi'))]],
      ['kubelab-worker2', [pod('b', mem('3900Mi'))]],
    ]);
    expect(schedule(pod('small', mem('128Mi')), clusterNodes(), full)).toEqual({ node: 'kubelab-worker' });
    expect(schedule(pod('big', mem('1Gi')), clusterNodes(), full)).toMatchObject({ message: expect.stringContaining('2 Insufficient memory.') });
    expect(schedule(pod('huge', mem('5G')), clusterNodes(), new Map())).toMatchObject({ message: expect.stringContaining('3 Preemption is not helpful') });
  });

  it('keeps pods off a cordoned node', () => {
    const nodes = clusterNodes();
    nodes[1].spec!.unschedulable = true;
    expect(schedule(pod('web'), nodes, new Map())).toEqual({ node: 'kubelab-worker2' });
    nodes[2].spec!.unschedulable = true;
    expect(schedule(pod('web'), nodes, new Map())).toMatchObject({
      message: `0/3 nodes are available: ${CONTROL_PLANE_TAINT}, 2 node(s) were unschedulable. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.`,
    });
  });

  it('keeps pods off a node with the unreachable taint even though they tolerate it for NoExecute', () => {
    const nodes = clusterNodes();
    nodes[1].spec!.taints = [{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }];
    const tolerations = [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }];
    expect(schedule(pod('web', { tolerations }), nodes, new Map())).toEqual({ node: 'kubelab-worker2' });
  });

  it('honours required node affinity with In, NotIn, Exists, DoesNotExist, Gt and Lt', () => {
    const nodes = clusterNodes();
    nodes[1].metadata.labels = { ...nodes[1].metadata.labels, zone: 'a', gen: '3' };
    nodes[2].metadata.labels = { ...nodes[2].metadata.labels, zone: 'b', gen: '5' };
    const affinity = (...matchExpressions: any[]) => ({
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions }] } } },
    });
    const place = (...exprs: any[]) => schedule(pod('p', affinity(...exprs)), nodes, new Map());
    expect(place({ key: 'zone', operator: 'In', values: ['b'] })).toEqual({ node: 'kubelab-worker2' });
    expect(place({ key: 'zone', operator: 'NotIn', values: ['a'] })).toEqual({ node: 'kubelab-worker2' });
    expect(place({ key: 'zone', operator: 'Exists' }, { key: 'gen', operator: 'Lt', values: ['4'] })).toEqual({ node: 'kubelab-worker' });
    expect(place({ key: 'gen', operator: 'Gt', values: ['4'] })).toEqual({ node: 'kubelab-worker2' });
    expect(place({ key: 'zone', operator: 'DoesNotExist' })).toMatchObject({ message: expect.stringContaining("2 node(s) didn't match Pod's node affinity/selector") });
  });

  it('prefers nodes by preferred affinity weight', () => {
    const nodes = clusterNodes();
    nodes[2].metadata.labels = { ...nodes[2].metadata.labels, disk: 'ssd' };
    const spec = {
      affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } }] } },
    };
    expect(schedule(pod('p', spec), nodes, new Map())).toEqual({ node: 'kubelab-worker2' });
  });

  it('spreads the replicas of one owner over the workers', () => {
    const owner = { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'rs-1', controller: true }] };
    const nodes = clusterNodes();
    const placed = new Map<string, Pod[]>();
    const where: string[] = [];
    for (let i = 0; i < 4; i++) {
      const p = pod(`web-${i}`, {}, owner);
      const r = schedule(p, nodes, placed);
      if (!('node' in r)) throw new Error(r.message);
      where.push(r.node);
      placed.set(r.node, [...(placed.get(r.node) ?? []), p]);
    }
    expect(where.filter((n) => n === 'kubelab-worker')).toHaveLength(2);
    expect(where.filter((n) => n === 'kubelab-worker2')).toHaveLength(2);
  });

  it('says Too many pods when a node is full', () => {
    const nodes = clusterNodes().slice(1, 2);
    nodes[0].status!.allocatable = { ...nodes[0].status!.allocatable, pods: '1' };
    const result = schedule(pod('b'), nodes, new Map([['kubelab-worker', [pod('a')]]]));
    expect(result).toMatchObject({ message: '0/1 nodes are available: 1 Too many pods. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.' });
  });

  it('refuses a host port already taken on the node', () => {
    const nodes = clusterNodes().slice(1);
    const withPort = { containers: [{ name: 'app', image: 'nginx', ports: [{ containerPort: 80, hostPort: 8080, protocol: 'TCP' }] }] };
    const taken = new Map([['kubelab-worker', [pod('a', withPort)]]]);
    expect(schedule(pod('b', withPort), nodes, taken)).toEqual({ node: 'kubelab-worker2' });
  });

  it('reports preemptionPolicy Never as not eligible', () => {
    const failures = new Map([['n', { reasons: ['Insufficient cpu'], unresolvable: false }]]);
    expect(fitErrorMessage(pod('p', { preemptionPolicy: 'Never' }), 1, failures)).toBe(
      '0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.',
    );
  });

  it('says no nodes are available in a cluster without nodes', () => {
    expect(schedule(pod('p'), [], new Map())).toMatchObject({ message: 'no nodes available to schedule pods' });
  });
});

describe('podRequests', () => {
  it('takes the larger of the containers summed and the biggest init container, plus overhead', () => {
    const p = pod('p', {
      initContainers: [{ name: 'init', image: 'busybox', resources: { requests: { cpu: '1', memory: '1Gi' } } }],
      containers: [
        { name: 'a', image: 'nginx', resources: { requests: { cpu: '100m', memory: '128Mi' } } },
        { name: 'b', image: 'nginx', resources: { requests: { cpu: '0.25', memory: '64Mi' } } },
      ],
      overhead: { cpu: '10m' },
    });
    const r = podRequests(p);
    expect(r.get('cpu')).toBe(1010);
    expect(r.get('memory')).toBe(1024 ** 3);
  });
});
