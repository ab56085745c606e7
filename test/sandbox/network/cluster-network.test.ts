// Service networking end to end on a real Docker engine: "pods" made of an infra container plus app containers
// sharing its network namespace (as the docker kubelet makes them), Services/Endpoints/Ingresses in an in-process
// cluster, and traffic from inside pods, from the host and across clusters.
import fs from 'node:fs';
import http from 'node:http';
import { Cluster } from '../../../sandbox/cluster';
import { findKind } from '../../../sandbox/apiserver/kinds/registry';
import type { KubeObject } from '../../../sandbox/api/types';
import type { Resource } from '../../../sandbox/api/registry';
import type { Endpoints } from '../../../sandbox/api/objects';
import { ensureImages } from '../../../sandbox/images/builder';
import { BUSYBOX_IMAGE, ECHO_IMAGE } from '../../../sandbox/images/catalog';
import { startClusterNetwork, type ClusterNetwork } from '../../../sandbox/network/cluster-network';
import { agentContainerName } from '../../../sandbox/network/agent';
import { describeDocker, sweep, testEngine, testLabels, waitFor } from '../docker/docker-env';

const svcRes = findKind('Service')!;
const epRes = findKind('Endpoints')!;
const ingRes = findKind('Ingress')!;

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers, timeout: 3000, agent: false }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject)
      .on('timeout', function (this: http.ClientRequest) {
        this.destroy(new Error('timeout'));
      });
  });
}

describeDocker('cluster network (real engine)', () => {
  const engine = testEngine();
  const labels = testLabels();
  const run = labels['dev.kubelab.test-run'];
  let cluster: Cluster;
  let net: ClusterNetwork;
  let client: string; // the app container of a pod we run commands from
  const ips: Record<string, string> = {};

  /** A pod: infra (pause) container on the cluster network + one app container in its network namespace. */
  async function startPod(n: ClusterNetwork, name: string, image: string, cmd?: string[]): Promise<{ infra: string; app: string; ip: string }> {
    const sb = n.podSandboxConfig('default');
    const infra = await engine.containers.create({
      name: `kl-test-${run}-${name}-infra`, image: sb.image, networkMode: sb.networkMode, env: sb.env, capAdd: sb.capAdd,
      dns: sb.dns, dnsSearch: sb.dnsSearch, dnsOptions: sb.dnsOptions, labels,
    });
    await engine.containers.start(infra);
    const app = await engine.containers.create({ name: `kl-test-${run}-${name}`, image, cmd, networkMode: `container:${infra}`, labels });
    await engine.containers.start(app);
    const ip = (await engine.containers.inspect(infra))!.networks[n.networkName].ipAddress;
    return { infra, app, ip };
  }

  const httpd = (text: string) => ['sh', '-c', `mkdir -p /srv && echo ${text} > /srv/index.html && echo ${text} > /srv/exact && exec httpd -f -p 8080 -h /srv`];

  async function sh(container: string, cmd: string): Promise<{ exitCode: number; stdout: string; stderr: string }> {
    return engine.containers.exec(container, { cmd: ['sh', '-c', cmd] });
  }

  function apply<T extends KubeObject>(res: Resource<T>, obj: NoInfer<T>): T {
    const existing = cluster.api.tryGet(res, 'default', obj.metadata.name!);
    return existing ? cluster.api.update(res, 'default', obj.metadata.name, { ...obj, metadata: { ...obj.metadata, resourceVersion: existing.metadata.resourceVersion } }) : cluster.api.create(res, 'default', obj);
  }

  const endpointsOf = (name: string, ready: string[], notReady: string[] = [], port = 8080): Endpoints => ({
    metadata: { name },
    subsets: [{ addresses: ready.map((ip) => ({ ip })), ...(notReady.length ? { notReadyAddresses: notReady.map((ip) => ({ ip })) } : {}), ports: [{ port }] }],
  });

  beforeAll(async () => {
    const reports = await ensureImages(engine, () => undefined, { only: ['pause', 'netagent', 'echo', 'busybox'] });
    expect(reports.filter((r) => r.action === 'failed')).toEqual([]);
    cluster = new Cluster({ compactEveryMs: 0, log: () => undefined });
    net = await startClusterNetwork({ engine, api: cluster.api, clusterId: `t${run}`, labels });
    const [echo, a, b, c] = await Promise.all([
      startPod(net, 'echo', ECHO_IMAGE),
      startPod(net, 'a', BUSYBOX_IMAGE, httpd('pod-a')),
      startPod(net, 'b', BUSYBOX_IMAGE, httpd('pod-b')),
      startPod(net, 'client', BUSYBOX_IMAGE, ['sleep', '3600']),
    ]);
    Object.assign(ips, { echo: echo.ip, a: a.ip, b: b.ip });
    client = c.app;
    apply(svcRes, { metadata: { name: 'echo' }, spec: { ports: [{ port: 80, targetPort: 8080 }] } });
    apply(epRes, endpointsOf('echo', [echo.ip]));
  }, 120_000);

  afterAll(async () => {
    await net?.dispose();
    cluster?.dispose();
    await sweep(engine, labels);
  });

  it('answers a Service by name, namespaced name, FQDN and ClusterIP from inside a pod', async () => {
    await net.synced();
    const clusterIP = cluster.api.get(svcRes, 'default', 'echo').spec!.clusterIP;
    for (const target of ['echo', 'echo.default', 'echo.default.svc.cluster.local', clusterIP]) {
      expect(await sh(client, `timeout 5 wget -qO- http://${target}`)).toMatchObject({ exitCode: 0, stdout: 'Hello Docker!!' });
    }
  });

  it('spreads requests over ready endpoints only and follows endpoint changes', async () => {
    apply(svcRes, { metadata: { name: 'web' }, spec: { ports: [{ port: 80, targetPort: 8080 }] } });
    apply(epRes, endpointsOf('web', [ips.a, ips.b], [ips.echo]));
    await net.synced();
    const seen = await sh(client, 'for i in 1 2 3 4 5 6; do timeout 5 wget -qO- http://web; done');
    expect(new Set(seen.stdout.trim().split('\n'))).toEqual(new Set(['pod-a', 'pod-b']));
    apply(epRes, endpointsOf('web', [ips.b], [ips.a]));
    await net.synced();
    const after = await sh(client, 'for i in 1 2 3 4; do timeout 5 wget -qO- http://web; done');
    expect(after.stdout.trim().split('\n')).toEqual(['pod-b', 'pod-b', 'pod-b', 'pod-b']);
  });

  it('refuses connections to a Service without ready endpoints', async () => {
    apply(svcRes, { metadata: { name: 'empty' }, spec: { ports: [{ port: 80 }] } });
    await net.synced();
    const r = await sh(client, 'timeout 5 wget -qO- http://empty');
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/refused|reset/i);
  });

  it('resolves an ExternalName Service as a CNAME to its target', async () => {
    apply(svcRes, { metadata: { name: 'alias' }, spec: { type: 'ExternalName', externalName: 'echo.default.svc.cluster.local' } });
    await net.synced();
    const lookup = await sh(client, 'nslookup -type=a alias.default.svc.cluster.local');
    expect(lookup.stdout).toMatch(/canonical name = echo\.default\.svc\.cluster\.local/);
    expect(await sh(client, 'timeout 5 wget -qO- http://alias')).toMatchObject({ exitCode: 0, stdout: 'Hello Docker!!' });
  });

  it('opens NodePorts on the host entry address and on the node address inside the network', async () => {
    const svc = apply(svcRes, { metadata: { name: 'np' }, spec: { type: 'NodePort', ports: [{ port: 80, targetPort: 8080 }] } });
    apply(epRes, endpointsOf('np', [ips.echo]));
    await net.synced();
    const nodePort = svc.spec!.ports![0].nodePort;
    expect(await get(`http://${net.entryAddress}:${nodePort}/`)).toEqual({ status: 200, body: 'Hello Docker!!' });
    expect(await get(`http://${net.agentIp}:${nodePort}/`)).toEqual({ status: 200, body: 'Hello Docker!!' });
    expect(await sh(client, `timeout 5 wget -qO- http://${net.agentIp}:${nodePort}`)).toMatchObject({ exitCode: 0, stdout: 'Hello Docker!!' });
  });

  it('gives a LoadBalancer Service an external address that answers', async () => {
    apply(svcRes, { metadata: { name: 'lb' }, spec: { type: 'LoadBalancer', ports: [{ port: 8081, targetPort: 8080 }] } });
    apply(epRes, endpointsOf('lb', [ips.a]));
    const ip = await waitFor('an external IP in the network', () => {
      const v = cluster.api.get(svcRes, 'default', 'lb').status?.loadBalancer?.ingress?.[0]?.ip;
      return v && v.startsWith(net.subnet.split('.').slice(0, 2).join('.')) ? (v as string) : undefined;
    });
    await net.synced();
    expect(await get(`http://${ip}:8081/`)).toEqual({ status: 200, body: 'pod-a\n' });
    expect(await sh(client, `timeout 5 wget -qO- http://${ip}:8081`)).toMatchObject({ exitCode: 0, stdout: 'pod-a\n' });
  });

  it('routes Ingress traffic by Host and path, from the host and from inside the network', async () => {
    apply(ingRes, {
      metadata: { name: 'echo' },
      spec: {
        defaultBackend: { service: { name: 'web', port: { number: 80 } } },
        rules: [
          {
            host: 'test.host',
            http: {
              paths: [
                { path: '/', pathType: 'Prefix', backend: { service: { name: 'echo', port: { number: 80 } } } },
                { path: '/exact', pathType: 'Exact', backend: { service: { name: 'web', port: { number: 80 } } } },
                { path: '/nothing', pathType: 'Prefix', backend: { service: { name: 'empty', port: { number: 80 } } } },
              ],
            },
          },
        ],
      },
    });
    await net.synced();
    expect(await get(`http://${net.entryAddress}/`, { Host: 'test.host' })).toEqual({ status: 200, body: 'Hello Docker!!' });
    expect(await get(`http://${net.entryAddress}/exact`, { Host: 'test.host' })).toEqual({ status: 200, body: 'pod-b\n' });
    expect(await get(`http://${net.entryAddress}/exact/more`, { Host: 'test.host' })).toEqual({ status: 200, body: 'Hello Docker!!' });
    expect((await get(`http://${net.entryAddress}/nothing`, { Host: 'test.host' })).status).toBe(503);
    expect(await get(`http://${net.entryAddress}/`, { Host: 'other.host' })).toEqual({ status: 200, body: 'pod-b\n' });
    expect(await sh(client, `timeout 5 wget -qO- --header 'Host: test.host' http://${net.agentIp}/`)).toMatchObject({ exitCode: 0, stdout: 'Hello Docker!!' });
    const status = await waitFor('ingress address', () => cluster.api.get(ingRes, 'default', 'echo').status?.loadBalancer?.ingress?.[0]?.ip);
    expect(status).toBe(net.agentIp);
  });

  it('answers 404 for an unmatched host when no default backend exists', async () => {
    cluster.api.delete(ingRes, 'default', 'echo');
    apply(ingRes, { metadata: { name: 'only-host' }, spec: { ingressClassName: 'kubelab', rules: [{ host: 'test.host', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'echo', port: { number: 80 } } } }] } }] } });
    await net.synced();
    expect((await get(`http://${net.entryAddress}/`, { Host: 'nobody.host' })).status).toBe(404);
    expect((await get(`http://${net.entryAddress}/`, { Host: 'test.host' })).body).toBe('Hello Docker!!');
  });

  it('runs the agent with NET_ADMIN only, and leaves pods\' app containers without it', async () => {
    const agent = await engine.containers.inspect(agentContainerName(`t${run}`));
    expect(agent).toMatchObject({ privileged: false, capAdd: ['NET_ADMIN'], networkMode: net.networkName });
    const r = await sh(client, `ip route add 192.0.2.0/24 via ${net.agentIp}`);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/not permitted/i);
  });

  it('keeps two clusters apart', async () => {
    const otherCluster = new Cluster({ compactEveryMs: 0, log: () => undefined });
    const other = await startClusterNetwork({ engine, api: otherCluster.api, clusterId: `u${run}`, labels });
    try {
      expect(other.subnet).not.toBe(net.subnet);
      const theirs = await startPod(other, 'other-echo', ECHO_IMAGE);
      const theirClient = await startPod(other, 'other-client', BUSYBOX_IMAGE, ['sleep', '600']);
      await waitFor('their pod to answer inside their own network', async () =>
        (await sh(theirClient.app, `timeout 5 wget -qO- http://${theirs.ip}:8080`)).stdout === 'Hello Docker!!');
      for (const target of [`${theirs.ip}:8080`, `${other.agentIp}:80`]) {
        const r = await sh(client, `timeout 2 wget -qO- http://${target}`);
        expect(r.exitCode).not.toBe(0);
      }
      for (const id of [theirs.app, theirs.infra, theirClient.app, theirClient.infra]) await engine.containers.remove(id);
    } finally {
      await other.dispose();
      otherCluster.dispose();
    }
    expect(await engine.networks.inspect(other.networkName)).toBeUndefined();
    expect(await engine.containers.inspect(agentContainerName(`u${run}`))).toBeUndefined();
  });

  it('adopts its network after a server restart, keeping the addresses pods already use', async () => {
    const before = new Cluster({ compactEveryMs: 0, log: () => undefined });
    const first = await startClusterNetwork({ engine, api: before.api, clusterId: `r${run}`, labels });
    // A new server process starts the same cluster while the old network (and its pods) still exist; the old
    // process is gone, so nothing of it repairs the agent the new one replaces.
    first.stopRepairs();
    const after = new Cluster({ compactEveryMs: 0, log: () => undefined });
    const second = await startClusterNetwork({ engine, api: after.api, clusterId: `r${run}`, labels });
    try {
      expect([second.subnet, second.agentIp, second.entryAddress]).toEqual([first.subnet, first.agentIp, first.entryAddress]);
      expect((await engine.containers.list({ ...labels, 'dev.kubelab.role': 'netagent', 'dev.kubelab.cluster': `r${run}` })).length).toBe(1);
    } finally {
      await second.dispose();
      await first.dispose();
      before.dispose();
      after.dispose();
    }
  });

  it('drops NET_ADMIN in the pod infra container once the Service route is in place', async () => {
    const infra = (await engine.containers.list(labels)).find((c) => c.name === `kl-test-${run}-client-infra`)!;
    const pid = (await engine.containers.inspect(infra.id))!.state.pid;
    if (!fs.existsSync(`/proc/${pid}/status`)) return; // a remote engine: its processes are not ours to read
    expect(fs.readFileSync(`/proc/${pid}/status`, 'utf8')).toMatch(/^CapEff:\s+0+$/m);
  });
});
