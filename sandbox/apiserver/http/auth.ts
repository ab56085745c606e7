// The API server's front door for every request after the health checks: authentication (401, which kubectl reports
// as "You must be logged in to the server (Unauthorized)") and impersonation, then RBAC (403 with kube-apiserver's
// words) — ../auth/access.ts — with the audit record in between, so refusals of a known caller are on record. The caller goes on to the handlers in `res.locals.caller` (reviews answer for it).
import type { RequestHandler, Response } from 'express';
import type { ApiAccess, Caller } from '../auth/access';

/** Authentication and impersonation: who the request runs as. */
export function authenticateRequests(access: ApiAccess): RequestHandler {
  return (req, res, next) => {
    try {
      res.locals.caller = access.callerOf(req.headers, req.headersDistinct);
      next();
    } catch (e) {
      next(e);
    }
  };
}

/** RBAC: whether the caller may do what the request asks. */
export function authorizeRequests(access: ApiAccess): RequestHandler {
  return (req, res, next) => {
    try {
      const url = new URL(req.url, 'http://cluster');
      access.check(callerOf(res), req.method, url.pathname, url.searchParams);
      next();
    } catch (e) {
      next(e);
    }
  };
}

/** The caller the front door admitted (set on every request that reaches a handler). */
export function callerOf(res: Response): Caller {
  return res.locals.caller as Caller;
}
