// When a PolicyRule allows a request and when a binding's subject is the user (the rbac evaluation helpers).
import { ruleAllows, subjectApplies } from '../../../../sandbox/apiserver/auth/rbac-rules';
import type { Attributes } from '../../../../sandbox/apiserver/auth/request-attributes';

const user = { username: 'system:serviceaccount:dev:reader', groups: ['system:serviceaccounts', 'system:serviceaccounts:dev', 'system:authenticated'] };
const req = (over: Partial<Attributes>): Attributes => ({ user, verb: 'get', resourceRequest: true, path: '', apiGroup: '', apiVersion: 'v1', namespace: 'dev', resource: 'pods', subresource: '', name: '', ...over });

describe('RBAC rules', () => {
  it('match verbs, groups and resources exactly or by *', () => {
    const rule = { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] };
    expect(ruleAllows(req({}), rule)).toBe(true);
    expect(ruleAllows(req({ verb: 'delete' }), rule)).toBe(false);
    expect(ruleAllows(req({ apiGroup: 'apps', resource: 'deployments' }), rule)).toBe(false);
    expect(ruleAllows(req({ apiGroup: 'apps', resource: 'deployments', verb: 'patch' }), { verbs: ['*'], apiGroups: ['*'], resources: ['*'] })).toBe(true);
  });

  it('match a subresource only as resource/subresource or */subresource', () => {
    const log = req({ subresource: 'log' });
    expect(ruleAllows(log, { verbs: ['get'], apiGroups: [''], resources: ['pods'] })).toBe(false);
    expect(ruleAllows(log, { verbs: ['get'], apiGroups: [''], resources: ['pods/log'] })).toBe(true);
    expect(ruleAllows(log, { verbs: ['get'], apiGroups: [''], resources: ['*/log'] })).toBe(true);
    expect(ruleAllows(log, { verbs: ['get'], apiGroups: [''], resources: ['*/status'] })).toBe(false);
  });

  it('limit to resourceNames when given (a list has no name and is not allowed)', () => {
    const rule = { verbs: ['get', 'list'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['app-config'] };
    expect(ruleAllows(req({ resource: 'configmaps', name: 'app-config' }), rule)).toBe(true);
    expect(ruleAllows(req({ resource: 'configmaps', name: 'other' }), rule)).toBe(false);
    expect(ruleAllows(req({ resource: 'configmaps', verb: 'list' }), rule)).toBe(false);
  });

  it('match non-resource URLs exactly, by * or by a trailing * prefix', () => {
    const nr = (path: string) => req({ resourceRequest: false, path, resource: '' });
    expect(ruleAllows(nr('/healthz'), { verbs: ['get'], nonResourceURLs: ['/healthz'] })).toBe(true);
    expect(ruleAllows(nr('/apis/apps/v1'), { verbs: ['get'], nonResourceURLs: ['/apis/*'] })).toBe(true);
    expect(ruleAllows(nr('/apis'), { verbs: ['get'], nonResourceURLs: ['/apis/*'] })).toBe(false);
    expect(ruleAllows(nr('/metrics'), { verbs: ['get'], apiGroups: ['*'], resources: ['*'] })).toBe(false);
  });

  it('apply subjects by user name, group, and ServiceAccount (namespace defaulting to the binding\'s)', () => {
    expect(subjectApplies(user, { kind: 'ServiceAccount', name: 'reader' }, 'dev')).toBe(true);
    expect(subjectApplies(user, { kind: 'ServiceAccount', name: 'reader' }, 'prod')).toBe(false);
    expect(subjectApplies(user, { kind: 'ServiceAccount', name: 'reader' }, '')).toBe(false);
    expect(subjectApplies(user, { kind: 'ServiceAccount', name: 'reader', namespace: 'dev' }, '')).toBe(true);
    expect(subjectApplies(user, { kind: 'Group', name: 'system:serviceaccounts:dev' }, '')).toBe(true);
    expect(subjectApplies(user, { kind: 'User', name: 'system:serviceaccount:dev:reader' }, '')).toBe(true);
    expect(subjectApplies(user, { kind: 'User', name: 'reader' }, 'dev')).toBe(false);
  });
});
