// NetworkPolicies through the real kubectl (oldest and newest): served under networking.k8s.io/v1 with the short name
// netpol, printed as kube-apiserver prints them, described by kubectl's own describer, defaulted, and refused with
// kube-apiserver's words. Enforcement is the docker runtime's (test/e2e-docker/network-policy.test.ts).
import { describeEachKubectl, kubectlRunners } from '../../helpers/kubectl-suite';
import { startTestCluster, type TestCluster } from '../../helpers/test-cluster';

const describeKubectl = describeEachKubectl();

const EXAMPLE = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: test-network-policy
spec:
  podSelector:
    matchLabels:
      role: db
  policyTypes:
  - Ingress
  - Egress
  ingress:
  - from:
    - ipBlock:
        cidr: 172.17.0.0/16
        except:
        - 172.17.1.0/24
    - namespaceSelector:
        matchLabels:
          project: myproject
    - podSelector:
        matchLabels:
          role: frontend
    ports:
    - protocol: TCP
      port: 6379
  egress:
  - to:
    - ipBlock:
        cidr: 10.0.0.0/24
    ports:
    - protocol: TCP
      port: 5978
`;

const DENY_ALL = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny-ingress
spec:
  podSelector: {}
`;

const EMPTY_PEER = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-everyone
spec:
  podSelector: {}
  ingress:
  - from:
    - {}
`;

describeKubectl('NetworkPolicies with %s', (bin) => {
  let tc: TestCluster;
  const { k, ok } = kubectlRunners(() => tc, bin);

  beforeAll(async () => {
    tc = await startTestCluster({ controllers: false });
  });
  afterAll(() => tc.close());

  it('lists networkpolicies in api-resources under networking.k8s.io/v1 with the short name netpol', async () => {
    const line = (await ok('api-resources', '--api-group=networking.k8s.io')).split('\n').find((l) => l.startsWith('networkpolicies'));
    expect(line).toMatch(/^networkpolicies\s+netpol\s+networking\.k8s\.io\/v1\s+true\s+NetworkPolicy$/);
  });

  it('creates the kubernetes.io example and prints NAME, POD-SELECTOR and AGE', async () => {
    expect(await ok('apply', '-f', tc.file('np.yaml', EXAMPLE))).toContain('networkpolicy.networking.k8s.io/test-network-policy created');
    await ok('apply', '-f', tc.file('deny.yaml', DENY_ALL));
    const table = (await ok('get', 'netpol')).split('\n');
    expect(table[0]).toMatch(/^NAME\s+POD-SELECTOR\s+AGE$/);
    expect(table.find((l) => l.startsWith('default-deny-ingress'))).toMatch(/^default-deny-ingress\s+<none>\s+\d+s$/);
    expect(table.find((l) => l.startsWith('test-network-policy'))).toMatch(/^test-network-policy\s+role=db\s+\d+s$/);
  });

  it('stores the defaults: policyTypes Ingress for a policy without egress rules', async () => {
    expect(await ok('get', 'networkpolicy', 'default-deny-ingress', '-o', 'jsonpath={.spec.policyTypes}')).toBe('["Ingress"]');
  });

  it('is described by kubectl describe with its rules and the isolation of a deny-all policy', async () => {
    const example = await ok('describe', 'networkpolicy', 'test-network-policy');
    expect(example).toMatch(/PodSelector:\s+role=db/);
    expect(example).toContain('Allowing ingress traffic:');
    expect(example).toContain('To Port: 6379/TCP');
    expect(example).toMatch(/CIDR: 172\.17\.0\.0\/16\n\s+Except: 172\.17\.1\.0\/24/);
    expect(example).toMatch(/NamespaceSelector: project=myproject/);
    expect(example).toMatch(/Policy Types: Ingress, Egress/);
    const deny = await ok('describe', 'netpol', 'default-deny-ingress');
    expect(deny).toContain('<none> (Selected pods are isolated for ingress connectivity)');
  });

  it('refuses a peer with nothing in it, with kube-apiserver\'s message', async () => {
    const r = await k('apply', '-f', tc.file('empty.yaml', EMPTY_PEER));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('The NetworkPolicy "allow-everyone" is invalid: spec.ingress[0].from[0]: Required value: must specify a peer');
  });

  it('refuses an except outside its cidr and a wrong protocol', async () => {
    const bad = EXAMPLE.replace('name: test-network-policy', 'name: bad').replace('172.17.1.0/24', '192.168.1.0/24').replace('protocol: TCP\n      port: 6379', 'protocol: ICMP\n      port: 6379');
    const r = await k('apply', '-f', tc.file('bad.yaml', bad));
    expect(r.stderr).toContain('spec.ingress[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"');
    expect(r.stderr).toContain('spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "192.168.1.0/24": must be a strict subset of `cidr`');
  });

  it('refuses fields the schema does not know (strict field validation)', async () => {
    const typo = DENY_ALL.replace('name: default-deny-ingress', 'name: typo').replace('podSelector: {}', 'podSelector: {}\n  ingres: []');
    const r = await k('apply', '-f', tc.file('typo.yaml', typo));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/unknown field "spec\.ingres"/);
  });

  it('deletes a policy', async () => {
    expect(await ok('delete', 'netpol', 'default-deny-ingress')).toContain('networkpolicy.networking.k8s.io "default-deny-ingress" deleted');
  });
});
