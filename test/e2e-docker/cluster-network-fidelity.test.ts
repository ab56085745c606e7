// The cluster a course describes, on real containers: each node has its own InternalIP and a NodePort answers on
// every one of them; a pod's resolv.conf names the kube-dns Service's ClusterIP (with the kubelet's search path),
// which really answers DNS; kube-system holds CoreDNS, kube-proxy and the control plane's static pods — Running, yet
// no container runs for them, and a deleted one comes back. Real kubectl, oldest and newest.
import { findKind } from '../../sandbox/apiserver/kinds/registry';
import { POD_UID_LABEL } from '../../sandbox/kubelet/docker-runtime-names';
import { kubectlBinaries, requireOrSkip } from '../helpers/kubectl-bin';
import { testEngine } from '../sandbox/docker/docker-env';
import { describeDocker, newestKubectl, oldestKubectl, startDockerTestCluster, waitFor, type DockerTestCluster } from './docker-cluster';

const hasKubectl = requireOrSkip('kubectl', kubectlBinaries().all.length > 0);
const podRes = findKind('Pod')!;

(hasKubectl ? describeDocker : describe.skip)('nodes, cluster DNS and kube-system (docker runtime, real kubectl)', () => {
  let tc: DockerTestCluster;
  const run = async (bin: string, name: string, script: string) => {
    const r = await tc.kubectl(bin, ['run', name, '--rm', '-i', '--restart=Never', '--image=busybox', '--', 'sh', '-c', script], { timeoutMs: 60_000 });
    return r.stdout;
  };

  beforeAll(async () => {
    tc = await startDockerTestCluster({ workers: 2 });
    await tc.ok('create', 'deployment', 'web', '--image=gihyodocker/echo:latest');
    await tc.ok('expose', 'deployment', 'web', '--type=NodePort', '--port=80', '--target-port=8080');
    await tc.ok('rollout', 'status', 'deployment/web', '--timeout=60s');
  }, 120_000);

  afterAll(async () => {
    await tc?.close();
  }, 60_000);

  it('gives every node its own InternalIP, and a NodePort answers on each of them (from a pod and from the host)', async () => {
    const ips = (await tc.ok('get', 'nodes', '-o', 'jsonpath={.items[*].status.addresses[?(@.type=="InternalIP")].address}')).trim().split(' ');
    expect(ips).toHaveLength(3);
    expect(new Set(ips).size).toBe(3);
    const nodePort = (await tc.ok('get', 'service', 'web', '-o', 'jsonpath={.spec.ports[0].nodePort}')).trim();
    const out = await run(oldestKubectl(), 'np', ips.map((ip) => `echo "${ip}=$(wget -qO- http://${ip}:${nodePort})"`).join('; '));
    for (const ip of ips) expect(out).toContain(`${ip}=Hello Docker!!`);
    await waitFor('each node address answering from the host', async () => {
      const answers = await Promise.all(ips.map((ip) => fetch(`http://${ip}:${nodePort}/`).then((r) => r.text()).catch(() => '')));
      return answers.every((a) => a.includes('Hello Docker!!'));
    }, 20_000);
  }, 90_000);

  it('points pods at the kube-dns ClusterIP, which answers for Services', async () => {
    const dnsIp = (await tc.ok('get', 'service', 'kube-dns', '-n', 'kube-system', '-o', 'jsonpath={.spec.clusterIP}')).trim();
    expect(dnsIp).toBe('10.96.0.10');
    const out = await run(newestKubectl(), 'dns', 'cat /etc/resolv.conf; nslookup web.default.svc.cluster.local 2>&1; wget -qO- http://web');
    expect(out).toContain('search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
    expect(out).toMatch(/Server:\s+10\.96\.0\.10/);
    const clusterIP = (await tc.ok('get', 'service', 'web', '-o', 'jsonpath={.spec.clusterIP}')).trim();
    expect(out).toMatch(new RegExp(`Name:\\s+web\\.default\\.svc\\.cluster\\.local\\nAddress:\\s+${clusterIP.replace(/\./g, '\\.')}`));
    expect(out).toContain('Hello Docker!!');
  }, 90_000);

  it('lists CoreDNS, kube-proxy and the control plane in kube-system, running no containers for them', async () => {
    const r = await tc.kubectl(oldestKubectl(), ['get', 'pods', '-n', 'kube-system']);
    const rows = r.stdout.trim().split('\n').slice(1).map((l) => l.split(/\s+/));
    const names = rows.map((c) => c[0]);
    for (const prefix of ['coredns-', 'coredns-', 'etcd-kubelab-control-plane', 'kube-apiserver-kubelab-control-plane', 'kube-controller-manager-kubelab-control-plane', 'kube-proxy-', 'kube-proxy-', 'kube-proxy-', 'kube-scheduler-kubelab-control-plane']) {
      expect(names.some((n) => n.startsWith(prefix))).toBe(true);
    }
    expect(names.filter((n) => n.startsWith('coredns-'))).toHaveLength(2);
    expect(names.filter((n) => n.startsWith('kube-proxy-'))).toHaveLength(3);
    expect(rows.every((c) => c[1] === '1/1' && c[2] === 'Running')).toBe(true);
    const pods = tc.cluster.api.list(podRes, 'kube-system').items;
    for (const p of pods) expect(await testEngine().containers.list({ [POD_UID_LABEL]: String(p.metadata.uid) })).toEqual([]);
    const endpoints = await tc.ok('get', 'endpoints', 'kube-dns', '-n', 'kube-system', '-o', 'jsonpath={.subsets[*].addresses[*].ip}');
    expect(endpoints.trim().split(' ').sort()).toEqual(pods.filter((p) => p.metadata.labels?.['k8s-app'] === 'kube-dns').map((p) => p.status!.podIP).sort());
  });

  it('brings a deleted mirror pod back', async () => {
    const before = tc.cluster.api.tryGet(podRes, 'kube-system', 'etcd-kubelab-control-plane')!;
    const r = await tc.kubectl(newestKubectl(), ['delete', 'pod', '-n', 'kube-system', 'etcd-kubelab-control-plane', '--timeout=30s']);
    expect(r.code).toBe(0);
    const after = await waitFor('etcd back', () => {
      const p = tc.cluster.api.tryGet(podRes, 'kube-system', 'etcd-kubelab-control-plane');
      return p && p.metadata.uid !== before.metadata.uid && p.status?.phase === 'Running' ? p : undefined;
    }, 20_000);
    expect(after.metadata.annotations?.['kubernetes.io/config.mirror']).toBeDefined();
    const proxy = tc.cluster.api.list(podRes, 'kube-system').items.find((p) => p.metadata.labels?.['k8s-app'] === 'kube-proxy')!;
    expect((await tc.kubectl(oldestKubectl(), ['delete', 'pod', '-n', 'kube-system', String(proxy.metadata.name)])).code).toBe(0);
    await waitFor('a new kube-proxy on that node', () =>
      tc.cluster.api.list(podRes, 'kube-system').items.some((p) => p.metadata.labels?.['k8s-app'] === 'kube-proxy' && p.spec!.nodeName === proxy.spec!.nodeName && p.metadata.name !== proxy.metadata.name && p.status?.phase === 'Running'), 20_000);
  }, 60_000);
});
