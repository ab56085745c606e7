// What the Impersonate-* headers ask for (kubectl --as, --as-group, --as-uid) and whom the request then runs as.
import { impersonationOf } from '../../../../sandbox/apiserver/auth/impersonation';

describe('impersonation headers', () => {
  it('ask for nothing without Impersonate-* headers', () => {
    expect(impersonationOf({ authorization: 'Bearer x' })).toBeUndefined();
  });

  it('give a ServiceAccount its groups, checked on serviceaccounts in its namespace', () => {
    const r = impersonationOf({ 'impersonate-user': ['system:serviceaccount:dev:reader'] })!;
    expect(r.user).toEqual({ username: 'system:serviceaccount:dev:reader', groups: ['system:serviceaccounts', 'system:serviceaccounts:dev', 'system:authenticated'] });
    expect(r.checks.map((c) => c.attrs)).toEqual([expect.objectContaining({ verb: 'impersonate', resource: 'serviceaccounts', namespace: 'dev', name: 'reader', apiGroup: '' })]);
  });

  it('give a user the groups asked for plus system:authenticated, each group checked', () => {
    const r = impersonationOf({ 'impersonate-user': ['alice'], 'impersonate-group': ['devs', 'ops'] })!;
    expect(r.user).toEqual({ username: 'alice', groups: ['devs', 'ops', 'system:authenticated'] });
    expect(r.checks.map((c) => `${c.attrs.resource}/${c.attrs.name}`)).toEqual(['users/alice', 'groups/devs', 'groups/ops']);
  });

  it('refuse groups without a user', () => {
    expect(() => impersonationOf({ 'impersonate-group': ['devs'] })).toThrow(/without impersonating a user/);
  });
});
