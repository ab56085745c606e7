// The seed's Deployment behind a Service, with real traffic: from another pod `wget http://echo` answers and keeps
// answering through a rolling update and a rollback; the NodePort and an Ingress rule for test.host answer from
// the host; and two clusters on one engine cannot reach each other's pods.
import http from 'node:http';
import { findKind } from '../../sandbox/apiserver/kinds/registry';
import { kubectlBinaries, requireOrSkip } from '../helpers/kubectl-bin';
import { describeDocker, newestKubectl, podReady, podRes, startDockerTestCluster, waitFor, type DockerTestCluster } from './docker-cluster';

const FIXTURES = `${__dirname}/../fixtures/seed001`;

function get(host: string, port: number, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http.get({ host, port, path: '/', headers, agent: false, timeout: 5000 }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

const hasKubectl = requireOrSkip('kubectl', kubectlBinaries().all.length > 0);

(hasKubectl ? describeDocker : describe.skip)('Services over real containers', () => {
  let tc: DockerTestCluster;
  const readyEchoPods = () => tc.cluster.api.list(podRes, 'default', { labelSelector: 'app=echo' }).items.filter(podReady).length;

  beforeAll(async () => {
    tc = await startDockerTestCluster({ workers: 1 });
    await tc.ok('apply', '-f', `${FIXTURES}/deployment.yaml`);
    await tc.ok('expose', 'deployment', 'echo', '--port', '80', '--type', 'NodePort');
    await tc.ok('apply', '-f', `${FIXTURES}/ingress.yaml`);
    await tc.ok('run', 'client', '--image', 'busybox', '--restart', 'Never', '--command', '--', 'sleep', '3600');
    await waitFor('3 echo pods and the client ready', () => readyEchoPods() === 3 && podReady(tc.pod('client')), 60_000);
    await tc.cluster.docker!.network.synced();
  }, 90_000);

  afterAll(async () => {
    await tc?.close();
  }, 60_000);

  it('answers `wget -qO- http://echo` from another pod', async () => {
    expect(await tc.ok('exec', 'client', '--', 'wget', '-qO-', 'http://echo')).toBe('Hello Docker!!');
    expect(await tc.ok('exec', 'client', '--', 'wget', '-qO-', 'http://echo.default.svc.cluster.local')).toBe('Hello Docker!!');
  });

  it('answers through the API server\'s service proxy (kubectl get --raw …/services/echo:80/proxy/)', async () => {
    expect(await tc.ok('get', '--raw', '/api/v1/namespaces/default/services/echo:80/proxy/')).toBe('Hello Docker!!');
    const r = await tc.kubectl(newestKubectl(), ['get', '--raw', '/api/v1/namespaces/default/services/nothing/proxy/']);
    expect(r.stderr).toContain('services "nothing" not found');
  });

  it('keeps answering through a rolling update and a rollback', async () => {
    const loop = tc.ok('exec', 'client', '--', 'sh', '-c', 'ok=0; bad=0; for i in $(seq 1 120); do if timeout 3 wget -qO- http://echo >/dev/null 2>&1; then ok=$((ok+1)); else bad=$((bad+1)); fi; done; echo ok=$ok bad=$bad');
    await tc.ok('set', 'env', 'deployment/echo', 'VERSION=2');
    await tc.ok('rollout', 'status', 'deployment/echo', '--timeout=60s');
    await tc.ok('rollout', 'undo', 'deployment/echo');
    await tc.ok('rollout', 'status', 'deployment/echo', '--timeout=60s');
    expect((await loop).trim()).toBe('ok=120 bad=0');
    expect(await tc.ok('rollout', 'history', 'deployment/echo')).toMatch(/2\s+<none>\s+3\s+<none>/);
  }, 120_000);

  it('answers the NodePort and the Ingress rule for test.host from the host', async () => {
    await tc.cluster.docker!.network.synced();
    const net = tc.cluster.docker!.network;
    const nodePort = tc.cluster.api.get(findKind('Service')!, 'default', 'echo').spec!.ports![0].nodePort!;
    const nodes = await tc.ok('get', 'nodes', '-o', 'jsonpath={.items[0].status.addresses[0].address}');
    expect(nodes).toBe(net.agentIp);
    expect(await get(net.agentIp, nodePort)).toEqual({ status: 200, body: 'Hello Docker!!' });
    expect(await get(net.entryAddress, nodePort)).toEqual({ status: 200, body: 'Hello Docker!!' });
    expect(await get(net.agentIp, 80, { Host: 'test.host' })).toEqual({ status: 200, body: 'Hello Docker!!' });
    expect((await get(net.agentIp, 80, { Host: 'other.host' })).status).toBe(404);
  });

  it('keeps two clusters apart: a pod cannot reach the other cluster\'s pods', async () => {
    const other = await startDockerTestCluster({ workers: 1 });
    try {
      await other.ok('run', 'lonely', '--image', 'gihyodocker/echo:latest');
      await waitFor('the other cluster\'s pod', () => podReady(other.pod('lonely')), 30_000);
      const theirs = other.pod('lonely')!.status!.podIP;
      const mine = tc.cluster.api.list(podRes, 'default', { labelSelector: 'app=echo' }).items.find(podReady)!.status!.podIP;
      expect(await tc.ok('exec', 'client', '--', 'sh', '-c', `timeout 3 wget -qO- http://${mine}:8080 || echo unreachable`)).toBe('Hello Docker!!');
      expect(await tc.ok('exec', 'client', '--', 'sh', '-c', `timeout 3 wget -qO- http://${theirs}:8080 || echo unreachable`)).toContain('unreachable');
    } finally {
      await other.close();
    }
  }, 60_000);
});
