// Chunked lists (`?limit=N&continue=…`) as kube-apiserver serves them from etcd: items in key order, at most
// `limit` of them, `metadata.continue` when more remain (a token naming the list's resourceVersion and the key to go
// on after, base64url of {"v":"meta.k8s.io/v1","rv":…,"start":"…\u0000"}), `metadata.remainingItemCount` when no
// selector filters the list, and every later page read from the same snapshot so the whole list is consistent.
// Snapshots live as long as etcd keeps a revision before compaction (five minutes); an older token gets 410 Expired
// with kube-apiserver's message and an "inconsistent" token (rv -1) that finishes the list from the current state.
// `resourceVersion=0` lists come from the cache and ignore `limit`, as on a real server.
import { badRequest, StatusError } from '../api/errors';
import { keyPrefix, type ResourceInfo } from '../api/registry';
import type { KubeList, KubeObject } from '../api/types';
import { fieldOf } from '../api/unchecked';
import type { ObjectApi } from './object-api';
import { parseFieldSelector } from '../lib/field-selector';
import { parseLabelSelector } from '../lib/label-selector-parser';

export interface PageOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
}

interface Snapshot {
  revision: number;
  /** Every object under the prefix at that revision, in key order, as stored text. */
  items: string[];
  takenAt: number;
}

const TOKEN_VERSION = 'meta.k8s.io/v1';
const SNAPSHOT_TTL_MS = 5 * 60_000;
const MAX_SNAPSHOTS = 16;

export const INCONSISTENT_CONTINUE =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, ' +
  'or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an ' +
  'inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

export function encodeContinue(rv: number, start: string): string {
  return Buffer.from(JSON.stringify({ v: TOKEN_VERSION, rv, start })).toString('base64url');
}

/** storage.DecodeContinue: the token's revision and the prefix-relative key to start at; the apiserver's 400s. */
export function decodeContinue(token: string): { rv: number; start: string } {
  const invalid = (why: string) => badRequest(`invalid continue token: continue key is not valid${why ? `: ${why}` : ''}`);
  const bad = /[^A-Za-z0-9_-]/.exec(token);
  if (bad) throw invalid(`illegal base64 data at input byte ${bad.index}`);
  let c: unknown;
  try {
    c = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch (e) {
    throw invalid((e as Error).message);
  }
  const v = fieldOf(c, 'v');
  const rv = fieldOf(c, 'rv');
  const start = fieldOf(c, 'start');
  if (v !== TOKEN_VERSION) throw invalid(`server does not recognize this encoded version ${String(v ?? '')}`.trim());
  if (typeof rv !== 'number' || !Number.isInteger(rv) || rv === 0) throw invalid('incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  if (typeof start !== 'string' || !start) throw invalid('encoded start key empty (version meta.k8s.io/v1)');
  const key = start.startsWith('/') ? start : `/${start}`;
  if (key.split('/').some((part) => part === '..' || part === '.') || key.includes('//')) throw invalid(start);
  return { rv, start: key.slice(1) };
}

export class ListPager {
  private readonly snapshots = new Map<string, Snapshot>();

  constructor(private readonly api: ObjectApi, private readonly now: () => number = Date.now) {}

  /** Whether this request is a chunked one (otherwise the caller lists everything as before). */
  static wanted(opts: PageOptions): boolean {
    return !!opts.continue || (!!opts.limit && opts.limit > 0 && opts.resourceVersion !== '0');
  }

  list(info: ResourceInfo, namespace: string | undefined, opts: PageOptions): KubeList {
    const prefix = keyPrefix(info, info.namespaced ? namespace : undefined);
    const store = this.api.store;
    let start = '';
    let view: Snapshot | undefined;
    if (opts.continue) {
      if (opts.resourceVersion && opts.resourceVersion !== '0') throw badRequest('specifying resource version is not allowed when using continue');
      const token = decodeContinue(opts.continue);
      start = token.start;
      if (token.rv > 0 && token.rv !== store.revision) {
        view = this.snapshot(prefix, token.rv);
        if (!view) {
          const err = new StatusError(410, 'Expired', INCONSISTENT_CONTINUE);
          err.status.metadata = { continue: encodeContinue(-1, start) };
          throw err;
        }
      }
    }
    view ??= { revision: store.revision, items: store.listJson(prefix).items, takenAt: this.now() };
    const labels = parseLabelSelector(opts.labelSelector);
    const fields = parseFieldSelector(opts.fieldSelector, info.kind);
    const relative = (o: KubeObject) => (info.namespaced && !namespace ? `${o.metadata.namespace}/${o.metadata.name}` : String(o.metadata.name));
    const limit = opts.limit && opts.limit > 0 ? opts.limit : Infinity;
    const items: KubeObject[] = [];
    let remaining = 0;
    let lastKey = '';
    for (const text of view.items) {
      const obj = JSON.parse(text) as KubeObject;
      const key = relative(obj);
      if (key < start) continue;
      if (items.length >= limit) {
        remaining++;
        continue;
      }
      lastKey = key;
      if (labels.matches(obj.metadata.labels) && fields.matches(obj)) items.push(obj);
    }
    const metadata: KubeList['metadata'] = { resourceVersion: String(view.revision) };
    if (remaining > 0) {
      metadata.continue = encodeContinue(view.revision, `${lastKey}\u0000`);
      if (!opts.labelSelector && !opts.fieldSelector) metadata.remainingItemCount = remaining;
      this.keep(prefix, view);
    }
    return { apiVersion: info.group ? `${info.group}/${info.version}` : info.version, kind: `${info.kind}List`, metadata, items };
  }

  private snapshot(prefix: string, revision: number): Snapshot | undefined {
    this.expire();
    return this.snapshots.get(`${revision}@${prefix}`);
  }

  private keep(prefix: string, view: Snapshot): void {
    this.expire();
    const key = `${view.revision}@${prefix}`;
    if (this.snapshots.has(key)) return;
    this.snapshots.set(key, view);
    while (this.snapshots.size > MAX_SNAPSHOTS) this.snapshots.delete(this.snapshots.keys().next().value!);
  }

  private expire(): void {
    const now = this.now();
    for (const [key, s] of this.snapshots) if (now - s.takenAt > SNAPSHOT_TTL_MS) this.snapshots.delete(key);
  }
}
