// The cluster map's arrangement: pods inside their node (or among the unscheduled), Deployment → ReplicaSet → Pods
// with the newest revision first, Services with their endpoints, colours from phase and readiness.
import { applyChanges, buildView, fromSnapshot, podTone, rolloutTimeline, rulesTo } from '../../web/map-model';
import type { MapObject, MapPod } from '../../web/protocol';

const node = (name: string): MapObject => ({ kind: 'Node', uid: `n-${name}`, name, ready: true, controlPlane: false, unschedulable: false });
const pod = (name: string, extra: Partial<MapPod> = {}): MapPod => ({
  kind: 'Pod', uid: `p-${name}`, name, namespace: 'default', phase: 'Running', ready: true, readyContainers: 1, containers: 1, restarts: 0, ...extra,
});

it('puts pods in their node, and pods without a (known) node among the unscheduled', () => {
  const v = buildView([node('w1'), pod('a', { nodeName: 'w1' }), pod('b', { phase: 'Pending', ready: false }), pod('c', { nodeName: 'gone' })]);
  expect(v.nodes.map((n) => [n.node.name, n.pods.map((p) => p.name)])).toEqual([['w1', ['a']]]);
  expect(v.unscheduled.map((p) => p.name)).toEqual(['b', 'c']);
});

it('nests ReplicaSets under their Deployment, newest revision first, and pods under their ReplicaSet', () => {
  const objects: MapObject[] = [
    { kind: 'Deployment', uid: 'd', name: 'web', namespace: 'default', replicas: 2, readyReplicas: 2, updatedReplicas: 2 },
    { kind: 'ReplicaSet', uid: 'rs1', name: 'web-1', namespace: 'default', owner: { kind: 'Deployment', name: 'web', uid: 'd' }, replicas: 0, readyReplicas: 0, revision: '1' },
    { kind: 'ReplicaSet', uid: 'rs2', name: 'web-2', namespace: 'default', owner: { kind: 'Deployment', name: 'web', uid: 'd' }, replicas: 2, readyReplicas: 2, revision: '2' },
    { kind: 'ReplicaSet', uid: 'rs3', name: 'bare', namespace: 'default', replicas: 1, readyReplicas: 1 },
    pod('web-2-x', { owner: { kind: 'ReplicaSet', name: 'web-2', uid: 'rs2' } }),
  ];
  const v = buildView(objects);
  expect(v.deployments[0].replicaSets.map((r) => [r.replicaSet.name, r.pods.map((p) => p.name)])).toEqual([['web-2', ['web-2-x']], ['web-1', []]]);
  expect(v.replicaSets.map((r) => r.replicaSet.name)).toEqual(['bare']);
});

it('pairs Services with the Endpoints of the same name and filters by namespace', () => {
  const objects: MapObject[] = [
    { kind: 'Service', uid: 's', name: 'web', namespace: 'default', type: 'ClusterIP', ports: ['80'] },
    { kind: 'Endpoints', uid: 'e', name: 'web', namespace: 'default', addresses: [{ ip: '10.0.0.1', pod: 'web-1', ready: true }] },
    { kind: 'Service', uid: 's2', name: 'other', namespace: 'dev', type: 'NodePort', ports: ['80:30080'] },
  ];
  expect(buildView(objects).services.map((s) => [s.service.name, s.endpoints.length])).toEqual([['web', 1], ['other', 0]]);
  expect(buildView(objects, 'dev').services.map((s) => s.service.name)).toEqual(['other']);
  expect(buildView(objects).namespaces).toEqual(['default', 'dev']);
});

it('removes a deleted pod and adds its replacement', () => {
  const state = fromSnapshot([node('w1'), pod('old', { nodeName: 'w1' })]);
  applyChanges(state, [
    { type: 'DELETED', object: pod('old', { nodeName: 'w1' }) },
    { type: 'ADDED', object: pod('new', { nodeName: 'w1', phase: 'Pending', ready: false }) },
  ]);
  expect(buildView(state.values()).nodes[0].pods.map((p) => p.name)).toEqual(['new']);
});

it('colours pods by phase and readiness', () => {
  expect(podTone(pod('a'))).toBe('ready');
  expect(podTone(pod('a', { ready: false }))).toBe('running');
  expect(podTone(pod('a', { phase: 'Pending', ready: false }))).toBe('pending');
  expect(podTone(pod('a', { phase: 'Pending', ready: false, reason: 'ImagePullBackOff' }))).toBe('failed');
  expect(podTone(pod('a', { phase: 'Succeeded', ready: false }))).toBe('succeeded');
  expect(podTone(pod('a', { deleting: true }))).toBe('terminating');
});

it('lays out a rollout as revisions oldest first, each with the images it changed, the live one marked', () => {
  const owner = { kind: 'Deployment', name: 'web', uid: 'd' };
  const objects: MapObject[] = [
    { kind: 'Deployment', uid: 'd', name: 'web', namespace: 'default', replicas: 2, readyReplicas: 2, updatedReplicas: 2 },
    { kind: 'ReplicaSet', uid: 'rs1', name: 'web-1', namespace: 'default', owner, replicas: 0, readyReplicas: 0, revision: '1', images: [{ name: 'echo', image: 'echo:1' }], changeCause: 'first' },
    { kind: 'ReplicaSet', uid: 'rs3', name: 'web-3', namespace: 'default', owner, replicas: 2, readyReplicas: 2, revision: '3', images: [{ name: 'echo', image: 'echo:1' }, { name: 'side', image: 'log:1' }] },
    { kind: 'ReplicaSet', uid: 'rs2', name: 'web-2', namespace: 'default', owner, replicas: 0, readyReplicas: 0, revision: '2', images: [{ name: 'echo', image: 'echo:2' }] },
  ];
  const t = rolloutTimeline(buildView(objects).deployments[0]);
  expect(t.map((r) => [r.revision, r.current, r.first])).toEqual([[1, false, true], [2, false, false], [3, true, false]]);
  expect(t[1].changes).toEqual([{ container: 'echo', from: 'echo:1', to: 'echo:2' }]);
  expect(t[2].changes).toEqual([{ container: 'echo', from: 'echo:2', to: 'echo:1' }, { container: 'side', from: undefined, to: 'log:1' }]);
});

it('finds the Ingress rules that send traffic to a Service', () => {
  const svc: MapObject = { kind: 'Service', uid: 's', name: 'web', namespace: 'default', type: 'ClusterIP', ports: ['80'] };
  const ing: MapObject = { kind: 'Ingress', uid: 'i', name: 'front', namespace: 'default', rules: [{ host: 'a.test', path: '/', service: 'web', port: '80' }, { path: '/x', service: 'other' }] };
  const v = buildView([svc, ing]);
  expect(rulesTo(v.ingresses, v.services[0].service).map((r) => [r.ingress.name, r.host, r.path])).toEqual([['front', 'a.test', '/']]);
});
