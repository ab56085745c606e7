// `kubectl --as`, `--as-group`, `--as-uid`: the Impersonate-* headers (k8s.io/apiserver filters/impersonation.go).
// Each thing asked for is checked as the verb `impersonate` on users, groups, serviceaccounts (in their namespace),
// uids or userextras, and refused with the ordinary Forbidden text; then the request runs as the new user, with a
// ServiceAccount's groups when none were asked for, and system:authenticated added unless a group says otherwise.
import type { IncomingHttpHeaders } from 'node:http';
import { internalError } from '../../api/errors';
import type { Attributes } from './request-attributes';
import { ALL_AUTHENTICATED, ALL_UNAUTHENTICATED, ANONYMOUS, serviceAccountGroups, serviceAccountUsername, splitServiceAccountUsername, type UserInfo } from './user';

const EXTRA_PREFIX = 'impersonate-extra-';

/** One thing to impersonate, as the attributes its `impersonate` check is made with. */
export interface ImpersonationCheck {
  attrs: Omit<Attributes, 'user'>;
}

export interface ImpersonationRequest {
  checks: ImpersonationCheck[];
  user: UserInfo;
}

type Headers = IncomingHttpHeaders | NodeJS.Dict<string[]>;

function values(headers: Headers, name: string): string[] {
  const v = headers[name];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).filter((s) => s !== '');
}

const check = (resource: string, name: string, extra: Partial<Attributes> = {}): ImpersonationCheck => ({
  attrs: { verb: 'impersonate', resourceRequest: true, path: '', apiGroup: '', apiVersion: '', namespace: '', resource, subresource: '', name, ...extra },
});

/**
 * The impersonation the headers ask for (headers as Node's `headersDistinct`, so repeated Impersonate-Group headers
 * stay apart), or undefined when they ask for none. Groups, uid or extras without a user are a server error, as there.
 */
export function impersonationOf(headers: Headers): ImpersonationRequest | undefined {
  const requestedUser = values(headers, 'impersonate-user')[0] ?? '';
  const groupsAsked = values(headers, 'impersonate-group');
  const uid = values(headers, 'impersonate-uid')[0];
  const extras = Object.keys(headers).filter((h) => h.toLowerCase().startsWith(EXTRA_PREFIX));
  if (!requestedUser && !groupsAsked.length && uid === undefined && !extras.length) return undefined;
  const checks: ImpersonationCheck[] = [];
  let username = '';
  let groups: string[] = [];
  const extra: Record<string, string[]> = {};
  if (requestedUser) {
    const sa = splitServiceAccountUsername(requestedUser);
    if (sa) {
      checks.push(check('serviceaccounts', sa.name, { namespace: sa.namespace }));
      username = serviceAccountUsername(sa.namespace, sa.name);
      if (!groupsAsked.length) groups = serviceAccountGroups(sa.namespace);
    } else {
      checks.push(check('users', requestedUser));
      username = requestedUser;
    }
  }
  for (const g of groupsAsked) {
    checks.push(check('groups', g));
    groups.push(g);
  }
  for (const h of extras) {
    const key = decodeURIComponent(h.slice(EXTRA_PREFIX.length)).toLowerCase();
    for (const v of values(headers, h.toLowerCase())) {
      checks.push(check('userextras', v, { apiGroup: 'authentication.k8s.io', subresource: key }));
      (extra[key] ??= []).push(v);
    }
  }
  if (uid !== undefined) checks.push(check('uids', uid, { apiGroup: 'authentication.k8s.io' }));
  if (!requestedUser) throw internalError(`requested ${checks.map((c) => c.attrs.resource).join(', ')} without impersonating a user`);
  if (username !== ANONYMOUS && !groups.includes(ALL_AUTHENTICATED) && !groups.includes(ALL_UNAUTHENTICATED)) groups.push(ALL_AUTHENTICATED);
  return { checks, user: { username, ...(uid !== undefined ? { uid } : {}), groups, ...(Object.keys(extra).length ? { extra } : {}) } };
}
