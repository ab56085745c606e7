// Instructor pages: every learner, and one learner's terminal (read-only) and map. A learner may open their own
// view page; anyone else's is refused.
import { Router } from 'express';
import { accessTo, visitorOf } from '../auth/request-auth';
import { learnersPage, learnerViewPage } from '../pages/instructor-pages';
import { langOf, refuse, requireUser, type AppContext } from '../context';

export function instructorRoutes(ctx: AppContext): Router {
  const r = Router();
  r.get('/instructor', requireUser, (req, res) => {
    const visitor = visitorOf(req);
    if (visitor.user?.role !== 'instructor') return refuse(req, res, 403, ctx.guestMode);
    res.type('html').send(learnersPage({ lang: langOf(req), visitor, users: ctx.auth.users.list(), running: (id) => !!ctx.clusters.running(id) }));
  });

  r.get('/learners/:id', requireUser, (req, res) => {
    const visitor = visitorOf(req);
    const id = String(req.params.id);
    if (!accessTo(visitor.user, id)) return refuse(req, res, 403, ctx.guestMode);
    const learner = ctx.auth.users.byId(id);
    if (!learner) return refuse(req, res, 404, ctx.guestMode);
    res.type('html').send(learnerViewPage({ lang: langOf(req), visitor, learner, terminal: ctx.terminalState }));
  });
  return r;
}
