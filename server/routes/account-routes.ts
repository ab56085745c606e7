// Deleting accounts: a learner deletes their own (password asked again, throttled like sign-in, CSRF checked by the
// app), an instructor deletes a learner's from the learners page. Either way everything of that learner goes
// (auth/account-deletion.ts). Instructors' accounts are not deleted from here, and the guest has no account to delete.
import { Router, type Request, type Response } from 'express';
import { SESSION_COOKIE, visitorOf } from '../auth/request-auth';
import { addressKey, type ThrottleKey } from '../auth/attempt-throttle';
import { clearCookie } from '../http/cookies';
import { accountDeletedPage, accountPage } from '../pages/account-pages';
import { t } from '../i18n';
import { admitAttempt } from './auth-routes';
import { langOf, requireUser, type AppContext } from '../context';
import { forbidden, notFound } from '../http/http-error';

export function accountRoutes(ctx: AppContext): Router {
  const r = Router();

  r.get('/account', requireUser, (req, res) => {
    if (ctx.guestMode) throw notFound();
    res.type('html').send(accountPage({ lang: langOf(req), visitor: visitorOf(req) }));
  });

  r.post('/account/delete', requireUser, async (req: Request, res: Response) => {
    if (ctx.guestMode) throw notFound();
    const lang = langOf(req);
    const user = visitorOf(req).user!;
    const password = typeof req.body?.password === 'string' ? req.body.password : '';
    const again = (status: number, error: string) => res.status(status).type('html').send(accountPage({ lang, visitor: visitorOf(req), error }));
    const keys: ThrottleKey[] = [
      { kind: 'account', id: user.email },
      { kind: 'address', id: addressKey(req.ip) },
    ];
    const admission = admitAttempt(ctx, req, res, keys, (error) => accountPage({ lang, visitor: visitorOf(req), error }));
    if (!admission) return;
    if (!(await ctx.auth.users.authenticate(user.email, password))) return again(401, t(lang, 'passwordWrong'));
    admission.succeeded();
    await ctx.deleteAccount(user.id);
    ctx.log(`account ${user.id} deleted by its owner`);
    clearCookie(res, SESSION_COOKIE);
    res.type('html').send(accountDeletedPage({ lang, visitor: { csrf: visitorOf(req).csrf } }));
  });

  r.post('/learners/:id/delete', requireUser, async (req: Request, res: Response) => {
    const viewer = visitorOf(req).user!;
    if (viewer.role !== 'instructor') throw forbidden();
    const learner = ctx.auth.users.byId(String(req.params.id));
    if (!learner) throw notFound();
    if (learner.role !== 'learner' || learner.id === viewer.id) throw forbidden();
    await ctx.deleteAccount(learner.id);
    ctx.log(`account ${learner.id} deleted by instructor ${viewer.id}`);
    if (req.accepts(['html', 'json']) === 'json') res.json({ deleted: learner.id });
    else res.redirect(303, '/instructor');
  });
  return r;
}
