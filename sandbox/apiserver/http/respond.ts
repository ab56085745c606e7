// The one place where answers leave the API server: objects as JSON or as server-side Tables (content negotiation
// on Accept, as kubectl asks), and every thrown error turned into a Kubernetes Status so kubectl prints it the
// way a real cluster makes it print.
import type { ErrorRequestHandler, Request, Response } from 'express';
import { type StatusError, internalError, isStatusError, tooLarge, badRequest } from '../../api/errors';
import type { ResourceInfo } from '../../api/registry';
import type { KubeList, KubeObject, Table } from '../../api/types';
import { tableFor } from '../kinds/strategy';
import type { Clock } from '../../util/clock';

export function wantsTable(req: Request): boolean {
  const accept = req.headers.accept ?? '';
  return /as=Table/.test(accept);
}

type IncludeObject = 'None' | 'Metadata' | 'Object';

function includeObject(req: Request): IncludeObject {
  const v = String(req.query.includeObject ?? 'Metadata');
  return v === 'None' || v === 'Object' ? v : 'Metadata';
}

export function asTable(req: Request, res: ResourceInfo, objects: KubeObject[], resourceVersion: string | undefined, clock: Clock): Table {
  const { columnDefinitions, rows } = tableFor(res, objects, clock.now(), includeObject(req));
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: resourceVersion ? { resourceVersion } : {},
    columnDefinitions,
    rows,
  };
}

/**
 * Writes a JSON answer. Not res.json: Express would hash every body for an ETag (a 200 KB list costs a SHA-1 per
 * request) and kube-apiserver sends none.
 */
export function sendJson(res: Response, code: number, body: unknown): void {
  res.status(code);
  res.setHeader('Content-Type', 'application/json');
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

/** A JSON answer already in pieces (a list from stored text): written as they are, never joined in memory. */
export function sendJsonPieces(res: Response, code: number, pieces: string[]): void {
  res.status(code);
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Content-Length', pieces.reduce((n, p) => n + Buffer.byteLength(p), 0));
  res.cork();
  for (const p of pieces) res.write(p);
  res.end();
}

function withWarnings(res: Response, warnings: string[] | undefined): void {
  if (warnings?.length) res.setHeader('Warning', warnings.map((w) => `299 - ${JSON.stringify(w)}`));
}

export function sendObject(req: Request, res: Response, info: ResourceInfo, obj: KubeObject, clock: Clock, code = 200, warnings?: string[]): void {
  withWarnings(res, warnings);
  if (wantsTable(req)) {
    sendJson(res, code, asTable(req, info, [obj], obj.metadata.resourceVersion, clock));
    return;
  }
  sendJson(res, code, obj);
}

export function sendList(req: Request, res: Response, info: ResourceInfo, list: KubeList, clock: Clock): void {
  if (wantsTable(req)) {
    const table = asTable(req, info, list.items, list.metadata.resourceVersion, clock);
    // A chunk of a longer list: kubectl asks for the next one with the same token.
    if (list.metadata.continue) table.metadata = { ...table.metadata, continue: list.metadata.continue, remainingItemCount: list.metadata.remainingItemCount };
    sendJson(res, 200, table);
    return;
  }
  sendJson(res, 200, list);
}

export function sendStatus(res: Response, err: StatusError): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  sendJson(res, err.code, err.status);
}

/** Express error middleware: the single place errors become HTTP answers. */
export function statusErrorHandler(log: (msg: string) => void = console.error): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    let status: StatusError;
    if (isStatusError(err)) status = err;
    else if (err?.type === 'entity.too.large' || err?.status === 413) status = tooLarge();
    else if (err?.type === 'entity.parse.failed' || err instanceof SyntaxError) status = badRequest(`the body of the request could not be decoded: ${err.message}`);
    else {
      log(`kubelab apiserver: internal error: ${err?.stack ?? err}`);
      status = internalError(String(err?.message ?? err));
    }
    sendStatus(res, status);
  };
}
