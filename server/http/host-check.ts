// Against DNS rebinding: a page on another site whose name is made to resolve to 127.0.0.1 shares our origin as far
// as the browser knows, and in guest mode would get a shell on this machine. When serving on loopback, the browser
// routes and the terminal answer only requests addressed to a loopback name.
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';

const LOOPBACK_NAMES = /^(localhost|[a-z0-9-]+\.localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i;

export function loopbackHostHeader(req: IncomingMessage): boolean {
  const host = (req.headers.host ?? '').toLowerCase();
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0];
  return LOOPBACK_NAMES.test(name);
}

export function requireLoopbackHost(): RequestHandler {
  return (req, res, next) => {
    if (loopbackHostHeader(req)) return next();
    res.status(421).type('text').send('This kubelab serves only http://localhost (the request named another host).\n');
  };
}
