// The learner's shell when pods run on Docker: a `kubelab/toolbox` container (bash with kubectl completion and `k`,
// the real kubectl, curl, busybox's vi/less/wget) as the non-root user `learner`, inside its own sandbox on the
// learner's cluster network — set up like a pod's: a pause container owns the network namespace (cluster DNS, the
// route to ClusterIPs), the toolbox joins it — so `curl http://echo` and `nslookup echo.default.svc.cluster.local`
// work as from a pod. Its home is a named volume that outlives the container (and Reset); kubectl reaches the
// learner's cluster at host.docker.internal: the host's address on the engine's bridge (sandbox/docker/host-address.ts),
// where the app also listens. CPU, memory, pids and the size of any one file are capped; no capability beyond Docker's defaults, none for the
// shell. Each terminal tab is one more exec in the same toolbox. removeUser() takes the toolbox, its sandbox and the
// home volume away when the learner's account is deleted.
import { TOOLBOX_IMAGE } from '../../sandbox/images/catalog';
import { CLUSTER_LABEL } from '../../sandbox/docker/labels';
import type { DockerEngine } from '../../sandbox/docker/engine';
import type { Cluster } from '../../sandbox/cluster';
import type { Disposable } from '../../sandbox/api/types';
import { learnerKubeconfig } from '../clusters/kubeconfigs';
import type { ShellAvailability, ShellBackend, ShellSession, ShellUser } from './shell-backend';
import { TOOLBOX_API_HOST } from './toolbox-reach';
import { DEFAULT_BUDGET } from '../../sandbox/apiserver/plugins/budget';
import { parseQuantity } from '../../sandbox/lib/quantity';

const ROLE = 'dev.kubelab.role';
const HOME = '/home/learner';

export interface DockerToolboxOptions {
  engine: DockerEngine;
  /** The learner's running cluster (its network is where the toolbox lives). */
  cluster(userId: string): Cluster;
  /** The host's address as containers see it, where the app also listens: `host.docker.internal` in toolboxes. */
  hostAddress: string;
  /** The largest file the learner may write in the toolbox (default: the budget's home size). */
  homeBytes?: number;
  log?: (m: string) => void;
}

const HOME_BYTES = parseQuantity(DEFAULT_BUDGET.home)!;

export class DockerToolboxBackend implements ShellBackend {
  readonly name = 'docker-toolbox';

  /** Toolboxes being checked or made, per learner: two tabs opening at once share one toolbox. */
  private readonly making = new Map<string, Promise<string>>();

  constructor(private readonly opts: DockerToolboxOptions) {}

  availability(): ShellAvailability {
    return { ok: true };
  }

  private ensureToolbox(user: ShellUser): Promise<string> {
    const inFlight = this.making.get(user.id);
    if (inFlight) return inFlight;
    const made = this.makeToolbox(user).finally(() => this.making.delete(user.id));
    this.making.set(user.id, made);
    return made;
  }

  /** The toolbox of this learner on their cluster's current network: reused when there, else (re)made. */
  private async makeToolbox(user: ShellUser): Promise<string> {
    const cluster = this.opts.cluster(user.id);
    const network = await waitForNetwork(cluster);
    const clusterId = network.clusterId;
    const name = `kubelab-toolbox-${user.id}`;
    const existing = await this.opts.engine.containers.inspect(name);
    const sandboxNow = existing && (await this.opts.engine.containers.inspect(`${name}-sandbox`));
    const onNetwork = !!sandboxNow?.state.running && !!sandboxNow.networks[network.networkName]?.ipAddress;
    const current = existing && existing.imageId === (await this.opts.engine.images.inspect(TOOLBOX_IMAGE))?.id;
    if (existing?.labels[CLUSTER_LABEL] === clusterId && existing.state.running && onNetwork && current) return existing.id;
    // Gone, stopped, made from an older toolbox image (a shell it lacks), or on a cluster network that a Reset
    // replaced or the network repair rebuilt: start over (the home volume stays).
    for (const old of [name, `${name}-sandbox`]) await this.opts.engine.containers.remove(old, { force: true }).catch(() => undefined);
    const labels = { [CLUSTER_LABEL]: clusterId, [ROLE]: 'toolbox' };
    const sb = network.podSandboxConfig('default');
    const sandbox = await this.opts.engine.containers.create({
      name: `${name}-sandbox`,
      image: sb.image,
      networkMode: sb.networkMode,
      env: sb.env,
      capAdd: sb.capAdd,
      dns: sb.dns,
      dnsSearch: sb.dnsSearch,
      dnsOptions: sb.dnsOptions,
      hostname: 'toolbox',
      extraHosts: [`${TOOLBOX_API_HOST}:${this.opts.hostAddress}`],
      memoryBytes: 32 * 1024 * 1024,
      pidsLimit: 16,
      restartPolicy: 'no',
      labels,
    });
    await this.opts.engine.containers.start(sandbox);
    const id = await this.opts.engine.containers.create({
      name,
      image: TOOLBOX_IMAGE,
      user: '1000:1000',
      networkMode: `container:${sandbox}`,
      workingDir: HOME,
      env: [`HOME=${HOME}`, 'EDITOR=vi', 'KUBE_EDITOR=vi', `KUBECONFIG=${HOME}/.kube/config`],
      mounts: [{ type: 'volume', source: homeVolume(user.id), target: HOME }],
      memoryBytes: 256 * 1024 * 1024,
      nanoCpus: 1e9,
      pidsLimit: 128,
      // No file bigger than the learner's home budget (the engine cannot cap the volume itself: docs/LIMITS.md).
      fileSizeLimitBytes: this.opts.homeBytes ?? HOME_BYTES,
      securityOpt: ['no-new-privileges'],
      capDrop: ['ALL'],
      restartPolicy: 'no',
      labels,
    });
    await this.opts.engine.containers.start(id);
    return id;
  }

  /** The learner's toolbox and sandbox containers and their home volume, gone (their account is being deleted). */
  async removeUser(userId: string): Promise<void> {
    const name = `kubelab-toolbox-${userId}`;
    for (const c of [name, `${name}-sandbox`]) await this.opts.engine.containers.remove(c, { force: true });
    await this.opts.engine.volumes.remove(homeVolume(userId), { force: true });
  }

  /** A lesson's "save as file": written by the learner's own user inside their toolbox, into the home volume. */
  async writeHomeFile(user: ShellUser, name: string, content: string): Promise<void> {
    const id = await this.ensureToolbox(user);
    const write = await this.opts.engine.containers.execSession(id, { cmd: ['/bin/sh', '-c', `cat > "${HOME}/$1"`, 'sh', name], stdin: true, user: '1000:1000' });
    write.write(content);
    write.end();
    const code = await write.exitCode();
    if (code !== 0) throw new Error(`writing ${name} in the toolbox failed (exit ${code})`);
  }

  async open(user: ShellUser, cols: number, rows: number): Promise<ShellSession> {
    const id = await this.ensureToolbox(user);
    // Written on every open: the port may differ from the last run. The home volume keeps everything else.
    const kubeconfig = learnerKubeconfig({ hostPort: `${TOOLBOX_API_HOST}:${user.cluster.port}`, clusterId: user.cluster.id, token: user.cluster.token, caCert: user.cluster.caCert });
    const write = await this.opts.engine.containers.execSession(id, { cmd: ['/bin/sh', '-c', `mkdir -p ${HOME}/.kube && cat > ${HOME}/.kube/config && chmod 600 ${HOME}/.kube/config`], stdin: true, user: '1000:1000' });
    write.write(kubeconfig);
    write.end();
    const code = await write.exitCode();
    if (code !== 0) throw new Error(`writing the kubeconfig in the toolbox failed (exit ${code})`);
    // A login bash: the image's /etc/profile and /etc/bash.bashrc give the prompt, completion, `k` and the history
    // file in the home volume. Every terminal tab is one more exec like this into the same toolbox.
    const session = await this.opts.engine.containers.execSession(id, {
      cmd: ['/bin/bash', '-l'],
      tty: true,
      stdin: true,
      user: '1000:1000',
      workingDir: HOME,
      env: ['TERM=xterm-256color'],
    });
    await session.resize(cols, rows).catch(() => undefined);
    return toShellSession(session);
  }
}

function homeVolume(userId: string): string {
  return `kubelab-home-${userId}`;
}

/** A cluster's docker network, once its runtime is up (it starts in the background). */
async function waitForNetwork(cluster: Cluster): Promise<NonNullable<Cluster['docker']>['network']> {
  await cluster.runtimeReady;
  if (!cluster.docker) throw new Error('this cluster runs simulated pods: no toolbox');
  return cluster.docker.network;
}

type ExecSession = Awaited<ReturnType<DockerEngine['containers']['execSession']>>;

function toShellSession(s: ExecSession): ShellSession {
  const listen = <T>(set: Set<(v: T) => void>, l: (v: T) => void): Disposable => {
    set.add(l);
    return { dispose: () => void set.delete(l) };
  };
  const dataListeners = new Set<(d: string) => void>();
  const exitListeners = new Set<(c: number) => void>();
  s.stdout.setEncoding('utf8');
  s.stdout.on('data', (d: string) => dataListeners.forEach((l) => l(d)));
  void s.exitCode().then(
    (c) => exitListeners.forEach((l) => l(c)),
    () => exitListeners.forEach((l) => l(1)),
  );
  return {
    write: (data) => s.write(data),
    resize: (cols, rows) => void s.resize(cols, rows).catch(() => undefined),
    onData: (l) => listen(dataListeners, l),
    onExit: (l) => listen(exitListeners, l),
    kill: () => s.destroy(),
  };
}
