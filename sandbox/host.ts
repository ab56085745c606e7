// Hosts many clusters in one process: requests under /clusters/<id>/ go to that cluster's API router, whose own
// bearer token decides access (a token opens only its own cluster). The web app uses this for learners' clusters;
// `kubelab cluster` serves a single cluster at the root instead.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { RequestHandler } from 'express';
import { StatusError } from './api/errors';
import { refuseUpgrade } from './apiserver/pod-streams';
import type { Cluster } from './cluster';

export class ClusterHost {
  private readonly clusters = new Map<string, Cluster>();

  add(id: string, cluster: Cluster): void {
    if (this.clusters.has(id)) throw new Error(`cluster ${id} is already hosted`);
    this.clusters.set(id, cluster);
  }

  get(id: string): Cluster | undefined {
    return this.clusters.get(id);
  }

  remove(id: string): Cluster | undefined {
    const c = this.clusters.get(id);
    this.clusters.delete(id);
    return c;
  }

  get size(): number {
    return this.clusters.size;
  }

  ids(): string[] {
    return [...this.clusters.keys()];
  }

  /** The cluster whose Docker network an address is on (a request from one of its pods), with its id. */
  byAddress(ip: string): { id: string; cluster: Cluster } | undefined {
    for (const [id, cluster] of this.clusters) if (cluster.ownsAddress(ip)) return { id, cluster };
    return undefined;
  }

  /** Mount at `/clusters`: `/clusters/<id>/api/v1/...` reaches cluster <id>. */
  handler(): RequestHandler {
    return (req, res, next) => {
      const m = /^\/([a-z0-9-]+)(\/.*)?$/.exec(req.url);
      const cluster = m ? this.clusters.get(m[1]) : undefined;
      if (!m || !cluster) {
        next(new StatusError(404, 'NotFound', 'the server could not find the requested resource'));
        return;
      }
      req.url = m[2] ?? '/';
      cluster.router(req, res, next);
    };
  }

  /**
   * For the HTTP server's 'upgrade' event (kubectl exec/attach/port-forward): an upgrade under `<prefix>/<id>/`
   * goes to that cluster, which checks its own token. Returns false for URLs outside the prefix, so the server
   * can offer them to its other upgrade handlers (the terminal socket).
   */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, prefix = '/clusters'): boolean {
    const url = req.url ?? '/';
    if (!url.startsWith(`${prefix}/`)) return false;
    const m = /^\/([a-z0-9-]+)(\/.*)?$/.exec(url.slice(prefix.length));
    const cluster = m ? this.clusters.get(m[1]) : undefined;
    if (!m || !cluster) {
      refuseUpgrade(socket, new StatusError(404, 'NotFound', 'the server could not find the requested resource'));
      return true;
    }
    req.url = m[2] ?? '/';
    cluster.upgrade(req, socket, head);
    return true;
  }

  dispose(): void {
    for (const c of this.clusters.values()) c.dispose();
    this.clusters.clear();
  }
}
