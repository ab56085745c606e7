// How a route refuses a request: it throws an HttpError, and the app's one error handler (server/app.ts) answers —
// a page in the visitor's language for browsers, JSON for the browser code's fetches — instead of each route
// writing its own answer. requireInstructor guards the instructor-only routes the same way.
import type { RequestHandler } from 'express';
import { visitorOf } from '../auth/request-auth';

export class HttpError extends Error {
  constructor(readonly status: 403 | 404) {
    super(status === 403 ? 'forbidden' : 'not found');
  }
}

export const forbidden = () => new HttpError(403);
export const notFound = () => new HttpError(404);

/** Lets instructors through; anyone else gets 403. */
export const requireInstructor: RequestHandler = (req, _res, next) => {
  if (visitorOf(req).user?.role !== 'instructor') throw forbidden();
  next();
};
