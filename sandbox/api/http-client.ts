// ObjectClient over HTTP, configured from a kubeconfig: the grader (and anything else that must work against ANY
// cluster — ours behind a path prefix, or a real one) talks to the API exactly as kubectl does. Node's http/https
// only: bearer tokens, client certificates, CA data, insecure-skip-tls-verify, current-context and its namespace.
import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import https from 'node:https';
import YAML from 'yaml';
import type { DeleteOptions, ListOptions, ObjectClient, PatchType, WatchOptions, WriteOptions } from './client';
import type { Resource, ResourceInfo } from './registry';
import type { Disposable, KubeList, KubeObject, Status, WatchEvent } from './types';
import { StatusError } from './errors';

/** Where and how to reach one API server: what a kubeconfig context resolves to. */
export interface Connection {
  /** Base URL, possibly with a path prefix (`http://127.0.0.1:3000/clusters/abc`). */
  server: string;
  token?: string;
  username?: string;
  password?: string;
  /** PEM strings (file contents or decoded *-data). */
  ca?: string;
  cert?: string;
  key?: string;
  insecureSkipTLSVerify?: boolean;
  tlsServerName?: string;
  /** The context's namespace, `default` when it names none. */
  namespace: string;
  /** Per-request timeout in ms (watches excluded). */
  timeoutMs?: number;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

const PATCH_TYPES: Record<PatchType, string> = {
  strategic: 'application/strategic-merge-patch+json',
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
};

/** Resolves a kubeconfig (parsed YAML or text) to a Connection; file paths inside resolve against `baseDir`. */
export function connectionFromKubeconfig(config: unknown, opts: { context?: string; baseDir?: string } = {}): Connection {
  const cfg = (typeof config === 'string' ? YAML.parse(config) : config) as any;
  if (!cfg || typeof cfg !== 'object') throw new Error('kubeconfig: not a YAML mapping');
  const contextName: string | undefined = opts.context ?? cfg['current-context'];
  if (!contextName) throw new Error('kubeconfig: no current-context is set and no context was given');
  const byName = (list: unknown, what: string, name: string) => {
    const found = (Array.isArray(list) ? list : []).find((e: any) => e?.name === name);
    if (!found) throw new Error(`kubeconfig: ${what} "${name}" not found`);
    return found;
  };
  const context = byName(cfg.contexts, 'context', contextName).context ?? {};
  const cluster = byName(cfg.clusters, 'cluster', context.cluster).cluster ?? {};
  const user = context.user ? byName(cfg.users, 'user', context.user).user ?? {} : {};
  const base = opts.baseDir ?? process.cwd();
  const pem = (data: unknown, file: unknown): string | undefined => {
    if (typeof data === 'string' && data) return Buffer.from(data, 'base64').toString('utf8');
    if (typeof file === 'string' && file) return fs.readFileSync(path.resolve(base, file), 'utf8');
    return undefined;
  };
  if (typeof cluster.server !== 'string' || !cluster.server) throw new Error(`kubeconfig: cluster "${context.cluster}" has no server`);
  if (user.exec || user['auth-provider']) {
    throw new Error(`kubeconfig: user "${context.user}" uses an exec/auth-provider plugin, which this client does not run; use a token or client certificate`);
  }
  const tokenFile = user.tokenFile ?? user['token-file'];
  return {
    server: cluster.server.replace(/\/+$/, ''),
    token: user.token ?? (tokenFile ? fs.readFileSync(path.resolve(base, tokenFile), 'utf8').trim() : undefined),
    username: user.username,
    password: user.password,
    ca: pem(cluster['certificate-authority-data'], cluster['certificate-authority']),
    cert: pem(user['client-certificate-data'], user['client-certificate']),
    key: pem(user['client-key-data'], user['client-key']),
    insecureSkipTLSVerify: cluster['insecure-skip-tls-verify'] === true,
    tlsServerName: cluster['tls-server-name'],
    namespace: context.namespace || 'default',
  };
}

/** Reads a kubeconfig file (the first of a KUBECONFIG-style list) and resolves its current (or given) context. */
export function connectionFromKubeconfigFile(file: string, opts: { context?: string } = {}): Connection {
  const first = file.split(path.delimiter).filter(Boolean)[0] ?? file;
  return connectionFromKubeconfig(fs.readFileSync(first, 'utf8'), { ...opts, baseDir: path.dirname(path.resolve(first)) });
}

/** The REST path of a collection or object: /api/v1/namespaces/ns/pods/name, /apis/apps/v1/deployments. */
export function resourcePath(res: ResourceInfo, namespace: string | undefined, name?: string, subresource?: string): string {
  const root = res.group ? `/apis/${res.group}/${res.version}` : `/api/${res.version}`;
  const ns = res.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  const item = name ? `/${encodeURIComponent(name)}` : '';
  return `${root}${ns}/${res.plural}${item}${name && subresource ? `/${subresource}` : ''}`;
}

function query(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

function writeQuery(opts: WriteOptions | undefined): string {
  return query({ dryRun: opts?.dryRun ? 'All' : undefined, fieldValidation: opts?.fieldValidation, fieldManager: opts?.fieldManager });
}

/** A non-2xx answer as the StatusError the server meant (or a synthetic one when the body is not a Status). */
function statusErrorOf(res: RawResponse): StatusError {
  let body: Partial<Status> | undefined;
  try {
    body = JSON.parse(res.body);
  } catch {
    body = undefined;
  }
  if (body && body.kind === 'Status') {
    return new StatusError(body.code ?? res.status, body.reason ?? '', body.message ?? `HTTP ${res.status}`, body.details);
  }
  const text = res.body.trim().slice(0, 200);
  return new StatusError(res.status, res.status === 404 ? 'NotFound' : 'Unknown', `the server answered HTTP ${res.status}${text ? `: ${text}` : ''}`);
}

/** `Warning: 299 - "unknown field ..."` headers as plain messages. */
function warningsOf(headers: http.IncomingHttpHeaders): string[] {
  const raw = headers.warning;
  const list = Array.isArray(raw) ? raw : raw ? [raw] : [];
  return list.map((w) => /^\d{3}\s+\S+\s+"(.*)"$/.exec(w)?.[1]?.replace(/\\"/g, '"') ?? w);
}

export class HttpObjectClient implements ObjectClient {
  private readonly agent: http.Agent;
  private readonly base: URL;

  constructor(readonly connection: Connection) {
    this.base = new URL(connection.server);
    this.agent =
      this.base.protocol === 'https:'
        ? new https.Agent({
            keepAlive: true,
            ca: connection.ca,
            cert: connection.cert,
            key: connection.key,
            rejectUnauthorized: !connection.insecureSkipTLSVerify,
            servername: connection.tlsServerName,
          })
        : new http.Agent({ keepAlive: true });
  }

  static fromKubeconfigFile(file: string, opts: { context?: string } = {}): HttpObjectClient {
    return new HttpObjectClient(connectionFromKubeconfigFile(file, opts));
  }

  /** The namespace of the kubeconfig's context. */
  get namespace(): string {
    return this.connection.namespace;
  }

  private open(method: string, urlPath: string, headers: Record<string, string>): http.ClientRequest {
    const prefix = this.base.pathname.replace(/\/+$/, '');
    const c = this.connection;
    const auth: Record<string, string> = {};
    if (c.token) auth.authorization = `Bearer ${c.token}`;
    else if (c.username !== undefined) auth.authorization = `Basic ${Buffer.from(`${c.username}:${c.password ?? ''}`).toString('base64')}`;
    const mod = this.base.protocol === 'https:' ? https : http;
    return mod.request({
      method,
      protocol: this.base.protocol,
      hostname: this.base.hostname.replace(/^\[|\]$/g, ''),
      port: this.base.port || undefined,
      path: `${prefix}${urlPath}`,
      agent: this.agent,
      headers: { 'user-agent': 'kubelab-grader', accept: 'application/json', ...auth, ...headers },
    });
  }

  /** One request with the connection's credentials; the path is relative to the server URL (prefix included). */
  request(method: string, urlPath: string, opts: { body?: unknown; contentType?: string; headers?: Record<string, string>; timeoutMs?: number } = {}): Promise<RawResponse> {
    const body = opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    const headers: Record<string, string> = { ...opts.headers };
    if (body !== undefined) {
      headers['content-type'] = opts.contentType ?? 'application/json';
      // Node sends DELETE bodies unframed unless told their length.
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    const timeoutMs = opts.timeoutMs ?? this.connection.timeoutMs ?? 30_000;
    return new Promise((resolve, reject) => {
      const req = this.open(method, urlPath, headers);
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${urlPath}: no answer from ${this.connection.server} within ${timeoutMs} ms`)));
      req.on('error', (e) => reject(new Error(`${method} ${this.connection.server}${urlPath}: ${e.message}`)));
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('error', reject);
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      });
      req.end(body);
    });
  }

  private async json<T>(method: string, urlPath: string, body?: unknown, contentType?: string, opts?: WriteOptions): Promise<T> {
    const res = await this.request(method, urlPath, { body, contentType });
    if (res.status < 200 || res.status >= 300) throw statusErrorOf(res);
    if (opts) {
      const warnings = warningsOf(res.headers);
      if (warnings.length) opts.warnings = [...(opts.warnings ?? []), ...warnings];
    }
    return JSON.parse(res.body) as T;
  }

  get<T extends KubeObject>(res: Resource<T>, namespace: string | undefined, name: string): Promise<T> {
    return this.json('GET', resourcePath(res, namespace ?? this.namespace, name));
  }

  list<T extends KubeObject>(res: Resource<T>, namespace: string | undefined, opts: ListOptions = {}): Promise<KubeList<T>> {
    return this.json('GET', resourcePath(res, namespace) + query({ labelSelector: opts.labelSelector, fieldSelector: opts.fieldSelector }));
  }

  create(res: ResourceInfo, namespace: string | undefined, obj: KubeObject, opts?: WriteOptions): Promise<KubeObject> {
    const ns = namespace ?? obj.metadata?.namespace ?? this.namespace;
    return this.json('POST', resourcePath(res, ns) + writeQuery(opts), obj, undefined, opts);
  }

  update(res: ResourceInfo, namespace: string | undefined, obj: KubeObject, opts?: WriteOptions): Promise<KubeObject> {
    const ns = namespace ?? obj.metadata?.namespace ?? this.namespace;
    return this.json('PUT', resourcePath(res, ns, obj.metadata.name) + writeQuery(opts), obj, undefined, opts);
  }

  updateStatus(res: ResourceInfo, namespace: string | undefined, obj: KubeObject): Promise<KubeObject> {
    const ns = namespace ?? obj.metadata?.namespace ?? this.namespace;
    return this.json('PUT', resourcePath(res, ns, obj.metadata.name, 'status'), obj);
  }

  patch(
    res: ResourceInfo,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    patch: unknown,
    opts?: WriteOptions & { subresource?: 'status' | 'scale' },
  ): Promise<KubeObject> {
    const p = resourcePath(res, namespace ?? this.namespace, name, opts?.subresource) + writeQuery(opts);
    return this.json('PATCH', p, patch, PATCH_TYPES[type], opts);
  }

  delete(res: ResourceInfo, namespace: string | undefined, name: string, opts: DeleteOptions = {}): Promise<KubeObject | Status> {
    const body = {
      kind: 'DeleteOptions',
      apiVersion: 'v1',
      ...(opts.propagationPolicy ? { propagationPolicy: opts.propagationPolicy } : {}),
      ...(opts.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: opts.gracePeriodSeconds } : {}),
      ...(opts.preconditions ? { preconditions: opts.preconditions } : {}),
      ...(opts.dryRun ? { dryRun: ['All'] } : {}),
    };
    return this.json('DELETE', resourcePath(res, namespace ?? this.namespace, name), body);
  }

  /** Streams NDJSON watch events; `dispose()` ends the stream without calling onClose. */
  watch<T extends KubeObject>(
    res: Resource<T>,
    namespace: string | undefined,
    opts: WatchOptions,
    onEvent: (event: WatchEvent<T>) => void,
    onClose?: (err?: Error) => void,
  ): Disposable {
    const p =
      resourcePath(res, namespace) +
      query({
        watch: 'true',
        resourceVersion: opts.resourceVersion,
        labelSelector: opts.labelSelector,
        fieldSelector: opts.fieldSelector,
        allowWatchBookmarks: opts.allowWatchBookmarks ? 'true' : undefined,
      });
    let disposed = false;
    let closed = false;
    const close = (err?: Error) => {
      if (closed || disposed) return;
      closed = true;
      onClose?.(err);
    };
    const req = this.open('GET', p, {});
    req.on('error', (e) => close(e));
    req.on('response', (answer) => {
      if ((answer.statusCode ?? 0) >= 300) {
        const chunks: Buffer[] = [];
        answer.on('data', (d: Buffer) => chunks.push(d));
        answer.on('end', () => close(statusErrorOf({ status: answer.statusCode ?? 0, headers: answer.headers, body: Buffer.concat(chunks).toString('utf8') })));
        return;
      }
      let buffered = '';
      answer.setEncoding('utf8');
      answer.on('data', (chunk: string) => {
        buffered += chunk;
        let nl: number;
        while ((nl = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, nl).trim();
          buffered = buffered.slice(nl + 1);
          if (!line || disposed) continue;
          try {
            onEvent(JSON.parse(line) as WatchEvent<T>);
          } catch (e) {
            close(e instanceof Error ? e : new Error(String(e)));
            req.destroy();
            return;
          }
        }
      });
      answer.on('end', () => close());
      answer.on('error', (e) => close(e));
    });
    req.end();
    return {
      dispose: () => {
        disposed = true;
        req.destroy();
      },
    };
  }

  /** Releases pooled keep-alive sockets. */
  dispose(): void {
    this.agent.destroy();
  }
}
