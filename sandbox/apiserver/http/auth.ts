// Bearer-token authentication: each cluster has its own token, and a token opens only its own cluster.
// Failures are 401 Status objects, which kubectl reports as "You must be logged in to the server (Unauthorized)".
import { timingSafeEqual, createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import { unauthorized } from '../../api/errors';

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

export function bearerAuth(token: string): RequestHandler {
  const expected = digest(token);
  return (req, _res, next) => {
    const header = req.headers.authorization ?? '';
    const m = /^Bearer\s+(.+)$/i.exec(header);
    if (!m || !timingSafeEqual(digest(m[1].trim()), expected)) {
      next(unauthorized());
      return;
    }
    next();
  };
}
