// The API server's own record of each request it answered, like a Kubernetes audit event at Metadata level: who
// asked (kubectl's command header, an impersonated user, a ServiceAccount's token), what (verb, resource,
// subresource, namespace, name, the container and command of a pod stream, whether logs were followed) and the
// answer's code. The cluster hands every
// record to a sink passed in by its host; the API server itself keeps nothing and knows nothing of who reads them.
import type { IncomingHttpHeaders } from 'node:http';
import type { RequestHandler } from 'express';
import type { ResourcePath } from './paths';
import { parseResourcePath } from './paths';
import type { ResourceInfo } from '../../api/registry';

export interface RequestRecord {
  /** When the answer began (ms since the epoch, the cluster's clock). */
  at: number;
  /** Kubernetes' verb: get, list, watch, create, update, patch, delete, deletecollection (pod streams: create; logs: get). */
  verb: string;
  /** The resource's plural and API group ('' for the core group). */
  resource: string;
  group: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  /** HTTP status of the answer (101 for an accepted exec, attach or port-forward). */
  code: number;
  /** The Status message of a refused request. */
  message?: string;
  /** pods/log, exec, attach: the container asked for. */
  container?: string;
  /** pods/exec: the command, one word per element. */
  command?: string[];
  /** pods/log: follow=true. */
  follow?: boolean;
  /** Read requests: a Table (kubectl's human output) or objects (-o yaml, json, jsonpath, name). */
  format?: 'table' | 'object';
  /** kubectl's own command (the Kubectl-Command header kubectl 1.22+ sends), e.g. "kubectl rollout undo". */
  kubectlCommand?: string;
  /** The Impersonate-User header (`kubectl --as`). */
  impersonatedUser?: string;
  /**
   * Whose token it was when not the learner's own: a ServiceAccount's (a pod calling the API, or a token from
   * `kubectl create token`). Absent: the learner's kubeconfig.
   */
  tokenUser?: string;
  userAgent?: string;
}

export type AuditSink = (record: RequestRecord) => void;

const STREAM_SUBRESOURCES = new Set(['exec', 'attach', 'portforward']);

/** The verb kube-apiserver's authorizer would check for this request. */
export function verbOf(method: string, path: ResourcePath, query: URLSearchParams): string {
  if (path.subresource && STREAM_SUBRESOURCES.has(path.subresource)) return 'create';
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (path.name) return 'get';
      return query.get('watch') === 'true' || query.get('watch') === '1' ? 'watch' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return path.name ? 'delete' : 'deletecollection';
    default:
      return method.toLowerCase();
  }
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return (Array.isArray(v) ? v[0] : v) || undefined;
}

/** A record for a request to a resource path; `code` and `message` describe the answer. */
export function recordOf(
  at: number,
  method: string,
  url: URL,
  headers: IncomingHttpHeaders,
  path: ResourcePath,
  code: number,
  message?: string,
  tokenUser?: string,
): RequestRecord {
  const q = url.searchParams;
  const verb = verbOf(method, path, q);
  const rec: RequestRecord = { at, verb, resource: path.res.plural, group: path.res.group, code };
  if (path.subresource) rec.subresource = path.subresource;
  if (path.namespace) rec.namespace = path.namespace;
  if (path.name) rec.name = path.name;
  if (message) rec.message = message.slice(0, 500);
  if (q.get('container')) rec.container = q.get('container')!;
  if (path.subresource === 'exec') rec.command = q.getAll('command').slice(0, 50).map((w) => w.slice(0, 200));
  if (path.subresource === 'log') rec.follow = q.get('follow') === 'true' || q.get('follow') === '1';
  if (verb === 'get' || verb === 'list' || verb === 'watch') rec.format = /as=Table/.test(header(headers, 'accept') ?? '') ? 'table' : 'object';
  const kubectl = header(headers, 'kubectl-command');
  if (kubectl) rec.kubectlCommand = kubectl.slice(0, 100);
  const as = header(headers, 'impersonate-user');
  if (as) rec.impersonatedUser = as.slice(0, 100);
  if (tokenUser) rec.tokenUser = tokenUser.slice(0, 200);
  const ua = header(headers, 'user-agent');
  if (ua) rec.userAgent = ua.slice(0, 200);
  return rec;
}

function statusMessage(body: unknown): string | undefined {
  try {
    const text = Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : '';
    const m = JSON.parse(text)?.message;
    return typeof m === 'string' ? m : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Records every request to a resource path once its answer begins: when the headers go out, so a `logs -f` or a
 * watch still streaming is already on record. Refusals keep the Status message.
 */
export function auditRequests(sink: AuditSink, now: () => number, custom: () => readonly ResourceInfo[] = () => []): RequestHandler {
  return (req, res, next) => {
    const path = parseResourcePath(req.path, custom());
    if (!path) return next();
    const url = new URL(req.originalUrl ?? req.url, 'http://cluster');
    let done = false;
    const record = (body?: unknown) => {
      if (done) return;
      done = true;
      try {
        const tokenUser = (res.locals.caller as { tokenUser?: string } | undefined)?.tokenUser;
        sink(recordOf(now(), req.method, url, req.headers, path, res.statusCode, res.statusCode >= 400 ? statusMessage(body) : undefined, tokenUser));
      } catch {
        // A failing sink must never fail the learner's request.
      }
    };
    const writeHead = res.writeHead;
    res.writeHead = function (this: typeof res, ...args: unknown[]) {
      if (typeof args[0] === 'number') res.statusCode = args[0];
      if (res.statusCode < 400) record();
      return (writeHead as (...a: unknown[]) => typeof res).apply(this, args);
    } as typeof res.writeHead;
    const end = res.end;
    res.end = function (this: typeof res, ...args: unknown[]) {
      record(args[0]);
      return (end as (...a: unknown[]) => typeof res).apply(this, args);
    } as typeof res.end;
    res.on('close', () => record());
    next();
  };
}
