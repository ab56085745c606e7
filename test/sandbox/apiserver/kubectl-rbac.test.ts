// RBAC objects as a learner makes and reads them with the real kubectl (oldest and newest; 1.32+ sends them as
// protobuf): `kubectl create role|rolebinding|clusterrole|clusterrolebinding`, the columns `kubectl get` prints, the
// validation messages kube-apiserver gives, the default ClusterRoles of a kubeadm cluster, and admin/edit/view
// growing when a ClusterRole carries an aggregate-to label.
import { describeEachKubectl, kubectlRunners } from '../../helpers/kubectl-suite';
import { startTestCluster, waitFor, type TestCluster } from '../../helpers/test-cluster';

const describeKubectl = describeEachKubectl();

describeKubectl('RBAC objects with %s', (bin) => {
  let tc: TestCluster;
  const { k, ok } = kubectlRunners(() => tc, bin);

  beforeAll(async () => {
    tc = await startTestCluster();
    await ok('create', 'namespace', 'dev');
  });
  afterAll(() => tc.close());

  it('creates a Role and a RoleBinding and prints them as kube-apiserver does', async () => {
    expect(await ok('create', 'role', 'pod-reader', '--verb=get,list,watch', '--resource=pods', '-n', 'dev')).toBe('role.rbac.authorization.k8s.io/pod-reader created\n');
    expect(await ok('create', 'rolebinding', 'read-pods', '--role=pod-reader', '--serviceaccount=dev:reader', '--user=alice', '-n', 'dev')).toBe(
      'rolebinding.rbac.authorization.k8s.io/read-pods created\n',
    );
    expect(await ok('get', 'role', '-n', 'dev')).toMatch(/^NAME\s+CREATED AT\npod-reader\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n$/);
    expect(await ok('get', 'rolebinding', 'read-pods', '-n', 'dev', '-o', 'wide')).toMatch(
      /^NAME\s+ROLE\s+AGE\s+USERS\s+GROUPS\s+SERVICEACCOUNTS\nread-pods\s+Role\/pod-reader\s+\d+s\s+alice\s+dev\/reader\n$/,
    );
    const binding = JSON.parse(await ok('get', 'rolebinding', 'read-pods', '-n', 'dev', '-o', 'json'));
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' });
    // Users are defaulted into rbac.authorization.k8s.io; a ServiceAccount's core group is left out, as on the wire.
    expect(binding.subjects).toEqual([
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice' },
      { kind: 'ServiceAccount', name: 'reader', namespace: 'dev' },
    ]);
    const role = JSON.parse(await ok('get', 'role', 'pod-reader', '-n', 'dev', '-o', 'json'));
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }]);
  });

  it('creates a ClusterRole and a ClusterRoleBinding', async () => {
    expect(await ok('create', 'clusterrole', 'node-reader', '--verb=get,list', '--resource=nodes')).toBe('clusterrole.rbac.authorization.k8s.io/node-reader created\n');
    expect(await ok('create', 'clusterrolebinding', 'read-nodes', '--clusterrole=node-reader', '--group=ops')).toBe('clusterrolebinding.rbac.authorization.k8s.io/read-nodes created\n');
    expect(await ok('get', 'clusterrolebinding', 'read-nodes', '-o', 'wide')).toMatch(/^NAME\s+ROLE\s+AGE\s+USERS\s+GROUPS\s+SERVICEACCOUNTS\nread-nodes\s+ClusterRole\/node-reader\s+\d+s\s+ops\s*\n$/);
  });

  it('starts with the ClusterRoles and ClusterRoleBindings of a kubeadm cluster', async () => {
    const roles = await ok('get', 'clusterroles', '-o', 'name');
    for (const name of ['cluster-admin', 'admin', 'edit', 'view', 'system:basic-user', 'system:discovery', 'system:node', 'system:kube-scheduler']) {
      expect(roles).toContain(`clusterrole.rbac.authorization.k8s.io/${name}\n`);
    }
    expect(await ok('get', 'clusterrolebinding', 'kubeadm:cluster-admins', '-o', 'wide')).toMatch(/kubeadm:cluster-admins\s+ClusterRole\/cluster-admin\s+\S+\s+kubeadm:cluster-admins/);
    const view = JSON.parse(await ok('get', 'clusterrole', 'view', '-o', 'json'));
    expect(view.aggregationRule).toEqual({ clusterRoleSelectors: [{ matchLabels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } }] });
    expect(view.rules).toContainEqual({ apiGroups: [''], resources: expect.arrayContaining(['pods', 'services', 'configmaps']), verbs: ['get', 'list', 'watch'] });
    // edit has view's rules and its own; admin has edit's.
    const edit = JSON.parse(await ok('get', 'clusterrole', 'edit', '-o', 'json'));
    const admin = JSON.parse(await ok('get', 'clusterrole', 'admin', '-o', 'json'));
    expect(edit.rules).toEqual(expect.arrayContaining(view.rules));
    expect(admin.rules).toEqual(expect.arrayContaining(edit.rules));
    expect(admin.rules).toContainEqual(expect.objectContaining({ apiGroups: ['rbac.authorization.k8s.io'], resources: ['rolebindings', 'roles'] }));
  });

  it('adds the rules of a ClusterRole labelled aggregate-to-view to view, and takes them away with it', async () => {
    const crontabs = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: aggregate-cron-tabs-view
  labels:
    rbac.authorization.k8s.io/aggregate-to-view: "true"
rules:
- apiGroups: ["stable.example.com"]
  resources: ["crontabs"]
  verbs: ["get", "list", "watch"]
`;
    await ok('apply', '-f', tc.file('crontabs.yaml', crontabs));
    const has = async (role: string) => (await ok('get', 'clusterrole', role, '-o', 'json')).includes('crontabs');
    await waitFor(async () => (await has('view')) && (await has('edit')) && (await has('admin')), 'view, edit and admin to include crontabs');
    await ok('delete', 'clusterrole', 'aggregate-cron-tabs-view');
    await waitFor(async () => !(await has('view')) && !(await has('admin')), 'view and admin to drop crontabs');
  });

  it('refuses to change the role a binding grants, in kube-apiserver words', async () => {
    const r = await k('patch', 'rolebinding', 'read-pods', '-n', 'dev', '--type=merge', '-p', '{"roleRef":{"name":"other"}}');
    expect(r.stderr).toContain(
      'The RoleBinding "read-pods" is invalid: roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"Role", Name:"other"}: cannot change roleRef',
    );
  });

  it('validates rules and subjects as kube-apiserver does', async () => {
    const role = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: bad, namespace: dev}
rules:
- nonResourceURLs: ["/healthz"]
  verbs: ["get"]
- resources: ["pods"]
`;
    const r = await k('apply', '-f', tc.file('bad-role.yaml', role));
    expect(r.stderr).toContain('The Role "bad" is invalid: \n');
    expect(r.stderr).toContain('* rules[0].nonResourceURLs: Invalid value: []string{"/healthz"}: namespaced rules cannot apply to non-resource URLs\n');
    expect(r.stderr).toContain('* rules[1].verbs: Required value: verbs must contain at least one value\n');
    expect(r.stderr).toContain('* rules[1].apiGroups: Required value: resource rules must supply at least one api group');
    const binding = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: bad}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: pod-reader}
subjects:
- {kind: ServiceAccount, name: reader}
`;
    const b = await k('apply', '-f', tc.file('bad-binding.yaml', binding));
    expect(b.stderr).toContain('* roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"\n');
    expect(b.stderr).toContain('* subjects[0].namespace: Required value');
  });
});
