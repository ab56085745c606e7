// Service networking benchmark (docker runtime): latency a request gains by going through the network agent
// (the ClusterIP/NodePort proxy), the host's loopback entry point and the ingress, against the same request sent
// straight to the pod's IP; plus how long a cluster network takes to start and to follow an endpoint change.
// Measured from the host with a new TCP connection per request (as wget/curl in a lesson do). The agent serves
// ClusterIP and NodePort traffic with the same code path, so the NodePort figure is the ClusterIP figure.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { Cluster } from '../sandbox/cluster';
import { findKind } from '../sandbox/apiserver/kinds/registry';
import { connectEngine } from '../sandbox/docker/engine';
import { TEST_LABEL } from '../sandbox/docker/labels';
import { ensureImages } from '../sandbox/images/builder';
import { ECHO_IMAGE } from '../sandbox/images/catalog';
import { startClusterNetwork } from '../sandbox/network/cluster-network';
import { percentile, row, timeEach, type Row } from './stats';

const N = 400;

function request(host: string, port: number, headers: Record<string, string> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    http
      .get({ host, port, path: '/', headers, agent: false }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
      })
      .on('error', reject);
  });
}

async function p50(step: () => Promise<void>): Promise<number> {
  await timeEach(30, step); // warm-up
  return percentile(await timeEach(N, step), 50);
}

export async function benchNetwork(): Promise<Row[]> {
  const engine = connectEngine();
  if (!(await engine.ping())) return [{ metric: 'network benchmarks', value: 'skipped: no Docker engine', target: '', met: undefined }];
  await ensureImages(engine, () => undefined, { only: ['pause', 'netagent', 'echo'] });
  const labels = { [TEST_LABEL]: '1', [`${TEST_LABEL}-run`]: `bench-${process.pid}` };
  const cluster = new Cluster({ compactEveryMs: 0, log: () => undefined });
  const t0 = performance.now();
  const net = await startClusterNetwork({ engine, api: cluster.api, clusterId: `bench${process.pid}`, labels });
  const startMs = performance.now() - t0;
  const created: string[] = [];
  try {
    const sb = net.podSandboxConfig();
    const infra = await engine.containers.create({ image: sb.image, networkMode: sb.networkMode, env: sb.env, capAdd: sb.capAdd, dns: sb.dns, dnsSearch: sb.dnsSearch, dnsOptions: sb.dnsOptions, labels });
    created.push(infra);
    await engine.containers.start(infra);
    const app = await engine.containers.create({ image: ECHO_IMAGE, networkMode: `container:${infra}`, labels });
    created.push(app);
    await engine.containers.start(app);
    const podIp = (await engine.containers.inspect(infra))!.networks[net.networkName].ipAddress;
    const svc = cluster.api.create(findKind('Service')!, 'default', { metadata: { name: 'echo' }, spec: { type: 'NodePort', ports: [{ port: 80, targetPort: 8080 }] } });
    cluster.api.create(findKind('Endpoints')!, 'default', { metadata: { name: 'echo' }, subsets: [{ addresses: [{ ip: podIp }], ports: [{ port: 8080 }] }] });
    cluster.api.create(findKind('Ingress')!, 'default', {
      metadata: { name: 'echo' },
      spec: { rules: [{ host: 'test.host', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'echo', port: { number: 80 } } } }] } }] },
    });
    await net.synced();
    const nodePort = Number(svc.spec?.ports?.[0]?.nodePort);
    for (let i = 0; i < 200; i++) {
      try {
        await request(podIp, 8080);
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 25)); // echo still starting
      }
    }
    const direct = await p50(() => request(podIp, 8080));
    const viaAgent = await p50(() => request(net.agentIp, nodePort));
    const viaEntry = await p50(() => request(net.entryAddress, nodePort));
    const viaIngress = await p50(() => request(net.agentIp, 80, { Host: 'test.host' }));
    const follow = await timeEach(10, async (i) => {
      cluster.api.update(findKind('Endpoints')!, 'default', 'echo', {
        metadata: { name: 'echo' },
        subsets: [{ addresses: [{ ip: podIp }], ...(i % 2 ? {} : { notReadyAddresses: [{ ip: '10.224.4.250' }] }), ports: [{ port: 8080 }] }],
      });
      await net.synced();
    });
    return [
      row('HTTP request straight to the pod IP, p50', direct, 'ms'),
      row('through the agent (ClusterIP/NodePort path), p50', viaAgent, 'ms'),
      row('added by the agent proxy, p50', viaAgent - direct, 'ms', { max: 1, text: '< 1 ms' }),
      row('through the host loopback entry → agent, p50', viaEntry, 'ms'),
      row('through the ingress (Host routing), p50', viaIngress, 'ms'),
      row('added by the ingress, p50', viaIngress - direct, 'ms', { max: 1, text: '< 1 ms' }),
      row('cluster network start (network + agent)', startMs, 'ms', { max: 3000, text: '< 3 s' }),
      row('endpoint change → applied by the agent, p50', percentile(follow, 50), 'ms', { max: 250, text: '< 250 ms' }),
    ];
  } finally {
    for (const id of created.reverse()) await engine.containers.remove(id, { force: true });
    await net.dispose();
    cluster.dispose();
  }
}
