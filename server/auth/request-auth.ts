// Who is asking: the session cookie names a signed-in user (or, in guest mode on loopback, the single local guest).
// Every HTTP route and WebSocket asks this module, and CSRF tokens are checked here for every state-changing
// request: the session's own token once signed in, a server-minted double-submit cookie before (sign-in and
// sign-up forms); a state-changing request a browser marks as coming from another site is refused outright.
// Cookies are Secure when the request came over TLS (directly, or through a proxy trusted with --trust-proxy).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { clearCookie, cookiesOf, setCookie } from '../http/cookies';
import { GUEST_EMAIL, type User, type UserStore } from './users';
import type { Session, SessionStore } from './sessions';
import { PreSessionCsrf } from './pre-session-csrf';
import { AttemptThrottle } from './attempt-throttle';

export const SESSION_COOKIE = 'kubelab_session';
export const PRE_SESSION_CSRF_COOKIE = 'kubelab_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_FIELD = '_csrf';
export const GUEST_ID = 'guest';

export interface Visitor {
  user?: User;
  session?: Session;
  /** The token this visitor's forms and fetches must send back. */
  csrf: string;
}

const visitors = new WeakMap<IncomingMessage, Visitor>();

/** The visitor the auth middleware found for this request. */
export function visitorOf(req: IncomingMessage): Visitor {
  const v = visitors.get(req);
  if (!v) throw new Error('RequestAuth.middleware() must run before routes read the visitor');
  return v;
}

function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface RequestAuthOptions {
  /** A single local user, signed in automatically (only allowed when serving on loopback). */
  guest?: boolean;
  /** Mints and checks the forms' tokens before sign-in (default: a secret of this process only). */
  preSession?: PreSessionCsrf;
  /** Counts sign-in and sign-up attempts (default: a fresh one). */
  throttle?: AttemptThrottle;
}

export class RequestAuth {
  readonly throttle: AttemptThrottle;
  private readonly preSession: PreSessionCsrf;

  constructor(
    readonly users: UserStore,
    readonly sessions: SessionStore,
    private readonly opts: RequestAuthOptions = {},
  ) {
    this.throttle = opts.throttle ?? new AttemptThrottle();
    this.preSession = opts.preSession ?? new PreSessionCsrf(randomBytes(32));
  }

  get guestMode(): boolean {
    return !!this.opts.guest;
  }

  /** The signed-in user of a raw request (used by WebSocket upgrades, which bypass Express). */
  identify(req: IncomingMessage): { user?: User; session?: Session } {
    const session = this.sessions.find(cookiesOf(req)[SESSION_COOKIE]);
    const user = session ? this.users.byId(session.userId) : undefined;
    return user ? { user, session } : {};
  }

  middleware(): RequestHandler {
    return (req, res, next) => {
      this.attach(req, res).then(() => next(), next);
    };
  }

  private async attach(req: Request, res: Response): Promise<void> {
    let { user, session } = this.identify(req);
    if (!user && this.opts.guest) {
      user = this.users.byId(GUEST_ID) ?? (await this.users.create({ id: GUEST_ID, email: GUEST_EMAIL, name: 'Guest', password: randomBytes(24).toString('hex') }));
      session = this.startSession(req, res, user);
    }
    let csrf = session?.csrf;
    if (!csrf) {
      // Only a token this server minted: a value planted in the cookie by someone else is replaced.
      const offered = cookiesOf(req)[PRE_SESSION_CSRF_COOKIE];
      csrf = this.preSession.valid(offered) ? offered : undefined;
      if (!csrf) {
        csrf = this.preSession.mint();
        setCookie(res, PRE_SESSION_CSRF_COOKIE, csrf, { secure: req.secure });
      }
    }
    visitors.set(req, { user, session, csrf });
  }

  startSession(req: Request, res: Response, user: User): Session {
    // A new session id on every sign-in (never one the visitor brought along).
    this.sessions.delete(cookiesOf(req)[SESSION_COOKIE]);
    const { token, session } = this.sessions.create(user.id);
    setCookie(res, SESSION_COOKIE, token, { maxAgeMs: this.sessions.limits.absoluteMs, secure: req.secure });
    if (cookiesOf(req)[PRE_SESSION_CSRF_COOKIE]) clearCookie(res, PRE_SESSION_CSRF_COOKIE);
    visitors.set(req, { user, session, csrf: session.csrf });
    return session;
  }

  endSession(req: Request, res: Response): void {
    this.sessions.delete(cookiesOf(req)[SESSION_COOKIE]);
    clearCookie(res, SESSION_COOKIE);
  }
}

/** Whether the browser says this request was sent by another site's page (Fetch Metadata, then Origin). */
export function fromAnotherSite(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site && site !== 'same-origin' && site !== 'none') return true;
  const origin = req.headers.origin;
  if (!origin) return false;
  try {
    return origin === 'null' || new URL(origin).host !== req.headers.host;
  } catch {
    return true;
  }
}

/** Rejects state-changing requests from another site, or whose CSRF token (form field or header) is not the visitor's. */
export function verifyCsrf(onFail: (req: Request, res: Response) => void): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
    if (fromAnotherSite(req)) return onFail(req, res);
    const sent = (req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>)[CSRF_FIELD] : undefined) ?? req.get(CSRF_HEADER);
    if (!sameToken(typeof sent === 'string' ? sent : undefined, visitorOf(req).csrf)) return onFail(req, res);
    next();
  };
}

/** Whether `viewer` may see the cluster and terminal of learner `ownerId`: their own, or any as an instructor. */
export function accessTo(viewer: User | undefined, ownerId: string): 'owner' | 'instructor' | undefined {
  if (!viewer) return undefined;
  if (viewer.id === ownerId) return 'owner';
  return viewer.role === 'instructor' ? 'instructor' : undefined;
}
