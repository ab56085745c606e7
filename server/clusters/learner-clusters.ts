// One mini cluster per learner, created on first use and kept in <data>/clusters/<userId>.db; its token is derived
// from the server's key file and only its hash is in the app database (cluster-tokens.ts), so it comes back after
// a restart with the same kubeconfig. A cluster nobody used for `idleMs` is
// suspended (disposed, its file kept) and resumed on the next request; Reset starts it over from an empty file.
// With a Docker engine, pods are real containers: a suspended or restarted cluster adopts its running containers
// again, and Reset removes them — by the old cluster's label, whether or not it is running (a suspended or
// not-yet-resumed cluster has no handle to destroy, and its network, with the learner's toolbox still on it, used to
// be left behind). remove() takes everything of a learner's cluster away for good (account deletion). Every learner's
// cluster, on either runtime, has the learner's budget (sandbox/apiserver/plugins/budget.ts).
import fs from 'node:fs';
import path from 'node:path';
import type { RequestHandler } from 'express';
import type { Disposable } from '../../sandbox/api/types';
import { Cluster, type ClusterOptions } from '../../sandbox/cluster';
import type { ClusterHost } from '../../sandbox/host';
import type { AppDatabase } from '../db/database';
import type { DockerEngine } from '../../sandbox/docker/engine';
import { deriveToken, hashToken, loadOrCreateTokenKey, TOKEN_KEY_FILE, tokenMatches } from './cluster-tokens';
import { CLUSTER_LABEL } from '../../sandbox/docker/labels';
import { removeClusterResources } from '../../sandbox/docker-cluster/recovery';
import type { AuditSink } from '../../sandbox/apiserver/http/audit';
import { DEFAULT_BUDGET, type Budget } from '../../sandbox/apiserver/plugins/budget';

export type ClusterLifecycleEvent = 'started' | 'suspended' | 'reset';

export interface LearnerClustersOptions {
  db: AppDatabase;
  host: ClusterHost;
  /** Folder of the cluster files (<data>/clusters). */
  dir: string;
  /** Suspend a cluster after this long without use (0: never). */
  idleMs: number;
  now?: () => number;
  /** Extra options for every cluster (workers, log, ...). */
  clusterOptions?: Omit<ClusterOptions, 'dataFile' | 'token'>;
  /** Run learners' pods as real containers on this engine (else simulated). */
  docker?: { engine: DockerEngine; labels?: Record<string, string> };
  /** The key tokens are derived from (default: <dir>/../cluster-token.key, i.e. in the data folder). */
  tokenKeyFile?: string;
  /** Where each learner's cluster sends the record of the requests it answers. */
  audit?: (userId: string) => AuditSink;
  /** What each learner's cluster may hold of the machine, on either runtime (default DEFAULT_BUDGET). */
  budget?: Budget;
}

const CLUSTER_ID = /^[a-z0-9][a-z0-9-]*$/;

export class LearnerClusters {
  private readonly lastUsed = new Map<string, number>();
  private readonly listeners = new Set<(userId: string, event: ClusterLifecycleEvent) => void>();
  private readonly now: () => number;
  private readonly tokenKey: Buffer;
  private sweep?: NodeJS.Timeout;
  /** Removals of old clusters' containers still under way (Reset answers before they finish). */
  private readonly removals = new Set<Promise<unknown>>();

  constructor(private readonly opts: LearnerClustersOptions) {
    this.now = opts.now ?? Date.now;
    fs.mkdirSync(opts.dir, { recursive: true });
    this.tokenKey = loadOrCreateTokenKey(opts.tokenKeyFile ?? path.join(path.dirname(path.resolve(opts.dir)), TOKEN_KEY_FILE));
  }

  /** Where a learner's cluster state lives. */
  fileOf(userId: string): string {
    if (!CLUSTER_ID.test(userId)) throw new Error(`not a cluster id: ${userId}`);
    return path.join(this.opts.dir, `${userId}.db`);
  }

  /** The learner's cluster token, creating the record (with the token's hash only) on first use. */
  token(userId: string): string {
    const token = deriveToken(this.tokenKey, userId);
    const hash = hashToken(token);
    const stored = this.tokenHash(userId);
    if (stored === undefined) this.opts.db.prepare('INSERT INTO clusters (user_id, token_hash, created_at) VALUES (?, ?, ?)').run(userId, hash, this.now());
    // A new key file, or a record from before tokens were hashed (both only at start): a rotation, the learner's
    // next kubeconfig carries the new token.
    else if (stored !== hash) this.opts.db.prepare('UPDATE clusters SET token_hash = ? WHERE user_id = ?').run(hash, userId);
    return token;
  }

  /** The stored hash of the learner's token: undefined without a record, null for a record not yet hashed. */
  private tokenHash(userId: string): string | null | undefined {
    return (this.opts.db.prepare('SELECT token_hash FROM clusters WHERE user_id = ?').get(userId) as { token_hash: string | null } | undefined)?.token_hash;
  }

  /** The running cluster, if any (does not start one). */
  running(userId: string): Cluster | undefined {
    return this.opts.host.get(userId);
  }

  /** The learner's cluster, started (or resumed from its file) when it is not running. */
  ensure(userId: string): Cluster {
    this.touch(userId);
    const running = this.opts.host.get(userId);
    if (running) return running;
    const base: ClusterOptions = { ...this.opts.clusterOptions, dataFile: this.fileOf(userId), token: this.token(userId), audit: this.opts.audit?.(userId), budget: this.opts.budget ?? DEFAULT_BUDGET };
    const docker = this.opts.docker;
    const cluster = docker
      ? this.startOnDocker(userId, base, docker)
      : new Cluster(base);
    this.opts.host.add(userId, cluster);
    this.emit(userId, 'started');
    return cluster;
  }

  /** A learner's cluster on Docker answers at once; a runtime that cannot start leaves it on simulated pods. */
  private startOnDocker(userId: string, base: ClusterOptions, docker: NonNullable<LearnerClustersOptions['docker']>): Cluster {
    return new Cluster({
      ...base,
      runtime: { name: 'docker', engine: docker.engine },
      fallBackToSim: true,
      docker: { clusterId: this.dockerClusterId(userId), labels: docker.labels, sweep: false },
    });
  }

  /**
   * Names the learner's Docker network and labels their containers; a Reset gives a new one, so the old containers
   * can be removed while the new cluster starts.
   */
  private dockerClusterId(userId: string): string {
    const row = this.opts.db.prepare('SELECT reset_at FROM clusters WHERE user_id = ?').get(userId) as { reset_at: number | null } | undefined;
    return row?.reset_at ? `${userId}-${row.reset_at.toString(36)}` : userId;
  }

  touch(userId: string): void {
    this.lastUsed.set(userId, this.now());
  }

  /** Stops the cluster and keeps its file; the next `ensure` resumes it. */
  suspend(userId: string): boolean {
    const cluster = this.opts.host.remove(userId);
    if (!cluster) return false;
    this.emit(userId, 'suspended');
    cluster.dispose();
    return true;
  }

  /** Deletes everything in the learner's cluster: a fresh cluster with the same token (kubeconfigs stay valid). */
  reset(userId: string): Cluster {
    const oldDockerId = this.dockerClusterId(userId);
    const cluster = this.opts.host.remove(userId);
    this.emit(userId, 'reset');
    // Under docker the old pods' containers, volumes and network go too, and the toolbox on that network.
    this.track(this.removeDockerCluster(userId, cluster, [oldDockerId]), `removing ${userId}'s old cluster`);
    const file = this.fileOf(userId);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    this.opts.db.prepare('UPDATE clusters SET reset_at = ? WHERE user_id = ?').run(this.now(), userId);
    return this.ensure(userId);
  }

  /**
   * Removes the learner's cluster for good: stopped, every container, volume and network of it and of any
   * cluster a Reset replaced, its state file and its token.
   */
  async remove(userId: string): Promise<void> {
    const cluster = this.opts.host.remove(userId);
    this.lastUsed.delete(userId);
    this.emit(userId, 'suspended');
    await this.removeDockerCluster(userId, cluster, await this.dockerClusterIds(userId));
    const file = this.fileOf(userId);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    this.opts.db.prepare('DELETE FROM clusters WHERE user_id = ?').run(userId);
  }

  /** Waits for the removals Reset started (tests, and a server shutting down). */
  async settled(): Promise<void> {
    while (this.removals.size) await Promise.allSettled([...this.removals]);
  }

  private track(work: Promise<unknown>, what: string): void {
    const p = work.catch((e) => this.opts.clusterOptions?.log?.(`${what}: ${e instanceof Error ? e.message : e}`));
    this.removals.add(p);
    void p.finally(() => this.removals.delete(p));
  }

  /** Destroys a running cluster, then removes by label what is left of the given Docker cluster ids. */
  private async removeDockerCluster(userId: string, cluster: Cluster | undefined, dockerIds: string[]): Promise<void> {
    await cluster?.destroy();
    const engine = this.opts.docker?.engine;
    if (!engine) return;
    for (const id of new Set(dockerIds)) if (id === userId || id.startsWith(`${userId}-`)) await removeClusterResources(engine, id);
  }

  /** Every Docker cluster id the engine holds for this learner: theirs, and those of clusters Reset replaced. */
  private async dockerClusterIds(userId: string): Promise<string[]> {
    const engine = this.opts.docker?.engine;
    if (!engine) return [];
    const labelled = [
      ...(await engine.containers.list({ [CLUSTER_LABEL]: true })),
      ...(await engine.networks.list({ [CLUSTER_LABEL]: true })),
      ...(await engine.volumes.list({ [CLUSTER_LABEL]: true })),
    ];
    const ids = labelled.map((o) => o.labels[CLUSTER_LABEL]).filter((id) => id === userId || id?.startsWith(`${userId}-`));
    return [...new Set([this.dockerClusterId(userId), ...ids])];
  }

  /** Suspends every running cluster unused for `idleMs`; returns their ids. */
  suspendIdle(): string[] {
    if (!(this.opts.idleMs > 0)) return [];
    const cutoff = this.now() - this.opts.idleMs;
    const idle = this.opts.host.ids().filter((id) => (this.lastUsed.get(id) ?? 0) <= cutoff && this.tokenHash(id) !== undefined);
    for (const id of idle) this.suspend(id);
    return idle;
  }

  /** Checks for idle clusters every `everyMs` (default: a quarter of idleMs, at most a minute). */
  startIdleSweep(everyMs = Math.min(60_000, Math.max(1000, this.opts.idleMs / 4))): void {
    if (!(this.opts.idleMs > 0) || this.sweep) return;
    this.sweep = setInterval(() => this.suspendIdle(), everyMs);
    this.sweep.unref();
  }

  onLifecycle(listener: (userId: string, event: ClusterLifecycleEvent) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private emit(userId: string, event: ClusterLifecycleEvent): void {
    for (const l of [...this.listeners]) l(userId, event);
  }

  /**
   * Mounted before the cluster host at /clusters: a request that carries the right bearer token for a suspended
   * cluster resumes it, so kubectl never notices the pause. Anything else passes to the host untouched (which
   * answers 404 for an unknown or suspended cluster and 401 for a wrong token).
   */
  resumeOnRequest(): RequestHandler {
    return (req, _res, next) => {
      const id = /^\/([a-z0-9][a-z0-9-]*)(?:\/|$)/.exec(req.url)?.[1];
      if (id && this.knows(id, req.headers.authorization)) this.ensure(id);
      next();
    };
  }

  /** Whether `authorization` carries the bearer token of the learner's cluster `id`. */
  knows(id: string, authorization: string | undefined): boolean {
    const token = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1]?.trim();
    return !!token && CLUSTER_ID.test(id) && tokenMatches(token, this.tokenHash(id));
  }

  dispose(): void {
    if (this.sweep) clearInterval(this.sweep);
    for (const id of this.opts.host.ids()) this.opts.host.remove(id)?.dispose();
    this.listeners.clear();
  }
}
