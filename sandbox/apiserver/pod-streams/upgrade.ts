// exec, attach and port-forward arrive as HTTP upgrade requests (WebSocket or SPDY/3.1), which Node hands to the
// server's 'upgrade' event instead of Express. This is their front door: authentication, impersonation and RBAC
// (the same checks as every other request), the pod path, the pod itself, then the transport; anything refused gets a plain
// HTTP answer with a Status body, which kubectl prints as "unable to upgrade connection: …" (and which makes
// kubectl 1.30+ fall back from WebSocket to SPDY).
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { findKind } from '../kinds/registry';
import { isStatusError, notFound, StatusError } from '../../api/errors';
import type { Pod } from '../../api/objects';
import type { ApiAccess } from '../auth/access';
import type { ObjectApi } from '../object-api';
import { parseResourcePath } from '../http/paths';
import { recordOf, type AuditSink } from '../http/audit';

/**
 * Serves one pod stream upgrade for a runtime; throw a StatusError to refuse it, or return a promise that rejects
 * with one when the refusal needs a look at the runtime first (the answer is recorded once it is known).
 */
export type PodStreamUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer, pod: Pod, subresource: string) => void | Promise<void>;

const podRes = findKind('Pod')!;
const STREAMS = new Set(['exec', 'attach', 'portforward']);
const REASONS: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error' };

/** Answers an upgrade request with a plain HTTP error carrying the Status, and closes the connection. */
export function refuseUpgrade(socket: Duplex, e: unknown): void {
  const err = isStatusError(e) ? e : new StatusError(500, 'InternalError', `Internal error occurred: ${(e as Error)?.message ?? e}`);
  const body = JSON.stringify(err.status);
  if (socket.destroyed) return;
  socket.end(
    `HTTP/1.1 ${err.code} ${REASONS[err.code] ?? 'Error'}\r\n` +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n' +
      '\r\n' +
      body,
  );
}

export interface UpgradeDeps {
  api: ObjectApi;
  access: ApiAccess;
  streams: PodStreamUpgrade;
  /** Told of every authenticated pod stream request, accepted (101) or refused. */
  audit?: AuditSink;
  now?: () => number;
}

/** The cluster's 'upgrade' handler: `req.url` is relative to the cluster's API root. */
export function handlePodStreamUpgrade(deps: UpgradeDeps, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  socket.on('error', () => undefined);
  try {
    const url = new URL(req.url ?? '/', 'http://cluster');
    const caller = deps.access.callerOf(req.headers, req.headersDistinct);
    const path = parseResourcePath(url.pathname);
    if (!path || path.res.kind !== 'Pod' || !path.name || !path.subresource || !STREAMS.has(path.subresource)) {
      throw new StatusError(404, 'NotFound', 'the server could not find the requested resource');
    }
    const audit = (code: number, message?: string) => {
      try {
        deps.audit?.(recordOf(deps.now?.() ?? Date.now(), req.method ?? 'GET', url, req.headers, path, code, message, caller.tokenUser));
      } catch {
        // A failing sink must never fail the learner's request.
      }
    };
    const refused = (e: unknown) => audit(isStatusError(e) ? e.code : 500, isStatusError(e) ? e.status.message : String((e as Error)?.message ?? e));
    try {
      deps.access.check(caller, req.method ?? 'GET', url.pathname, url.searchParams);
      const pod = deps.api.tryGet(podRes, path.namespace, path.name);
      if (!pod) throw notFound('', 'pods', path.name);
      const served = deps.streams(req, socket, head, pod, path.subresource);
      if (!served) return audit(101);
      served.then(
        () => audit(101),
        (e) => {
          refused(e);
          refuseUpgrade(socket, e);
        },
      );
    } catch (e) {
      refused(e);
      throw e;
    }
  } catch (e) {
    refuseUpgrade(socket, e);
  }
}
