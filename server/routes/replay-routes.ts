// A learner's recordings and cluster history, for the learner themselves and for instructors only: the asciicast
// file of one terminal session, and the cluster scrubber's questions — when did it change, what existed at a
// moment, and how one object looked then. JSON and asciicast only; the pages draw them as text.
import { Router, type Request } from 'express';
import { accessTo, visitorOf } from '../auth/request-auth';
import { requireUser, type AppContext } from '../context';
import { forbidden, notFound } from '../http/http-error';

export function replayRoutes(ctx: AppContext): Router {
  const r = Router();
  /** The learner whose data this is, when the visitor may see it (refused otherwise). */
  const owner = (req: Request): string => {
    const id = String(req.params.id);
    if (!accessTo(visitorOf(req).user, id)) throw forbidden();
    if (!ctx.auth.users.byId(id)) throw notFound();
    return id;
  };
  const atOf = (req: Request) => {
    const at = Number(req.query.at);
    return Number.isFinite(at) && at > 0 ? at : Date.now();
  };

  r.get('/learners/:id/recordings/:rec.cast', requireUser, (req, res) => {
    const id = owner(req);
    const cast = ctx.recordings.cast(id, Number(req.params.rec));
    if (cast === undefined) throw notFound();
    res.setHeader('Content-Type', 'application/x-asciicast; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Disposition', `inline; filename="kubelab-${id}-${Number(req.params.rec)}.cast"`);
    res.send(cast);
  });

  r.get('/learners/:id/history', requireUser, (req, res) => {
    const id = owner(req);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ span: ctx.history.span(id) ?? null, moments: ctx.history.moments(id) });
  });

  r.get('/learners/:id/history/objects', requireUser, (req, res) => {
    const id = owner(req);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ at: atOf(req), objects: ctx.history.objectsAt(id, atOf(req)) });
  });

  r.get('/learners/:id/history/object', requireUser, (req, res) => {
    const id = owner(req);
    const key = typeof req.query.key === 'string' ? req.query.key : '';
    if (!key) throw notFound();
    res.setHeader('Cache-Control', 'no-store');
    res.json({ at: atOf(req), found: ctx.history.objectAt(id, key, atOf(req)) ?? null, versions: ctx.history.versions(id, key) });
  });
  return r;
}
