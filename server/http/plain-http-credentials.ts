// The learners' cluster APIs (/clusters/<id>/…) share the app's port with the browser pages, which are plain HTTP.
// kubectl never sends a bearer token over plain HTTP, so a request that does came from a downgraded or forged
// client, and its token has already crossed the wire in the clear: refuse it without running it, with the words Go's
// HTTP server (and so kube-apiserver) answers a plain request to an HTTPS port, as a Kubernetes Status.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { RequestHandler } from 'express';
import { badRequest } from '../../sandbox/api/errors';

export const PLAIN_HTTP_MESSAGE = 'Client sent an HTTP request to an HTTPS server.';

/** True when a request carries credentials (any Authorization header) and did not arrive over TLS. */
export function credentialsInTheClear(req: IncomingMessage): boolean {
  return !!req.headers.authorization && !(req.socket as { encrypted?: boolean }).encrypted;
}

function statusBody(): string {
  return JSON.stringify(badRequest(PLAIN_HTTP_MESSAGE).status);
}

export function refuseCredentialsInTheClear(): RequestHandler {
  return (req, res, next) => {
    if (!credentialsInTheClear(req)) return next();
    res.status(400).setHeader('Content-Type', 'application/json');
    res.setHeader('Connection', 'close');
    res.end(statusBody());
  };
}

/** The same refusal for a WebSocket or SPDY upgrade (exec, attach, port-forward), which bypasses Express. */
export function refuseUpgradeInTheClear(socket: Duplex): void {
  const body = statusBody();
  socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}
