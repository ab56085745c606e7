// LTI 1.3 endpoints. The platform-facing ones (`ltiLaunchRoutes`: login initiation, launch, the tool's key set) are
// mounted before the app's CSRF check: a launch is a cross-site form post by design, protected instead by the
// single-use state and nonce and the platform's signature on the id_token. A launch signs the platform's user in
// to a kubelab account of their own (made on their first launch; never an existing account by e-mail, which the
// platform could claim for anyone) and opens the lab the link names. The instructor page registers platforms.
import { randomBytes, createHash } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { visitorOf } from '../auth/request-auth';
import { EmailTakenError, isPlausibleEmail } from '../auth/users';
import { cookiesOf } from '../http/cookies';
import { messagePage } from '../pages/layout';
import { ltiPage } from '../pages/instructor/lti-page';
import { zoneOf } from '../pages/instructor/frame';
import { LaunchError } from '../lti/lti-tool';
import { langOf, requireUser, type AppContext } from '../context';
import { requireInstructor } from '../http/http-error';

const STATE_COOKIE = 'kubelab_lti_state';
const LAB_ID = /^[a-z0-9][a-z0-9-]*$/;

function params(req: Request): Record<string, string | undefined> {
  const src = { ...(req.query as Record<string, unknown>), ...((req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>) };
  return Object.fromEntries(Object.entries(src).map(([k, v]) => [k, typeof v === 'string' ? v : undefined]));
}

export function ltiLaunchRoutes(ctx: AppContext): Router {
  const r = Router();
  const base = (req: Request) => `${req.protocol}://${req.get('host')}`;

  r.get('/lti/jwks', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.json(ctx.lti.tool.jwks());
  });

  const login = (req: Request, res: Response) => {
    try {
      const { url, state } = ctx.lti.tool.login(params(req), `${base(req)}/lti/launch`);
      // Binds the launch to this browser when it keeps the cookie (it must cross sites: SameSite=None needs TLS).
      res.append('Set-Cookie', `${STATE_COOKIE}=${state}; Path=/lti; Max-Age=600; HttpOnly; ${req.secure ? 'SameSite=None; Secure' : 'SameSite=Lax'}`);
      res.redirect(302, url);
    } catch (e) {
      failed(req, res, e);
    }
  };
  r.get('/lti/login', login);
  r.post('/lti/login', login);

  r.post('/lti/launch', async (req, res) => {
    try {
      const p = params(req);
      const cookie = cookiesOf(req)[STATE_COOKIE];
      if (cookie && cookie !== p.state) throw new LaunchError('the state is not the one this browser started');
      const launch = await ctx.lti.tool.launch(p.id_token ?? '', p.state ?? '');
      let userId = ctx.lti.store.accountOf(launch.platform.id, launch.subject);
      if (!userId || !ctx.auth.users.byId(userId)) {
        const name = (launch.name ?? '').trim().slice(0, 80) || 'LMS';
        const fallback = `lti-${createHash('sha256').update(`${launch.platform.id} ${launch.subject}`).digest('hex').slice(0, 16)}@lti.invalid`;
        const email = launch.email && isPlausibleEmail(launch.email) ? launch.email : fallback;
        const password = randomBytes(24).toString('base64url');
        const user = await ctx.auth.users.create({ email, name, password }).catch((e) => {
          if (e instanceof EmailTakenError) return ctx.auth.users.create({ email: fallback, name, password });
          throw e;
        });
        userId = user.id;
        ctx.lti.store.link(launch.platform.id, launch.subject, userId);
      }
      const user = ctx.auth.users.byId(userId)!;
      const fromUri = /\/labs\/([a-z0-9][a-z0-9-]*)/.exec(launch.targetLinkUri ?? '')?.[1];
      const labId = [launch.custom.lab, fromUri].find((x) => x && LAB_ID.test(x) && ctx.catalogue.find(x));
      if (labId && launch.ags) {
        ctx.lti.store.saveTarget({ userId, labId, platformId: launch.platform.id, subject: launch.subject, lineitem: launch.ags.lineitem, lineitems: launch.ags.lineitems, resourceLinkId: launch.resourceLinkId, scopes: launch.ags.scopes });
      }
      ctx.auth.startSession(req, res, user);
      res.append('Set-Cookie', `${STATE_COOKIE}=; Path=/lti; Max-Age=0; HttpOnly; SameSite=Lax`);
      const lang = /^en/i.test(launch.locale ?? '') ? 'en' : 'ko';
      res.redirect(303, labId ? `/${lang}/labs/${labId}` : `/${lang}/labs`);
    } catch (e) {
      failed(req, res, e);
    }
  });

  function failed(req: Request, res: Response, e: unknown): void {
    if (!(e instanceof LaunchError)) ctx.log(`LTI: ${e instanceof Error ? (e.stack ?? e.message) : e}`);
    const lang = langOf(req);
    const detail = e instanceof LaunchError ? e.message : 'internal error';
    const title = lang === 'ko' ? 'LMS에서 실습을 열지 못했습니다' : 'The lab could not be opened from the LMS';
    const message = lang === 'ko' ? `LMS에서 다시 열어 보세요. 계속되면 강사에게 이 내용을 알려 주세요: ${detail}` : `Open it from the LMS again. If it keeps failing, tell your instructor: ${detail}`;
    res.status(e instanceof LaunchError ? 400 : 500).type('html').send(messagePage({ lang, title, message, visitor: visitorOf(req), path: req.path, guestMode: ctx.guestMode }));
  }
  return r;
}

export function ltiAdminRoutes(ctx: AppContext): Router {
  const r = Router();
  const page = (req: Request, error?: boolean) =>
    ltiPage({ lang: langOf(req), visitor: visitorOf(req), tz: zoneOf(req), guestMode: ctx.guestMode }, { base: `${req.protocol}://${req.get('host')}`, platforms: ctx.lti.store.platforms(), error });

  r.get('/instructor/lti', requireUser, requireInstructor, (req, res) => {
    res.type('html').send(page(req));
  });

  r.post('/instructor/lti/platforms', requireUser, requireInstructor, (req, res) => {
    const b = params(req);
    const text = (k: string) => (b[k] ?? '').trim().slice(0, 500);
    const url = (k: string) => {
      try {
        const u = new URL(text(k));
        return u.protocol === 'https:' || u.protocol === 'http:' ? u.toString() : '';
      } catch {
        return '';
      }
    };
    const p = { issuer: text('issuer'), clientId: text('clientId'), deploymentId: text('deploymentId'), authUrl: url('authUrl'), jwksUrl: url('jwksUrl'), tokenUrl: url('tokenUrl') };
    if (Object.values(p).some((v) => !v)) {
      res.status(400).type('html').send(page(req, true));
      return;
    }
    if (!ctx.lti.store.find(p.issuer, p.clientId, p.deploymentId)) ctx.lti.store.addPlatform(p);
    res.redirect(303, '/instructor/lti');
  });

  r.post('/instructor/lti/platforms/:id/delete', requireUser, requireInstructor, (req, res) => {
    ctx.lti.store.removePlatform(String(req.params.id));
    res.redirect(303, '/instructor/lti');
  });
  return r;
}
