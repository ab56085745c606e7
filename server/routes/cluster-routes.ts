// A learner's cluster as the web app offers it: the live map (server-sent events), Reset, and the kubeconfig
// download. Every route checks that the visitor owns the cluster; instructors may watch the map but not reset a
// learner's cluster or take their credentials.
import { Router, type Request } from 'express';
import type { Disposable } from '../../sandbox/api/types';
import type { MapEvent } from '../../web/protocol';
import { accessTo, visitorOf } from '../auth/request-auth';
import { learnerKubeconfig } from '../clusters/kubeconfigs';
import { localPath } from './auth-routes';
import { requireUser, type AppContext } from '../context';
import { forbidden, notFound } from '../http/http-error';

export function clusterRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/api/clusters/:owner', requireUser);

  /** The owner id when the visitor may act on it (`need` owner: only the learner themself); refused otherwise. */
  const allowed = (req: Request, need: 'view' | 'owner'): string => {
    const owner = String(req.params.owner);
    const access = accessTo(visitorOf(req).user, owner);
    if (!access || (need === 'owner' && access !== 'owner')) throw forbidden();
    if (!ctx.auth.users.byId(owner)) throw notFound();
    return owner;
  };

  r.get('/api/clusters/:owner', (req, res) => {
    const owner = allowed(req, 'view');
    if (owner) res.json({ owner, running: !!ctx.clusters.running(owner) });
  });

  r.get('/api/clusters/:owner/map', (req, res) => {
    const owner = allowed(req, 'view');
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      'X-Accel-Buffering': 'no',
    });
    res.write('retry: 2000\n\n');
    const send = (e: MapEvent) => {
      res.write(`event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`);
      if (e.event === 'status') res.end();
    };
    let sub: Disposable | undefined;
    try {
      sub = ctx.feeds.subscribe(owner, send);
    } catch (e) {
      ctx.log(`map for ${owner} failed: ${e instanceof Error ? e.message : e}`);
      res.end();
      return;
    }
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 20_000);
    res.on('close', () => {
      clearInterval(heartbeat);
      sub?.dispose();
    });
  });

  r.post('/api/clusters/:owner/reset', (req, res) => {
    const owner = allowed(req, 'owner');
    ctx.clusters.reset(owner);
    if (req.accepts(['html', 'json']) === 'json') res.json({ reset: true });
    else res.redirect(303, localPath(safeReferrer(req), '/'));
  });

  r.get('/api/clusters/:owner/kubeconfig', (req, res) => {
    const owner = allowed(req, 'owner');
    const yaml = learnerKubeconfig({ hostPort: req.get('host') ?? '127.0.0.1', clusterId: owner, token: ctx.clusters.token(owner), caCert: ctx.caCert });
    res.setHeader('Content-Type', 'application/yaml; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="kubeconfig"');
    res.setHeader('Cache-Control', 'no-store');
    res.send(yaml);
  });
  return r;
}

/** The path of the Referer when it is this site's page. */
function safeReferrer(req: Request): string | undefined {
  const ref = req.get('referer');
  if (!ref) return undefined;
  try {
    const u = new URL(ref);
    return u.host === req.get('host') ? u.pathname + u.search : undefined;
  } catch {
    return undefined;
  }
}
