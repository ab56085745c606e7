// A learner's recordings and cluster history, for the learner themselves and for instructors only: the asciicast
// file of one terminal session, and the cluster scrubber's questions — when did it change, what existed at a
// moment, and how one object looked then. JSON and asciicast only; the pages draw them as text.
import { Router, type Request, type Response } from 'express';
import { accessTo, visitorOf } from '../auth/request-auth';
import { refuse, requireUser, type AppContext } from '../context';

export function replayRoutes(ctx: AppContext): Router {
  const r = Router();
  /** The learner whose data this is, when the visitor may see it (having refused otherwise). */
  const owner = (req: Request, res: Response): string | undefined => {
    const id = String(req.params.id);
    if (!accessTo(visitorOf(req).user, id)) return void refuse(req, res, 403, ctx.guestMode);
    if (!ctx.auth.users.byId(id)) return void refuse(req, res, 404, ctx.guestMode);
    return id;
  };
  const atOf = (req: Request) => {
    const at = Number(req.query.at);
    return Number.isFinite(at) && at > 0 ? at : Date.now();
  };

  r.get('/learners/:id/recordings/:rec.cast', requireUser, (req, res) => {
    const id = owner(req, res);
    if (!id) return;
    const cast = ctx.recordings.cast(id, Number(req.params.rec));
    if (cast === undefined) return refuse(req, res, 404, ctx.guestMode);
    res.setHeader('Content-Type', 'application/x-asciicast; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Disposition', `inline; filename="kubelab-${id}-${Number(req.params.rec)}.cast"`);
    res.send(cast);
  });

  r.get('/learners/:id/history', requireUser, (req, res) => {
    const id = owner(req, res);
    if (!id) return;
    res.setHeader('Cache-Control', 'no-store');
    res.json({ span: ctx.history.span(id) ?? null, moments: ctx.history.moments(id) });
  });

  r.get('/learners/:id/history/objects', requireUser, (req, res) => {
    const id = owner(req, res);
    if (!id) return;
    res.setHeader('Cache-Control', 'no-store');
    res.json({ at: atOf(req), objects: ctx.history.objectsAt(id, atOf(req)) });
  });

  r.get('/learners/:id/history/object', requireUser, (req, res) => {
    const id = owner(req, res);
    if (!id) return;
    const key = typeof req.query.key === 'string' ? req.query.key : '';
    if (!key) return refuse(req, res, 404, ctx.guestMode);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ at: atOf(req), found: ctx.history.objectAt(id, key, atOf(req)) ?? null, versions: ctx.history.versions(id, key) });
  });
  return r;
}
