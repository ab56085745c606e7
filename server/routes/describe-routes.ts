// The map's side panel asks here for `kubectl describe` of one object: GET /api/clusters/<owner>/describe?kind=&
// namespace=&name= answers the text (plain, the browser shows it as text). The learner and their instructors may
// look; kinds and names are checked before anything runs.
import { Router } from 'express';
import { accessTo, visitorOf } from '../auth/request-auth';
import { describeTarget } from '../map/describe';
import { requireUser, type AppContext } from '../context';
import { forbidden, notFound } from '../http/http-error';

export function describeRoutes(ctx: AppContext): Router {
  const r = Router();
  r.get('/api/clusters/:owner/describe', requireUser, async (req, res, next) => {
    const owner = String(req.params.owner);
    if (!accessTo(visitorOf(req).user, owner)) throw forbidden();
    if (!ctx.auth.users.byId(owner) || !ctx.describe) throw notFound();
    const target = describeTarget(req.query.kind, req.query.namespace, req.query.name);
    if (!target) {
      res.status(400).json({ error: 'kind, namespace and name must name an object the map shows' });
      return;
    }
    try {
      const text = await ctx.describe(owner, target);
      res.setHeader('Cache-Control', 'no-store');
      res.type('text/plain; charset=utf-8').send(text);
    } catch (e) {
      next(e);
    }
  });
  return r;
}
