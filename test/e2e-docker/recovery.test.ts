// What survives what, on a real engine: `kubelab cluster --runtime docker --data D` killed with SIGKILL while pods
// run comes back with the same containers (adopted by label: no duplicates, no orphans); deleting a cluster leaves
// nothing behind; containers of deleted pods and of clusters whose state is gone are swept.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { CLUSTER_LABEL, ROLE_LABEL } from '../../sandbox/docker/labels';
import { OWNER_LABEL, POD_UID_LABEL, STATE_LABEL } from '../../sandbox/kubelet/docker-runtime-names';
import { removeClusterResources, removeOrphanPods, sweepOrphanClusters } from '../../sandbox/docker-cluster/recovery';
import { BUSYBOX_IMAGE } from '../../sandbox/images/catalog';
import { runKubectl } from '../helpers/test-cluster';
import { kubectlBinaries, requireOrSkip } from '../helpers/kubectl-bin';
import { exitedProcessIdentity, testEngine, testLabels } from '../sandbox/docker/docker-env';
import { describeDocker, newestKubectl, podReady, podRes, startDockerTestCluster, waitFor } from './docker-cluster';

const root = path.join(__dirname, '../..');
const SEED_POD = path.join(root, 'test/fixtures/seed001/simple-pod.yaml');

function startCli(args: string[]): { child: ChildProcess; output: () => string; ready: Promise<void> } {
  const child = spawn(process.execPath, [path.join(root, 'bin/kubelab.js'), 'cluster', ...args], { cwd: root });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const ready = waitFor('the ready line', () => {
    if (child.exitCode !== null) throw new Error(`kubelab cluster exited: ${out}`);
    return /ready at https/.test(out);
  }, 60_000).then(() => undefined);
  return { child, output: () => out, ready };
}

const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

const hasKubectl = requireOrSkip('kubectl', kubectlBinaries().all.length > 0);

(hasKubectl ? describeDocker : describe.skip)('recovery on a real engine', () => {
  const engine = testEngine();

  it('adopts running containers after kubelab cluster is killed with SIGKILL and started again', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-recovery-'));
    const data = path.join(dir, 'data');
    const kubeconfig = path.join(dir, 'kubeconfig');
    const args = ['--runtime', 'docker', '--data', data, '--port', '0', '--kubeconfig', kubeconfig, '--workers', '1'];
    const kubectl = (...a: string[]) => runKubectl(newestKubectl(), ['--kubeconfig', kubeconfig, ...a], dir);
    let cli = startCli(args);
    try {
      await cli.ready;
      expect(cli.output()).toContain('(runtime docker)');
      expect((await kubectl('apply', '-f', SEED_POD)).code).toBe(0);
      await waitFor('simple-echo Running', async () => /2\/2\s+Running/.test((await kubectl('get', 'pod', 'simple-echo')).stdout), 30_000);
      const clusterId = fs.readFileSync(path.join(data, 'cluster-id'), 'utf8').trim();
      const containers = async () => (await engine.containers.list({ [CLUSTER_LABEL]: clusterId })).filter((c) => c.labels[POD_UID_LABEL]).map((c) => `${c.id} ${c.state}`).sort();
      const before = await containers();
      expect(before).toHaveLength(3); // infra + nginx + echo

      cli.child.kill('SIGKILL');
      await exited(cli.child);
      cli = startCli(args);
      await cli.ready;
      await waitFor('simple-echo Running again', async () => /2\/2\s+Running\s+0/.test((await kubectl('get', 'pod', 'simple-echo')).stdout), 30_000);
      expect(await containers()).toEqual(before);
      const exec = await kubectl('exec', 'simple-echo', '-c', 'nginx', '--', 'wget', '-qO-', 'localhost:8080');
      expect(exec).toMatchObject({ code: 0, stdout: 'Hello Docker!!' });

      // Graceful stop of a --data cluster leaves its pods running for the next start; by now the restarted
      // kubelet has synced the pod, and still the containers are the very same ones.
      cli.child.kill('SIGTERM');
      await exited(cli.child);
      expect(await containers()).toEqual(before);
      const removed = await removeClusterResources(engine, clusterId);
      expect(removed.containers).toBeGreaterThanOrEqual(3);
      expect(await engine.containers.list({ [CLUSTER_LABEL]: clusterId })).toEqual([]);
    } finally {
      cli.child.kill('SIGKILL');
      const idFile = path.join(data, 'cluster-id');
      if (fs.existsSync(idFile)) await removeClusterResources(engine, fs.readFileSync(idFile, 'utf8').trim());
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('leaves no container, volume or network behind when a cluster is deleted', async () => {
    const tc = await startDockerTestCluster({ workers: 1 });
    const clusterId = tc.cluster.docker!.network.clusterId;
    await tc.ok('apply', '-f', SEED_POD);
    await tc.ok('create', 'deployment', 'web', '--image', 'gihyodocker/echo:latest', '--replicas', '2');
    await waitFor('pods running', () => podReady(tc.pod('simple-echo')), 30_000);
    await tc.close();
    expect(await engine.containers.list({ [CLUSTER_LABEL]: clusterId })).toEqual([]);
    expect(await engine.networks.list({ [CLUSTER_LABEL]: clusterId })).toEqual([]);
    expect(await engine.volumes.list({ [CLUSTER_LABEL]: clusterId })).toEqual([]);
  }, 60_000);

  /** 20 pods with a volume each, created at once; resolves when the first of their containers exist. */
  async function burstOfPods(tc: Awaited<ReturnType<typeof startDockerTestCluster>>, clusterId: string): Promise<string[]> {
    const names = Array.from({ length: 20 }, (_, i) => `burst-${i}`);
    for (const name of names) {
      tc.cluster.api.create(podRes, 'default', {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: 'default' },
        spec: {
          terminationGracePeriodSeconds: 0,
          volumes: [{ name: 'scratch', emptyDir: {} }],
          // Small, so twenty fit in the learner budget.
          containers: [{ name: 'c', image: 'busybox', command: ['sleep', '3600'], resources: { limits: { cpu: '50m', memory: '32Mi' } }, volumeMounts: [{ name: 'scratch', mountPath: '/scratch' }] }],
        },
      });
    }
    await waitFor('the first pod containers', async () => (await engine.containers.list({ [CLUSTER_LABEL]: clusterId, [POD_UID_LABEL]: true })).length > 0, 30_000);
    return names;
  }

  it('leaves no container or volume of pods deleted in a burst while their containers were being made', async () => {
    const tc = await startDockerTestCluster({ workers: 1 });
    const clusterId = tc.cluster.docker!.network.clusterId;
    try {
      for (const name of await burstOfPods(tc, clusterId)) tc.cluster.api.delete(podRes, 'default', name, {});
      await waitFor('the pods gone', () => tc.cluster.api.list(podRes, 'default').items.length === 0, 60_000);
      await tc.cluster.settled();
      expect(await engine.containers.list({ [CLUSTER_LABEL]: clusterId, [POD_UID_LABEL]: true })).toEqual([]);
      expect(await engine.volumes.list({ [CLUSTER_LABEL]: clusterId, [POD_UID_LABEL]: true })).toEqual([]);
    } finally {
      await tc.close();
    }
  }, 120_000);

  it('leaves nothing behind when 20 pods are created and deleted in a burst and the cluster is deleted meanwhile', async () => {
    const tc = await startDockerTestCluster({ workers: 1 });
    const clusterId = tc.cluster.docker!.network.clusterId;
    // Some pods' containers are being made right now: delete the pods, then the whole cluster, without waiting.
    for (const name of await burstOfPods(tc, clusterId)) tc.cluster.api.delete(podRes, 'default', name, {});
    await tc.cluster.destroy();
    expect(await engine.containers.list({ [CLUSTER_LABEL]: clusterId })).toEqual([]);
    expect(await engine.volumes.list({ [CLUSTER_LABEL]: clusterId })).toEqual([]);
    expect(await engine.networks.list({ [CLUSTER_LABEL]: clusterId })).toEqual([]);
    await tc.close();
  }, 120_000);

  it('sweeps what deleted pods and vanished clusters left behind, and leaves live clusters alone', async () => {
    const labels = testLabels();
    const make = (cluster: string, extra: Record<string, string>) =>
      engine.containers.create({ image: BUSYBOX_IMAGE, cmd: ['true'], labels: { ...labels, [CLUSTER_LABEL]: cluster, [ROLE_LABEL]: 'pod-container', ...extra } });
    const run = labels['dev.kubelab.test-run'];
    const gone = `gone${run}`;
    const live = `live${run}`;
    const stateFile = path.join(os.tmpdir(), `kubelab-state-${run}`);
    fs.writeFileSync(stateFile, '');
    const dead = await exitedProcessIdentity();
    try {
      await make(gone, { [STATE_LABEL]: path.join(os.tmpdir(), `missing-${run}`, 'cluster.db'), [OWNER_LABEL]: dead });
      await engine.volumes.create(`kl-${gone}-v`, { ...labels, [CLUSTER_LABEL]: gone, [STATE_LABEL]: '/nonexistent/cluster.db', [OWNER_LABEL]: dead });
      const kept = await make(live, { [STATE_LABEL]: stateFile, [POD_UID_LABEL]: 'alive-pod' });
      const orphan = await make(live, { [STATE_LABEL]: stateFile, [POD_UID_LABEL]: 'deleted-pod' });
      expect(await sweepOrphanClusters(engine)).toContain(gone);
      expect(await engine.containers.list({ [CLUSTER_LABEL]: gone })).toEqual([]);
      expect(await engine.volumes.list({ [CLUSTER_LABEL]: gone })).toEqual([]);
      expect(await removeOrphanPods(engine, live, new Set(['alive-pod']))).toBe(1);
      const left = (await engine.containers.list({ [CLUSTER_LABEL]: live })).map((c) => c.id);
      expect(left).toEqual([kept]);
      expect(left).not.toContain(orphan);
    } finally {
      await removeClusterResources(engine, live);
      await removeClusterResources(engine, gone);
      fs.rmSync(stateFile, { force: true });
    }
  });

  it('goes on sweeping when one cluster left behind cannot be removed, and says why once', async () => {
    const labels = testLabels();
    const run = labels['dev.kubelab.test-run'];
    const dead = await exitedProcessIdentity();
    const leftBehind = (cluster: string) => ({ ...labels, [CLUSTER_LABEL]: cluster, [STATE_LABEL]: `/nonexistent/${run}/cluster.db`, [OWNER_LABEL]: dead });
    const stuck = `stuck${run}`;
    const gone = `gone2${run}`;
    // A volume of a vanished cluster that something else still uses: the engine refuses to remove it.
    await engine.volumes.create(`kl-${stuck}-v`, leftBehind(stuck));
    const holder = await engine.containers.create({ image: BUSYBOX_IMAGE, cmd: ['sleep', '600'], labels, mounts: [{ type: 'volume', source: `kl-${stuck}-v`, target: '/v' }] });
    try {
      await engine.containers.start(holder);
      await engine.volumes.create(`kl-${gone}-v`, leftBehind(gone));
      const said: string[] = [];
      const swept = await sweepOrphanClusters(engine, (m) => said.push(m));
      expect(swept).toContain(gone);
      expect(swept).not.toContain(stuck);
      expect(await engine.volumes.list({ [CLUSTER_LABEL]: gone })).toEqual([]);
      expect(said.filter((m) => m.startsWith(`could not remove cluster ${stuck}`))).toHaveLength(1);
      // Not tried again by this process: the next sweep says nothing more of it.
      await sweepOrphanClusters(engine, (m) => said.push(m));
      expect(said.filter((m) => m.includes(stuck))).toHaveLength(1);
    } finally {
      await engine.containers.remove(holder, { force: true });
      await removeClusterResources(engine, stuck);
      await removeClusterResources(engine, gone);
    }
  }, 60_000);
});
