// Bad input gets the Status a real cluster gives, kubectl prints a message a learner can act on, the server keeps
// serving, and nothing stored changes.
import path from 'node:path';
import { describeEachKubectl, kubectlRunners } from '../../helpers/kubectl-suite';
import { startTestCluster, type TestCluster } from '../../helpers/test-cluster';
import { kubeconfigYaml } from '../../../sandbox/kubeconfig';

const describeKubectl = describeEachKubectl();

const pod = (name: string, container: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
${container}`;

describeKubectl('bad input with %s', (bin) => {
  let tc: TestCluster;
  let revisionBefore: number;
  const { k } = kubectlRunners(() => tc, bin);

  beforeAll(async () => {
    // No controllers or kubelets: nothing else writes, so "nothing stored changed" is exactly the store's revision.
    tc = await startTestCluster({ controllers: false });
  });
  beforeEach(() => {
    revisionBefore = tc.cluster.store.revision;
  });
  afterEach(async () => {
    // Nothing stored changed, and the server still answers.
    expect(tc.cluster.store.revision).toBe(revisionBefore);
    expect((await k('get', 'nodes', '-o', 'name')).stdout).toMatch(/node\/kubelab-control-plane/);
  });
  afterAll(() => tc.close());

  it('reports malformed YAML with its line', async () => {
    const r = await k('apply', '-f', tc.file('bad.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n   bad: [\n'));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/yaml|YAML/);
    expect(r.stderr).toMatch(/line \d+/);
  });

  it('rejects an unknown field under strict validation, naming the field', async () => {
    const r = await k('apply', '-f', tc.file('unknown.yaml', pod('typo', '    - name: web\n      imagee: nginx\n')));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/unknown field "spec.containers\[0\].imagee"/);
  });

  it('rejects a container without an image as Invalid', async () => {
    const r = await k('apply', '-f', tc.file('noimage.yaml', pod('noimage', '    - name: web\n')));
    expect(r.stderr).toMatch(/The Pod "noimage" is invalid: spec.containers\[0\].image: Required value/);
  });

  it('rejects a name that is not a DNS-1123 subdomain', async () => {
    const r = await k('apply', '-f', tc.file('badname.yaml', pod('Simple_Echo', '    - name: web\n      image: nginx\n')));
    expect(r.stderr).toMatch(/The Pod "Simple_Echo" is invalid: metadata.name: Invalid value: "Simple_Echo": a lowercase RFC 1123 subdomain must consist of/);
  });

  it('refuses a body over 3 MiB with RequestEntityTooLarge', async () => {
    const big = 'x'.repeat(3 * 1024 * 1024 + 100);
    const r = await k('create', '-f', tc.file('big.json', JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big' }, data: { big } })));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/Request entity too large|RequestEntityTooLarge/);
  });

  it('turns away a wrong token as Unauthorized', async () => {
    const wrong = tc.file('wrong-kubeconfig', kubeconfigYaml(tc.url, 'not-the-token', { caCert: tc.caCert }));
    const r = await tc.kubectl(bin, ['--kubeconfig', wrong, 'get', 'pods']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/You must be logged in to the server \(Unauthorized\)/);
  });

  it('answers a missing object with NotFound in the real wording', async () => {
    const r = await k('get', 'deploy', 'nope');
    expect(r.stderr).toMatch(/Error from server \(NotFound\): deployments.apps "nope" not found/);
    expect(path.basename(bin)).toMatch(/kubectl/);
  });

  it('says the service proxy needs real containers under the simulated runtime, without sending anything', async () => {
    const r = await k('get', '--raw', '/api/v1/namespaces/default/services/kubernetes:443/proxy/');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('Error from server (ServiceUnavailable): the service proxy needs real containers');
  });
});
