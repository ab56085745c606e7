// Seed 001 end to end with the controllers, scheduler and simulated kubelet running, typed by the real kubectl
// (oldest and newest): pods run, ReplicaSets heal, Deployments roll forward and back with the history a real
// cluster shows, Services find their pods, namespaces empty out, a stopped node's pods come back elsewhere.
import fs from 'node:fs';
import path from 'node:path';
import { describeEachKubectl, kubectlRunners } from '../helpers/kubectl-suite';
import { startTestCluster, waitFor, type TestCluster } from '../helpers/test-cluster';
import { FakeClock } from '../../sandbox/util/fake-clock';

const fixture = (name: string) => path.join(__dirname, '../fixtures/seed001', name);
const describeKubectl = describeEachKubectl();


describeKubectl('a cluster that behaves, with %s', (bin) => {
  let tc: TestCluster;
  const { ok } = kubectlRunners(() => tc, bin);
  const names = async (selector: string) => (await ok('get', 'pods', '-l', selector, '-o', 'name')).trim().split('\n').filter(Boolean).sort();

  beforeAll(async () => {
    tc = await startTestCluster();
  });
  afterAll(() => tc.close());

  it('runs the simple-echo pod to Running 2/2 on a worker, with its life in events', async () => {
    await ok('apply', '-f', fixture('simple-pod.yaml'));
    await waitFor(async () => /simple-echo\s+2\/2\s+Running/.test(await ok('get', 'pod', 'simple-echo')), 'simple-echo Running 2/2');
    const node = await ok('get', 'pod', 'simple-echo', '-o', 'jsonpath={.spec.nodeName}');
    expect(node).toMatch(/^kubelab-worker/);
    const events = await ok('describe', 'pod', 'simple-echo');
    for (const reason of ['Scheduled', 'Pulled', 'Created', 'Started']) expect(events).toMatch(new RegExp(`Normal\\s+${reason}`));
    await ok('delete', '-f', fixture('simple-pod.yaml'));
  });

  it('keeps three ReplicaSet pods when one is deleted', async () => {
    await ok('apply', '-f', fixture('replicaset.yaml'));
    await waitFor(async () => /echo\s+3\s+3\s+3/.test(await ok('get', 'rs', 'echo')), 'rs echo 3/3/3');
    const before = await names('app=echo');
    await ok('delete', before[0], '--wait=false');
    await waitFor(async () => {
      const now = await names('app=echo');
      return now.length === 3 && !now.includes(before[0]);
    }, 'a replacement pod');
    expect(await ok('describe', 'rs', 'echo')).toMatch(/SuccessfulCreate\s+.*Created pod: echo-/);
    await ok('delete', '-f', fixture('replicaset.yaml'));
    await waitFor(async () => (await names('app=echo')).length === 0, 'pods of the deleted ReplicaSet to go');
  });

  it('rolls a Deployment forward and back with the history and change-causes a real cluster shows', async () => {
    await ok('apply', '-f', fixture('deployment.yaml'), '--record');
    expect(await ok('rollout', 'status', 'deployment/echo', '--timeout=30s')).toMatch(/successfully rolled out/);
    // The new version is another name of an image the cluster has (a tag it lacks would never roll out, as on Docker).
    const changed = fs.readFileSync(fixture('deployment.yaml'), 'utf8').replace('gihyodocker/echo:latest', 'docker.io/gihyodocker/echo:latest');
    await ok('apply', '-f', tc.file('dep-v2.yaml', changed), '--record');
    expect(await ok('rollout', 'status', 'deployment/echo', '--timeout=30s')).toMatch(/successfully rolled out/);
    expect((await ok('get', 'rs', '-l', 'app=echo', '-o', 'name')).trim().split('\n')).toHaveLength(2);
    // Changing only replicas makes no new ReplicaSet.
    await ok('scale', 'deployment', 'echo', '--replicas=4');
    await waitFor(async () => /echo\s+4\/4/.test(await ok('get', 'deploy', 'echo')), 'deployment scaled to 4');
    expect((await ok('get', 'rs', '-l', 'app=echo', '-o', 'name')).trim().split('\n')).toHaveLength(2);
    let history = await ok('rollout', 'history', 'deployment', 'echo');
    expect(history).toMatch(/1\s+kubectl.* apply .*--record/);
    expect(history).toMatch(/2\s+kubectl.* apply .*dep-v2.yaml.*--record/);
    expect(await ok('rollout', 'history', 'deployment', 'echo', '--revision=1')).toMatch(/gihyodocker\/echo:latest/);
    expect(await ok('rollout', 'undo', 'deployment', 'echo')).toMatch(/rolled back/);
    expect(await ok('rollout', 'status', 'deployment/echo', '--timeout=30s')).toMatch(/successfully rolled out/);
    history = await ok('rollout', 'history', 'deployment', 'echo');
    expect(history).not.toMatch(/^1\s/m);
    expect(history).toMatch(/^2\s/m);
    expect(history).toMatch(/^3\s/m);
    expect(await ok('get', 'deploy', 'echo', '-o', 'jsonpath={.spec.template.spec.containers[1].image}')).toBe('gihyodocker/echo:latest');
  });

  it('sets an image, restarts a rollout and undoes to a chosen revision', async () => {
    expect(await ok('set', 'image', 'deployment/echo', 'echo1=gihyodocker/echo')).toMatch(/deployment.apps\/echo image updated/);
    expect(await ok('rollout', 'status', 'deployment/echo', '--timeout=30s')).toMatch(/successfully rolled out/);
    expect(await ok('rollout', 'restart', 'deployment/echo')).toMatch(/restarted/);
    expect(await ok('rollout', 'status', 'deployment/echo', '--timeout=30s')).toMatch(/successfully rolled out/);
    expect(await ok('get', 'deploy', 'echo', '-o', 'jsonpath={.spec.template.metadata.annotations}')).toMatch(/restartedAt/);
    expect(await ok('rollout', 'undo', 'deployment/echo', '--to-revision=2')).toMatch(/rolled back/);
    expect(await ok('rollout', 'status', 'deployment/echo', '--timeout=30s')).toMatch(/successfully rolled out/);
    expect(await ok('get', 'deploy', 'echo', '-o', 'jsonpath={.spec.template.spec.containers[1].image}')).toBe('docker.io/gihyodocker/echo:latest');
  });

  it('exposes the Deployment as a NodePort Service whose Endpoints list the ready pods', async () => {
    expect(await ok('expose', 'deployment', 'echo', '--type=NodePort', '--port=80', '--name=echo-np')).toMatch(/service\/echo-np exposed/);
    expect(await ok('get', 'svc', 'echo-np')).toMatch(/echo-np\s+NodePort\s+10\.96\.\S+\s+<none>\s+80:3\d{4}\/TCP/);
    await waitFor(async () => (await ok('get', 'endpoints', 'echo-np', '-o', 'jsonpath={.subsets[*].addresses[*].ip}')).split(' ').filter(Boolean).length === 4, 'four endpoint addresses');
    expect(await ok('describe', 'svc', 'echo-np')).toMatch(/Endpoints:\s+10\.244\./);
  });

  it('gives a LoadBalancer Service an external address', async () => {
    await ok('expose', 'deployment', 'echo', '--type=LoadBalancer', '--port=80', '--name=echo-lb');
    await waitFor(async () => /echo-lb\s+LoadBalancer\s+\S+\s+\d+\.\d+\.\d+\.\d+/.test(await ok('get', 'svc', 'echo-lb')), 'an EXTERNAL-IP');
  });

  it('deletes everything in a namespace with the namespace', async () => {
    await ok('create', 'namespace', 'scratch');
    await ok('apply', '-n', 'scratch', '-f', fixture('deployment.yaml'));
    await waitFor(async () => (await ok('get', 'pods', '-n', 'scratch', '-o', 'name')).trim().split('\n').length === 3, 'pods in scratch');
    await ok('delete', 'namespace', 'scratch', '--timeout=30s');
    expect((await tc.kubectl(bin, ['get', 'namespace', 'scratch'])).stderr).toMatch(/NotFound/);
    expect(await ok('get', 'pods', '-A', '-o', 'name')).not.toMatch(/scratch/);
  });

  it('cordons and drains a worker: its pods move to the other worker', async () => {
    expect(await ok('cordon', 'kubelab-worker')).toMatch(/node\/kubelab-worker cordoned/);
    expect(await ok('get', 'nodes')).toMatch(/kubelab-worker\s+Ready,SchedulingDisabled/);
    await ok('drain', 'kubelab-worker', '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=60s');
    await waitFor(async () => {
      const nodes = (await ok('get', 'pods', '-l', 'app=echo', '-o', 'jsonpath={.items[*].spec.nodeName}')).split(' ').filter(Boolean);
      return nodes.length === 4 && nodes.every((n) => n === 'kubelab-worker2');
    }, 'every echo pod on kubelab-worker2');
    expect(await ok('uncordon', 'kubelab-worker')).toMatch(/uncordoned/);
  });

  it('keeps workloads off the control-plane node unless they tolerate its taint', async () => {
    // kube-system's CoreDNS and control-plane pods sit there, as on a real cluster; workloads do not.
    const nodes = await ok('get', 'pods', '-A', '--field-selector', 'metadata.namespace!=kube-system', '-o', 'jsonpath={.items[*].spec.nodeName}');
    expect(nodes).not.toMatch(/control-plane/);
    expect(await ok('describe', 'node', 'kubelab-control-plane')).toMatch(/Taints:\s+node-role.kubernetes.io\/control-plane:NoSchedule/);
  });
});

describeKubectl('a stopped node, with %s', (bin) => {
  let tc: TestCluster;
  const clock = new FakeClock(new Date());
  const { ok } = kubectlRunners(() => tc, bin);

  beforeAll(async () => {
    tc = await startTestCluster({ clock });
  });
  afterAll(() => tc.close());

  it('goes NotReady and its pods come back on the other worker', async () => {
    await ok('apply', '-f', fixture('deployment.yaml'));
    await waitFor(async () => /echo\s+3\/3/.test(await ok('get', 'deploy', 'echo')), 'deployment ready');
    tc.cluster.nodes!.stopNode('kubelab-worker');
    clock.advance(60_000);
    await waitFor(async () => /kubelab-worker\s+NotReady/.test(await ok('get', 'nodes')), 'kubelab-worker NotReady');
    clock.advance(310_000);
    await tc.cluster.settled();
    await waitFor(async () => {
      const pods = await ok('get', 'pods', '-l', 'app=echo', '--field-selector=status.phase=Running', '-o', 'jsonpath={range .items[?(@.metadata.deletionTimestamp)]}x{end}|{range .items[*]}{.spec.nodeName} {end}');
      const [, live] = pods.split('|');
      return live.trim().split(' ').filter((n) => n === 'kubelab-worker2').length >= 3;
    }, 'three pods on kubelab-worker2');
  });
});

describeKubectl('a node stopped from kubectl, in lesson time, with %s', (bin) => {
  let tc: TestCluster;
  const clock = new FakeClock(new Date());
  const { ok } = kubectlRunners(() => tc, bin);
  const podsOn = async (node: string) =>
    (await ok('get', 'pods', '-l', 'app=echo', '-o', 'jsonpath={range .items[*]}{.spec.nodeName}/{.status.phase}/{.metadata.deletionTimestamp} {end}'))
      .split(' ')
      .filter((p) => p.startsWith(`${node}/Running/`) && p.endsWith('/')).length;

  beforeAll(async () => {
    tc = await startTestCluster({ clock });
  });
  afterAll(() => tc.close());

  it('goes NotReady within 20 s and its pods move within 30 s more (lab timings; a real cluster takes 40 s and 5 min)', async () => {
    await ok('apply', '-f', fixture('deployment.yaml'));
    await waitFor(async () => /echo\s+3\/3/.test(await ok('get', 'deploy', 'echo')), 'deployment ready');
    expect(await ok('annotate', 'node', 'kubelab-worker', 'kubelab.dev/simulate=stopped')).toMatch(/node\/kubelab-worker annotate/);
    await tc.cluster.settled();
    clock.advance(20_000);
    await waitFor(async () => /kubelab-worker\s+NotReady/.test(await ok('get', 'nodes')), 'kubelab-worker NotReady');
    expect(await podsOn('kubelab-worker2')).toBeLessThan(3);
    clock.advance(31_000);
    await tc.cluster.settled();
    await waitFor(async () => (await podsOn('kubelab-worker2')) >= 3, 'three pods on kubelab-worker2');
    expect(await ok('annotate', 'node', 'kubelab-worker', 'kubelab.dev/simulate-')).toMatch(/node\/kubelab-worker annotate/);
    clock.advance(6_000);
    await waitFor(async () => /kubelab-worker\s+Ready/.test(await ok('get', 'nodes')), 'kubelab-worker Ready again');
  });
});
