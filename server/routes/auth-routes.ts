// Sign-up, sign-in, sign-out and the language switch. Forms post back here; errors re-render the form with the
// reason, success starts a session and goes where the learner was headed (a local path only). Sign-in attempts
// are counted per account and per address, sign-ups per address; one that comes too early is answered 429 with
// Retry-After before any password is hashed.
import { Router, type Request, type Response } from 'express';
import { visitorOf } from '../auth/request-auth';
import { EmailTakenError, isPlausibleEmail, normalizeEmail } from '../auth/users';
import { passwordProblem } from '../auth/password-policy';
import { addressKey, type Admission, type ThrottleKey } from '../auth/attempt-throttle';
import type { Lang } from '../../grader/checks/types';
import { LANG_COOKIE, isLang, t } from '../i18n';
import { setCookie } from '../http/cookies';
import { signInPage, signUpPage } from '../pages/auth-pages';
import { langOf, type AppContext } from '../context';

/** Only same-site paths: `next=//evil.example` or `next=https://...` would send the learner elsewhere. */
export function localPath(next: unknown, fallback: string): string {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : fallback;
}

function field(req: Request, name: string): string {
  const v = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v : '';
}

/** The localized "too many attempts" message for a wait of `ms`. */
export function tooManyAttempts(lang: Lang, ms: number): string {
  return t(lang, 'tooManyAttempts').replace('{n}', String(Math.ceil(ms / 1000)));
}

/**
 * Counts an attempt under `keys`, or answers 429 (Retry-After, and `render(message)` as the page) and returns
 * undefined: then nothing may hash a password.
 */
export function admitAttempt(ctx: AppContext, req: Request, res: Response, keys: ThrottleKey[], render: (message: string) => string): Admission | undefined {
  const admission = ctx.auth.throttle.admit(keys);
  if (!('retryAfterMs' in admission)) return admission;
  res.status(429).setHeader('Retry-After', String(Math.ceil(admission.retryAfterMs / 1000)));
  res.type('html').send(render(tooManyAttempts(langOf(req), admission.retryAfterMs)));
  return undefined;
}

export function authRoutes(ctx: AppContext): Router {
  const r = Router();
  const home = (req: Request) => `/${langOf(req)}/labs`;

  r.get('/signin', (req, res) => {
    if (visitorOf(req).user) return res.redirect(303, localPath(req.query.next, home(req)));
    res.type('html').send(signInPage({ lang: langOf(req), visitor: visitorOf(req), next: localPath(req.query.next, '') }));
  });

  r.post('/signin', async (req: Request, res: Response) => {
    const lang = langOf(req);
    const email = field(req, 'email');
    const next = localPath(field(req, 'next'), '');
    const keys: ThrottleKey[] = [
      { kind: 'account', id: normalizeEmail(email) },
      { kind: 'address', id: addressKey(req.ip) },
    ];
    const admission = admitAttempt(ctx, req, res, keys, (error) => signInPage({ lang, visitor: visitorOf(req), error, email, next }));
    if (!admission) return;
    const user = await ctx.auth.users.authenticate(email, field(req, 'password'));
    if (user) admission.succeeded();
    if (!user) {
      res.status(401).type('html').send(signInPage({ lang, visitor: visitorOf(req), error: t(lang, 'badCredentials'), email, next: localPath(field(req, 'next'), '') }));
      return;
    }
    ctx.auth.startSession(req, res, user);
    res.redirect(303, localPath(field(req, 'next'), home(req)));
  });

  r.get('/signup', (req, res) => {
    const next = localPath(req.query.next, '');
    if (visitorOf(req).user) return res.redirect(303, next || home(req));
    const joinCode = typeof req.query.code === 'string' ? req.query.code.slice(0, 12) : undefined;
    res.type('html').send(signUpPage({ lang: langOf(req), visitor: visitorOf(req), next, joinCode }));
  });

  r.post('/signup', async (req: Request, res: Response) => {
    const lang = langOf(req);
    const email = field(req, 'email').trim();
    const name = field(req, 'name').trim().slice(0, 100);
    const password = field(req, 'password');
    const joinCode = field(req, 'joinCode').trim().slice(0, 12);
    const next = localPath(field(req, 'next'), '');
    const again = (status: number, error: string) =>
      res.status(status).type('html').send(signUpPage({ lang, visitor: visitorOf(req), error, email, name, joinCode, next }));
    if (!isPlausibleEmail(email)) return again(400, t(lang, 'badEmail'));
    const problem = passwordProblem(password, { email, name });
    if (problem) return again(400, t(lang, problem));
    if (!admitAttempt(ctx, req, res, [{ kind: 'signup', id: addressKey(req.ip) }], (error) => signUpPage({ lang, visitor: visitorOf(req), error, email, name }))) return;
    try {
      if (joinCode && !ctx.groups.byCode(joinCode)) return again(400, t(lang, 'badJoinCode'));
      const user = await ctx.auth.users.create({ email, name: name || email.split('@')[0], password });
      if (joinCode) ctx.groups.join(user.id, joinCode);
      ctx.auth.startSession(req, res, user);
      // A join link's own address would join again: after sign-up the learner goes home (or where they were headed).
      res.redirect(303, joinCode && next.startsWith('/join/') ? `/${lang}/progress?joined=yes` : next || home(req));
    } catch (e) {
      if (e instanceof EmailTakenError) return again(409, t(lang, 'emailTaken'));
      throw e;
    }
  });

  r.post('/signout', (req, res) => {
    ctx.auth.endSession(req, res);
    res.redirect(303, home(req));
  });

  r.get('/lang/:lang', (req, res) => {
    const lang = req.params.lang;
    if (!isLang(lang)) return res.status(404).end();
    setCookie(res, LANG_COOKIE, lang, { maxAgeMs: 365 * 24 * 3600 * 1000, httpOnly: false });
    // A lab page's path carries its language: switching goes to the same page in the other language.
    const next = localPath(req.query.next, `/${lang}/labs`).replace(/^\/(ko|en)(?=\/labs(\/|$))/, `/${lang}`);
    res.redirect(303, next);
  });
  return r;
}
