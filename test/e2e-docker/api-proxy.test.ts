// The API server's proxies (services/proxy, pods/proxy) on the real engine with two learners' clusters: they reach
// the learner's own pods, and nothing else. A learner controls Endpoints (selector-less Services) and, through the
// status subresource, the IP a pod claims; whatever they write, nothing outside their own cluster network gets a
// single packet: not the host (its loopback, the docker0 address where the web app also listens for toolboxes,
// the learner network's gateway), not the cloud metadata address, not the other learner's pods. Canaries listen
// where they can and count connections. (The engine's own socket is a Unix socket, which no TCP dial can name; a
// Docker API on TCP is what the canaries stand for, which is why they are sent `POST /v1.41/containers/create`.)
import net from 'node:net';
import fs from 'node:fs';
import { parse } from 'yaml';
import type { AddressInfo } from 'node:net';
import { findKind } from '../../sandbox/apiserver/kinds/registry';
import { agentContainerName } from '../../sandbox/network/agent';
import { testEngine } from '../sandbox/docker/docker-env';
import { apiRequest } from '../helpers/api-request';
import { kubectlBinaries, requireOrSkip } from '../helpers/kubectl-bin';
import { describeDocker, newestKubectl, oldestKubectl, podReady, startDockerTestCluster, waitFor, type DockerTestCluster } from './docker-cluster';

const hasKubectl = requireOrSkip('kubectl', kubectlBinaries().all.length > 0);
const podRes = findKind('Pod')!;

interface Canary {
  host: string;
  port: number;
  hits: () => number;
  close: () => Promise<void>;
}

/** A TCP listener that counts connections and answers like an HTTP server would. */
async function canary(host: string): Promise<Canary> {
  let hits = 0;
  const server = net.createServer((s) => {
    hits++;
    s.end('HTTP/1.1 200 OK\r\nContent-Length: 6\r\nConnection: close\r\n\r\ncanary');
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, host, resolve));
  return {
    host,
    port: (server.address() as AddressInfo).port,
    hits: () => hits,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const endpointsYaml = (name: string, ip: string, port: number, targetPod?: string) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  ports:
  - port: 80
    targetPort: ${port}
---
apiVersion: v1
kind: Endpoints
metadata:
  name: ${name}
subsets:
- addresses:
  - ip: ${ip}
${targetPod ? `    targetRef:\n      kind: Pod\n      namespace: default\n      name: ${targetPod}\n` : ''}  ports:
  - port: ${port}
`;

(hasKubectl ? describeDocker : describe.skip)('the API server proxies on a real engine', () => {
  let mine: DockerTestCluster;
  let theirs: DockerTestCluster;
  let theirPodIp: string;
  let ca: string;
  const canaries: Canary[] = [];
  const hits = () => canaries.map((c) => `${c.host}=${c.hits()}`);

  /** The learner's own request: any method, any headers, with their token. */
  const raw = (path: string, method = 'GET') =>
    apiRequest(`${mine.url}${path}`, { method, ca, token: mine.cluster.token, headers: { 'x-registry-auth': 'e30=', 'content-type': 'application/json' }, body: method === 'POST' ? '{"Image":"busybox"}' : undefined });

  /** A pod no kubelet runs (bound to a node that does not exist), claiming `ip` in its status. */
  const ghostPod = async (name: string, ip: string) => {
    await mine.ok('apply', '-f', mine.file(`${name}.yaml`, `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  nodeName: ghost-node\n  containers:\n  - name: c\n    image: busybox\n    ports:\n    - containerPort: 2375\n`));
    const pod = mine.cluster.api.get(podRes, 'default', name);
    mine.cluster.api.updateStatus(podRes, 'default', name, { ...pod, status: { ...pod.status, phase: 'Running', podIP: ip, podIPs: [{ ip }] } });
  };

  beforeAll(async () => {
    [mine, theirs] = await Promise.all([startDockerTestCluster({ workers: 1 }), startDockerTestCluster({ workers: 1 })]);
    ca = Buffer.from(parse(fs.readFileSync(mine.kubeconfig, 'utf8')).clusters[0].cluster['certificate-authority-data'], 'base64').toString('utf8');
    await mine.ok('create', 'deployment', 'echo', '--image', 'gihyodocker/echo:latest', '--port', '8080');
    await mine.ok('expose', 'deployment', 'echo', '--port', '80', '--target-port', '8080');
    await mine.ok('run', 'solo', '--image', 'gihyodocker/echo:latest', '--port', '8080');
    await theirs.ok('run', 'secret', '--image', 'gihyodocker/echo:latest', '--port', '8080');
    await waitFor('pods of both learners ready', () => podReady(mine.pod('solo')) && podReady(theirs.pod('secret')) && mine.cluster.api.list(podRes, 'default', { labelSelector: 'app=echo' }).items.some(podReady), 60_000);
    theirPodIp = theirs.pod('secret')!.status!.podIP!;
    for (const host of ['127.0.0.1', '172.17.0.1', mine.cluster.docker!.network.gateway]) canaries.push(await canary(host));
  }, 120_000);

  afterAll(async () => {
    for (const c of canaries) await c.close();
    await Promise.all([mine?.close(), theirs?.close()]);
  }, 60_000);

  it('still proxies to a Service with a selector and to a pod, with the oldest and newest kubectl', async () => {
    for (const bin of [oldestKubectl(), newestKubectl()]) {
      const svc = await mine.kubectl(bin, ['get', '--raw', '/api/v1/namespaces/default/services/echo:80/proxy/']);
      expect(svc.stderr + svc.stdout).toBe('Hello Docker!!');
      const pod = await mine.kubectl(bin, ['get', '--raw', '/api/v1/namespaces/default/pods/solo:8080/proxy/']);
      expect(pod.stdout).toBe('Hello Docker!!');
      // Without a port the pod's first declared container port is used, as kube-apiserver does.
      expect((await mine.kubectl(bin, ['get', '--raw', '/api/v1/namespaces/default/pods/solo/proxy/'])).stdout).toBe('Hello Docker!!');
    }
    const refused = await mine.kubectl(newestKubectl(), ['get', '--raw', '/api/v1/namespaces/default/pods/solo:8081/proxy/']);
    expect(refused.stderr).toMatch(/error trying to reach service: dial tcp [\d.]+:8081: connect: connection refused/);
  }, 60_000);

  it('sends nothing to hand-made Endpoints outside the learner\'s pods: host, docker0, gateway, the other learner', async () => {
    const targets: [string, string, number][] = [
      ['docker0', '172.17.0.1', canaries[1].port],
      ['gateway', mine.cluster.docker!.network.gateway, canaries[2].port],
      ['neighbour', theirPodIp, 8080],
    ];
    for (const [name, ip, port] of targets) {
      await mine.ok('apply', '-f', mine.file(`${name}.yaml`, endpointsYaml(name, ip, port)));
      for (const method of ['GET', 'POST']) {
        const r = await raw(`/api/v1/namespaces/default/services/${name}:80/proxy/v1.41/containers/create`, method);
        expect({ name, method, status: r.status, message: r.body?.message }).toEqual({ name, method, status: 503, message: `no endpoints available for service "${name}:80"` });
      }
    }
    expect(hits()).toEqual(canaries.map((c) => `${c.host}=0`));
  });

  it('sends nothing when a pod claims an address outside the cluster network, by either proxy', async () => {
    const claims: [string, string, number][] = [
      ['ghost-loop', '127.0.0.1', canaries[0].port],
      ['ghost-meta', '169.254.169.254', 80],
      ['ghost-docker0', '172.17.0.1', canaries[1].port],
      ['ghost-gateway', mine.cluster.docker!.network.gateway, canaries[2].port],
      ['ghost-neighbour', theirPodIp, 8080],
    ];
    for (const [name, ip, port] of claims) {
      await ghostPod(name, ip);
      const r = await raw(`/api/v1/namespaces/default/pods/${name}:${port}/proxy/v1.41/containers/create`, 'POST');
      expect({ name, status: r.status, message: r.body?.message }).toEqual({ name, status: 400, message: 'address not allowed' });
      if (ip.startsWith('127.') || ip.startsWith('169.254.')) continue; // Endpoints validation refuses these already
      await mine.ok('apply', '-f', mine.file(`${name}-svc.yaml`, endpointsYaml(`${name}-svc`, ip, port, name)));
      const s = await raw(`/api/v1/namespaces/default/services/${name}-svc:80/proxy/`, 'POST');
      expect({ name, status: s.status, message: s.body?.message }).toEqual({ name, status: 503, message: `no endpoints available for service "${name}-svc:80"` });
    }
    expect(hits()).toEqual(canaries.map((c) => `${c.host}=0`));
  });

  it('leaves no connection process behind in the agent once requests are answered', async () => {
    for (let i = 0; i < 5; i++) await mine.ok('get', '--raw', '/api/v1/namespaces/default/services/echo:80/proxy/');
    await mine.kubectl(newestKubectl(), ['get', '--raw', '/api/v1/namespaces/default/pods/solo:8081/proxy/']);
    const agent = agentContainerName(mine.cluster.docker!.network.clusterId);
    await waitFor('no nc left in the agent', async () => !(await testEngine().containers.exec(agent, { cmd: ['/bin/busybox', 'ps'] })).stdout.includes('nc -w'), 5000);
  });

  it('dials from inside the learner\'s network: the pod sees the cluster\'s network agent as the caller', async () => {
    await mine.ok('apply', '-f', mine.file('whoami.yaml', `apiVersion: v1
kind: Pod
metadata:
  name: whoami
spec:
  containers:
  - name: httpd
    image: busybox
    ports:
    - containerPort: 8080
    command:
    - sh
    - -c
    - |
      mkdir -p /tmp/www/cgi-bin
      printf '#!/bin/sh\\necho Content-Type: text/plain\\necho\\necho $REMOTE_ADDR\\n' > /tmp/www/cgi-bin/who
      chmod +x /tmp/www/cgi-bin/who
      exec httpd -f -p 8080 -h /tmp/www
`));
    await waitFor('whoami ready', () => podReady(mine.pod('whoami')), 30_000);
    const r = await mine.kubectl(newestKubectl(), ['get', '--raw', '/api/v1/namespaces/default/pods/whoami/proxy/cgi-bin/who']);
    // busybox httpd gives REMOTE_ADDR as an IPv4-mapped IPv6 address: [::ffff:10.224.x.2].
    expect(r.stderr + r.stdout.trim()).toBe(`[::ffff:${mine.cluster.docker!.network.agentIp}]`);
  }, 60_000);
});
