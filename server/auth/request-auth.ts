// Who is asking: the session cookie names a signed-in user (or, in guest mode on loopback, the single local guest).
// Every HTTP route and WebSocket asks this module, and CSRF tokens are checked here for every state-changing
// request: the session's own token once signed in, a double-submit cookie before (sign-in and sign-up forms).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { clearCookie, cookiesOf, setCookie } from '../http/cookies';
import { GUEST_EMAIL, type User, type UserStore } from './users';
import { SESSION_TTL_MS, randomToken, type Session, type SessionStore } from './sessions';

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
}

export class RequestAuth {
  constructor(
    readonly users: UserStore,
    readonly sessions: SessionStore,
    private readonly opts: RequestAuthOptions = {},
  ) {}

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
      csrf = cookiesOf(req)[PRE_SESSION_CSRF_COOKIE];
      if (!csrf || csrf.length < 20) {
        csrf = randomToken();
        setCookie(res, PRE_SESSION_CSRF_COOKIE, csrf, { secure: req.secure });
      }
    }
    visitors.set(req, { user, session, csrf });
  }

  startSession(req: Request, res: Response, user: User): Session {
    const { token, session } = this.sessions.create(user.id);
    setCookie(res, SESSION_COOKIE, token, { maxAgeMs: SESSION_TTL_MS, secure: req.secure });
    visitors.set(req, { user, session, csrf: session.csrf });
    return session;
  }

  endSession(req: Request, res: Response): void {
    this.sessions.delete(cookiesOf(req)[SESSION_COOKIE]);
    clearCookie(res, SESSION_COOKIE);
  }
}

/** Rejects state-changing requests whose CSRF token (form field or header) is not the visitor's. */
export function verifyCsrf(onFail: (req: Request, res: Response) => void): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
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
