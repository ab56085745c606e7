// Who may do what, asked with the real kubectl (oldest and newest) the ways a learner asks: `kubectl auth can-i`
// (with `--as` a ServiceAccount, and `--list`), requests made `--as` someone, and a ServiceAccount's own token from
// `kubectl create token`. Refusals carry kube-apiserver's words; the owner's kubeconfig stays cluster-admin.
import { describeEachKubectl, kubectlRunners } from '../../helpers/kubectl-suite';
import { startTestCluster, waitFor, type TestCluster } from '../../helpers/test-cluster';

const describeKubectl = describeEachKubectl();
const READER = 'system:serviceaccount:dev:reader';

describeKubectl('authorization with %s', (bin) => {
  let tc: TestCluster;
  const { k, ok } = kubectlRunners(() => tc, bin);
  const minor = Number(/1\.(\d+)/.exec(bin)?.[1] ?? 99);

  beforeAll(async () => {
    tc = await startTestCluster();
    await ok('create', 'namespace', 'dev');
    await ok('create', 'serviceaccount', 'reader', '-n', 'dev');
    await ok('run', 'web', '--image=nginx', '-n', 'dev');
  });
  afterAll(() => tc.close());

  it('answers `auth can-i --as` a ServiceAccount from its bindings, and says why not', async () => {
    const canI = (...args: string[]) => k('auth', 'can-i', ...args, '-n', 'dev', `--as=${READER}`);
    expect((await canI('list', 'pods')).stdout).toBe('no\n');
    await ok('create', 'role', 'pod-reader', '--verb=get,list,watch', '--resource=pods', '-n', 'dev');
    await ok('create', 'rolebinding', 'read-pods', '--role=pod-reader', '--serviceaccount=dev:reader', '-n', 'dev');
    expect((await canI('list', 'pods')).stdout).toBe('yes\n');
    expect((await canI('get', 'pods/web')).stdout).toBe('yes\n');
    const del = await canI('delete', 'pods');
    expect(del.stdout).toBe('no\n');
    expect(del.code).toBe(1);
    expect((await canI('list', 'pods', '--subresource=log')).stdout).toBe('no\n');
    expect((await k('auth', 'can-i', 'list', 'pods', '-n', 'default', `--as=${READER}`)).stdout).toBe('no\n');
    // The owner is cluster-admin.
    expect(await ok('auth', 'can-i', 'delete', 'nodes')).toBe('yes\n');
  });

  it('lists a ServiceAccount\'s rules with `auth can-i --list`', async () => {
    const list = await ok('auth', 'can-i', '--list', '-n', 'dev', `--as=${READER}`);
    expect(list).toMatch(/^Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs\n/);
    expect(list).toMatch(/\npods\s+\[\]\s+\[\]\s+\[get list watch\]\n/);
    expect(list).toMatch(/\nselfsubjectaccessreviews\.authorization\.k8s\.io\s+\[\]\s+\[\]\s+\[create\]\n/);
    expect(list).toMatch(/\n\s+\[\/api\/\*\]\s+\[\]\s+\[get\]\n/);
    expect(list).not.toMatch(/deployments/);
  });

  it('refuses what RBAC does not grant with kube-apiserver\'s Forbidden text', async () => {
    const del = await k('delete', 'pod', 'web', '-n', 'dev', `--as=${READER}`);
    expect(del.stderr).toBe(`Error from server (Forbidden): pods "web" is forbidden: User "${READER}" cannot delete resource "pods" in API group "" in the namespace "dev"\n`);
    const deploys = await k('get', 'deployments', '-n', 'dev', `--as=${READER}`);
    expect(deploys.stderr).toBe(
      `Error from server (Forbidden): deployments.apps is forbidden: User "${READER}" cannot list resource "deployments" in API group "apps" in the namespace "dev"\n`,
    );
    const nodes = await k('get', 'nodes', '--as=alice');
    expect(nodes.stderr).toBe('Error from server (Forbidden): nodes is forbidden: User "alice" cannot list resource "nodes" in API group "" at the cluster scope\n');
    expect(await ok('get', 'pods', '-n', 'dev', `--as=${READER}`, '-o', 'name')).toBe('pod/web\n');
    const logs = await k('logs', 'web', '-n', 'dev', `--as=${READER}`);
    expect(logs.stderr).toContain(`pods "web" is forbidden: User "${READER}" cannot get resource "pods/log" in API group "" in the namespace "dev"`);
  });

  it('names the role a binding points at when it does not exist', async () => {
    await ok('create', 'rolebinding', 'broken', '--role=no-such-role', '--serviceaccount=dev:reader', '-n', 'dev');
    const r = await k('delete', 'pod', 'web', '-n', 'dev', `--as=${READER}`);
    expect(r.stderr).toContain(`cannot delete resource "pods" in API group "" in the namespace "dev": RBAC: role.rbac.authorization.k8s.io "no-such-role" not found`);
    expect((await k('auth', 'can-i', 'delete', 'pods', '-n', 'dev', `--as=${READER}`)).stdout).toBe('no - RBAC: role.rbac.authorization.k8s.io "no-such-role" not found\n');
    await ok('delete', 'rolebinding', 'broken', '-n', 'dev');
  });

  it('issues tokens with `kubectl create token` that the API server accepts, until the ServiceAccount goes', async () => {
    await ok('create', 'serviceaccount', 'ci', '-n', 'dev');
    const token = (await ok('create', 'token', 'ci', '-n', 'dev')).trim();
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({ iss: 'https://kubernetes.default.svc.cluster.local', sub: 'system:serviceaccount:dev:ci', 'kubernetes.io': { namespace: 'dev', serviceaccount: { name: 'ci' } } });
    expect(claims.exp - claims.iat).toBe(3600);
    const asCi = (...args: string[]) => k(`--token=${token}`, ...args);
    expect((await asCi('get', 'pods', '-n', 'dev')).stderr).toContain('User "system:serviceaccount:dev:ci" cannot list resource "pods" in API group "" in the namespace "dev"');
    await ok('create', 'rolebinding', 'ci-view', '--clusterrole=view', '--serviceaccount=dev:ci', '-n', 'dev');
    expect((await asCi('get', 'pods', '-n', 'dev', '-o', 'name')).stdout).toBe('pod/web\n');
    if (minor >= 28) expect((await asCi('auth', 'whoami')).stdout).toMatch(/Username\s+system:serviceaccount:dev:ci\n/);
    // A ServiceAccount may not impersonate anyone it was not allowed to.
    expect((await asCi('get', 'pods', '-n', 'dev', '--as=alice')).stderr).toContain(
      'users "alice" is forbidden: User "system:serviceaccount:dev:ci" cannot impersonate resource "users" in API group "" at the cluster scope',
    );
    await ok('delete', 'serviceaccount', 'ci', '-n', 'dev');
    expect((await asCi('get', 'pods', '-n', 'dev')).stderr).toContain('error: You must be logged in to the server (Unauthorized)');
  });

  it('answers a SubjectAccessReview for any user, with the binding that allowed it', async () => {
    const review = (verb: string) => `apiVersion: authorization.k8s.io/v1
kind: SubjectAccessReview
spec:
  user: system:serviceaccount:kube-system:kube-dns
  groups: [system:serviceaccounts, system:serviceaccounts:kube-system, system:authenticated]
  resourceAttributes: {verb: ${verb}, resource: services}
`;
    const allowed = JSON.parse(await ok('create', '-f', tc.file('sar-list.yaml', review('list')), '-o', 'jsonpath={.status}'));
    expect(allowed).toEqual({ allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "system:kube-dns" of ClusterRole "system:kube-dns" to ServiceAccount "kube-dns/kube-system"' });
    expect(JSON.parse(await ok('create', '-f', tc.file('sar-delete.yaml', review('delete')), '-o', 'jsonpath={.status}'))).toEqual({ allowed: false });
  });

  it('refuses token requests kube-apiserver refuses', async () => {
    expect((await k('create', 'token', 'reader', '-n', 'dev', '--duration=5m')).stderr).toContain(
      'TokenRequest.authentication.k8s.io "reader" is invalid: spec.expirationSeconds: Invalid value: 300: may not specify a duration less than 10 minutes',
    );
    expect((await k('create', 'token', 'nobody', '-n', 'dev')).stderr).toContain('error: failed to create token: serviceaccounts "nobody" not found');
    expect((await k('create', 'token', 'reader', '-n', 'dev', '--bound-object-kind=Pod', '--bound-object-name=gone')).stderr).toContain('pods "gone" not found');
  });

  it('gives every namespace a default ServiceAccount and the kube-root-ca.crt ConfigMap', async () => {
    await ok('create', 'namespace', 'team');
    await waitFor(async () => (await k('get', 'serviceaccount', 'default', '-n', 'team')).code === 0, 'the default ServiceAccount');
    await waitFor(async () => (await k('get', 'configmap', 'kube-root-ca.crt', '-n', 'team')).code === 0, 'kube-root-ca.crt');
    const cm = JSON.parse(await ok('get', 'configmap', 'kube-root-ca.crt', '-n', 'team', '-o', 'json'));
    expect(cm.data['ca.crt']).toBe(tc.caCert);
  });

  it('mounts the ServiceAccount token volume in pods, unless automountServiceAccountToken is false', async () => {
    const pod = JSON.parse(await ok('get', 'pod', 'web', '-n', 'dev', '-o', 'json'));
    expect(pod.spec.serviceAccountName).toBe('default');
    const volume = pod.spec.volumes.find((v: any) => v.name.startsWith('kube-api-access-'));
    expect(volume.name).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(volume.projected.sources.map((s: any) => Object.keys(s)[0])).toEqual(['serviceAccountToken', 'configMap', 'downwardAPI']);
    expect(pod.spec.containers[0].volumeMounts).toContainEqual({ name: volume.name, readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' });
    const manifest = (name: string, extra: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: dev}
spec:
${extra}  containers:
  - {name: app, image: busybox}
`;
    await ok('apply', '-f', tc.file('no-token.yaml', manifest('no-token', '  automountServiceAccountToken: false\n')));
    const bare = JSON.parse(await ok('get', 'pod', 'no-token', '-n', 'dev', '-o', 'json'));
    expect(bare.spec.volumes ?? []).toEqual([]);
    const missing = await k('apply', '-f', tc.file('ghost.yaml', manifest('ghost', '  serviceAccountName: ghost\n')));
    expect(missing.stderr).toContain('pods "ghost" is forbidden: error looking up service account dev/ghost: serviceaccount "ghost" not found');
  });
});
