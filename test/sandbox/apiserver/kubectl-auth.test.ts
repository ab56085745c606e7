// What a learner sees asking the cluster about themselves with the real kubectl (oldest and newest): the owner of a
// sandbox may do everything (`auth can-i`, `--list`), is the cluster admin (`auth whoami`, 1.28+), and the
// namespaces every cluster needs cannot be deleted — as on a kind or kubeadm cluster with its admin kubeconfig.
import { describeEachKubectl, kubectlRunners } from '../../helpers/kubectl-suite';
import { startTestCluster, type TestCluster } from '../../helpers/test-cluster';

const describeKubectl = describeEachKubectl();

describeKubectl('access questions with %s', (bin) => {
  let tc: TestCluster;
  const { k, ok } = kubectlRunners(() => tc, bin);
  const minor = Number(/1\.(\d+)/.exec(bin)?.[1] ?? 99);

  beforeAll(async () => {
    tc = await startTestCluster();
  });
  afterAll(() => tc.close());

  it('answers yes to `kubectl auth can-i` for anything, and lists every rule with --list', async () => {
    expect(await ok('auth', 'can-i', 'create', 'pods')).toBe('yes\n');
    expect(await ok('auth', 'can-i', 'delete', 'nodes', '--all-namespaces')).toBe('yes\n');
    expect(await ok('auth', 'can-i', 'get', '/healthz')).toBe('yes\n');
    expect(await ok('auth', 'can-i', '--list')).toMatch(/^Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs\n\*\.\*\s+\[\]\s+\[\]\s+\[\*\]/);
  });

  it('says who the learner is with `kubectl auth whoami` (1.28+; 1.27 asked only the alpha API)', async () => {
    if (minor >= 28) {
      expect(await ok('auth', 'whoami')).toMatch(/Username\s+kubernetes-admin\nGroups\s+\[kubeadm:cluster-admins system:authenticated\]/);
    } else {
      expect((await k('auth', 'whoami')).stderr).toContain('the selfsubjectreviews API is not enabled in the cluster');
    }
  });

  it('lists the review APIs as create-only and refuses to get them', async () => {
    expect(await ok('api-resources', '--api-group', 'authorization.k8s.io', '-o', 'wide')).toMatch(/selfsubjectaccessreviews\s+authorization\.k8s\.io\/v1\s+false\s+SelfSubjectAccessReview\s+create/);
    const r = await k('get', 'selfsubjectaccessreviews');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('Error from server (MethodNotAllowed)');
  });

  it('refuses to delete the default, kube-system and kube-public namespaces', async () => {
    for (const ns of ['default', 'kube-system', 'kube-public']) {
      const r = await k('delete', 'namespace', ns);
      expect(r.stderr).toContain(`Error from server (Forbidden): namespaces "${ns}" is forbidden: this namespace may not be deleted`);
    }
    expect(await ok('get', 'namespace', 'default', '-o', 'jsonpath={.status.phase}')).toBe('Active');
  });
});
