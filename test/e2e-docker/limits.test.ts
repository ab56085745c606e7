// Limits a learner meets on real containers, driven by the real kubectl (oldest and newest): the budget refuses the
// 41st pod in ResourceQuota's words; a 64-CPU request is Pending with kube-scheduler's FailedScheduling and a 2Gi pod
// runs; a memory hog is OOMKilled at its limit; Pod Security follows namespace labels; a privileged or SYS_TIME
// container in an unlabelled (privileged) namespace is admitted and refused by the runtime with an event; and a
// hostPath is the node's own directory, never the machine's.
import { describeDocker, newestKubectl, oldestKubectl, podRes, startDockerTestCluster, waitFor, type DockerTestCluster } from './docker-cluster';
import { kubectlBinaries, requireOrSkip } from '../helpers/kubectl-bin';
import { testEngine } from '../sandbox/docker/docker-env';

const hasKubectl = requireOrSkip('kubectl', kubectlBinaries().all.length > 0);

const sleeper = (name: string, extra = '') => `
apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  terminationGracePeriodSeconds: 0
  containers: [{name: app, image: busybox, command: [sleep, "3600"], resources: {limits: {memory: 32Mi, cpu: 100m}}${extra}}]
`;

(hasKubectl ? describeDocker : describe.skip)('limits on real containers (docker runtime, real kubectl)', () => {
  let tc: DockerTestCluster;
  const versions = [...new Set([oldestKubectl(), newestKubectl()])];

  beforeAll(async () => {
    tc = await startDockerTestCluster({ workers: 2 });
  }, 90_000);

  afterAll(async () => {
    await tc?.close();
  }, 120_000);

  it('leaves a pod asking for 64 CPUs Pending with FailedScheduling, and runs one with 2Gi of memory', async () => {
    await tc.ok('apply', '-f', tc.file('cpu64.yaml', `
apiVersion: v1
kind: Pod
metadata: {name: cpu64}
spec:
  containers: [{name: app, image: busybox, command: [sleep, "3600"], resources: {requests: {cpu: "64"}}}]
`));
    await tc.ok('apply', '-f', tc.file('mem2g.yaml', sleeper('mem2g').replace('memory: 32Mi', 'memory: 2Gi')));
    await waitFor('FailedScheduling', async () => (await tc.ok('describe', 'pod', 'cpu64')).includes('FailedScheduling'), 20_000);
    const describe = await tc.ok('describe', 'pod', 'cpu64');
    expect(describe).toContain('0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu.');
    expect(await tc.ok('get', 'pod', 'cpu64')).toMatch(/cpu64\s+0\/1\s+Pending/);
    await waitFor('mem2g Running', () => tc.pod('mem2g')?.status?.phase === 'Running', 30_000);
    const id = String(tc.pod('mem2g')!.status!.containerStatuses![0].containerID).replace('docker://', '');
    const info = await testEngine().containers.inspect(id);
    expect(info).toBeDefined();
    await tc.ok('delete', 'pod', 'cpu64', 'mem2g', '--wait=false');
  }, 90_000);

  it('runs a memory hog with a limit above 1Gi and kills it at that limit: OOMKilled, as on a real node', async () => {
    await tc.ok('apply', '-f', tc.file('hog.yaml', `
apiVersion: v1
kind: Pod
metadata: {name: hog}
spec:
  restartPolicy: Never
  containers: [{name: hog, image: busybox, command: [sh, -c, "x=a; while true; do x=$x$x; done"], resources: {limits: {memory: 1536Mi}}}]
`));
    const started = Date.now();
    await waitFor('hog terminated', () => tc.pod('hog')?.status?.containerStatuses?.[0]?.state?.terminated, 60_000);
    const term = tc.pod('hog')!.status!.containerStatuses![0].state!.terminated;
    console.log(`memory hog OOMKilled after ${Date.now() - started} ms (limit 1536Mi): ${JSON.stringify(term)}`);
    expect(term).toMatchObject({ reason: 'OOMKilled', exitCode: 137 });
    expect(await tc.ok('get', 'pod', 'hog')).toMatch(/hog\s+0\/1\s+OOMKilled/);
    await tc.ok('delete', 'pod', 'hog', '--wait=false');
  }, 90_000);

  it.each(versions)('refuses and warns by namespace label, in Pod Security Admission words (%s)', async (bin) => {
    const ns = `psa-${bin.replace(/\D/g, '')}`;
    await tc.ok('create', 'namespace', ns);
    const label = await tc.kubectl(bin, ['label', 'namespace', ns, 'pod-security.kubernetes.io/enforce=baseline', 'pod-security.kubernetes.io/warn=restricted']);
    expect(label.code).toBe(0);
    const refused = await tc.kubectl(bin, ['apply', '-n', ns, '-f', tc.file(`priv-${ns}.yaml`, sleeper('priv', ', securityContext: {privileged: true}'))]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('pods "priv" is forbidden: violates PodSecurity "baseline:latest": privileged (container "app" must not set securityContext.privileged=true)');
    const warned = await tc.kubectl(bin, ['apply', '-n', ns, '-f', tc.file(`plain-${ns}.yaml`, sleeper('plain'))]);
    expect(warned.code).toBe(0);
    expect(warned.stderr).toContain('Warning: would violate PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false)');
    const bad = await tc.kubectl(bin, ['label', 'namespace', ns, '--overwrite', 'pod-security.kubernetes.io/enforce=strict']);
    expect(bad.stderr).toContain('metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "strict": must be one of privileged, baseline, restricted');
    await tc.ok('delete', 'namespace', ns, '--wait=false');
  }, 60_000);

  it('admits privileged and SYS_TIME containers where no label asks otherwise, and the runtime refuses them with an event', async () => {
    await tc.ok('apply', '-f', tc.file('escape.yaml', `
apiVersion: v1
kind: Pod
metadata: {name: escape}
spec:
  terminationGracePeriodSeconds: 0
  containers:
  - {name: priv, image: busybox, command: [sleep, "3600"], securityContext: {privileged: true}}
---
apiVersion: v1
kind: Pod
metadata: {name: clock}
spec:
  terminationGracePeriodSeconds: 0
  containers:
  - {name: clock, image: busybox, command: [sleep, "3600"], securityContext: {capabilities: {add: [NET_ADMIN, SYS_TIME]}}}
---
apiVersion: v1
kind: Pod
metadata: {name: netadmin}
spec:
  terminationGracePeriodSeconds: 0
  containers:
  - {name: net, image: busybox, command: [sleep, "3600"], securityContext: {capabilities: {add: [NET_ADMIN]}}}
`));
    await waitFor('escape refused', async () => /escape\s+0\/1\s+CreateContainerConfigError/.test(await tc.ok('get', 'pod', 'escape')), 30_000);
    await waitFor('clock refused', async () => /clock\s+0\/1\s+CreateContainerConfigError/.test(await tc.ok('get', 'pod', 'clock')), 30_000);
    const events = await tc.ok('describe', 'pod', 'clock');
    expect(events).toMatch(/Warning\s+Failed\s+.*Error: container "clock" adds "SYS_TIME" to securityContext.capabilities.add/);
    expect(await tc.ok('describe', 'pod', 'escape')).toContain('container "priv" sets securityContext.privileged=true');
    // Nothing of theirs reached Docker; NET_ADMIN, which acts on the pod's own network, runs.
    const engine = testEngine();
    const made = await engine.containers.list({ 'dev.kubelab.container': 'priv' });
    expect(made).toEqual([]);
    await waitFor('netadmin Running', () => tc.pod('netadmin')?.status?.phase === 'Running', 30_000);
    expect(await tc.ok('exec', 'netadmin', '--', 'ip', 'link', 'set', 'lo', 'mtu', '1500')).toBe('');
    await tc.ok('delete', 'pod', 'escape', 'clock', 'netadmin', '--wait=false');
  }, 90_000);

  it("keeps a hostPath on its node: another node's pod sees its own directory, and the machine's files are never there", async () => {
    const writer = (name: string, node: string, cmd: string) => `
apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  restartPolicy: Never
  nodeName: ${node}
  containers: [{name: c, image: busybox, command: [sh, -c, "${cmd}"], volumeMounts: [{name: data, mountPath: /data}]}]
  volumes: [{name: data, hostPath: {path: /etc, type: Directory}}]
`;
    await tc.ok('apply', '-f', tc.file('w1.yaml', writer('w1', 'kubelab-worker', 'echo on-worker > /data/note; ls /data')));
    await waitFor('w1 done', () => tc.pod('w1')?.status?.phase === 'Succeeded', 30_000);
    // The machine's /etc has passwd, hostname…; the node's /etc here starts empty.
    expect(await tc.ok('logs', 'w1')).toBe('note\n');
    await tc.ok('apply', '-f', tc.file('w2.yaml', writer('w2', 'kubelab-worker', 'cat /data/note')));
    await tc.ok('apply', '-f', tc.file('w3.yaml', writer('w3', 'kubelab-worker2', 'ls /data; echo end')));
    await waitFor('w2 and w3 done', () => tc.pod('w2')?.status?.phase === 'Succeeded' && tc.pod('w3')?.status?.phase === 'Succeeded', 30_000);
    expect(await tc.ok('logs', 'w2')).toBe('on-worker\n');
    expect(await tc.ok('logs', 'w3')).toBe('end\n');
    await tc.ok('delete', 'pod', 'w1', 'w2', 'w3', '--wait=false');
  }, 90_000);

  it('evicts a pod filling its own filesystem or an emptyDir past its limits, with the kubelet\'s messages', async () => {
    await tc.ok('apply', '-f', tc.file('fill.yaml', `
apiVersion: v1
kind: Pod
metadata: {name: filler}
spec:
  restartPolicy: Never
  containers: [{name: dd, image: busybox, command: [sh, -c, "dd if=/dev/zero of=/big bs=1M count=2000; sleep 3600"], resources: {limits: {ephemeral-storage: 100Mi}}}]
---
apiVersion: v1
kind: Pod
metadata: {name: dirfiller}
spec:
  restartPolicy: Never
  volumes: [{name: scratch, emptyDir: {sizeLimit: 50Mi}}]
  containers: [{name: dd, image: busybox, command: [sh, -c, "dd if=/dev/zero of=/scratch/big bs=1M count=2000; sleep 3600"], volumeMounts: [{name: scratch, mountPath: /scratch}]}]
`));
    const started = Date.now();
    await waitFor('filler evicted', () => tc.pod('filler')?.status?.reason === 'Evicted', 60_000);
    const after = Date.now() - started;
    await waitFor('dirfiller evicted', () => tc.pod('dirfiller')?.status?.reason === 'Evicted', 60_000);
    const filler = tc.pod('filler')!;
    console.log(`disk filler evicted after ${after} ms: ${filler.status!.message}`);
    expect(filler.status).toMatchObject({ phase: 'Failed', reason: 'Evicted', message: 'Pod ephemeral local storage usage exceeds the total limit of containers 100Mi. ' });
    expect(tc.pod('dirfiller')!.status!.message).toBe('Usage of EmptyDir volume "scratch" exceeds the limit "50Mi". ');
    expect(await tc.ok('get', 'pod', 'filler')).toMatch(/filler\s+0\/1\s+Evicted/);
    expect(await tc.ok('describe', 'pod', 'filler')).toMatch(/Warning\s+Evicted\s+.*Pod ephemeral local storage usage exceeds the total limit of containers 100Mi/);
    await tc.ok('delete', 'pod', 'filler', 'dirfiller', '--wait=false');
  }, 120_000);

  it('refuses the 41st pod with the budget in ResourceQuota words', async () => {
    await waitFor('earlier pods gone', () => tc.cluster.api.list(podRes, 'default').items.length === 0, 60_000);
    const many = Array.from({ length: 40 }, (_, i) => sleeper(`p${i + 1}`)).join('---');
    const started = Date.now();
    await tc.ok('apply', '-f', tc.file('forty.yaml', many));
    const r = await tc.kubectl(newestKubectl(), ['apply', '-f', tc.file('p41.yaml', sleeper('p41'))]);
    console.log(`budget: 40 pods admitted in ${Date.now() - started} ms; the 41st: ${r.stderr.trim()}`);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('pods "p41" is forbidden: exceeded quota: kubelab-budget, requested: pods=1, used: pods=40, limited: pods=40');
    await waitFor('40 pods Running', () => tc.cluster.api.list(podRes, 'default').items.filter((p) => p.status?.phase === 'Running').length === 40, 120_000);
    console.log(`budget: 40 pods Running after ${Date.now() - started} ms`);
  }, 240_000);
});
