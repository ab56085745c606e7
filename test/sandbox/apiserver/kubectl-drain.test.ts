// PodDisruptionBudgets through the real kubectl: the disruption controller's status (ALLOWED DISRUPTIONS, describe),
// the eviction subresource refusing what the budget does not allow (429 in kube-apiserver's words), and `kubectl
// drain` printing that refusal, retrying, and finishing once replacements are ready elsewhere.
import { describeEachKubectl, kubectlRunners } from '../../helpers/kubectl-suite';
import { startTestCluster, waitFor, type TestCluster } from '../../helpers/test-cluster';

const describeKubectl = describeEachKubectl();

describeKubectl('disruption budgets and drain with %s', (bin) => {
  let tc: TestCluster;
  const { k, ok } = kubectlRunners(() => tc, bin);
  const status = async () => JSON.parse(await ok('get', 'pdb', 'web', '-o', 'json')).status;
  /** The worker holding most of web's pods (the scheduler spreads them, so it holds two of three). */
  const busiest = async () => {
    const nodes = (await ok('get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[*].spec.nodeName}')).split(' ');
    return nodes.sort((a, b) => nodes.filter((n) => n === b).length - nodes.filter((n) => n === a).length)[0];
  };

  beforeAll(async () => {
    tc = await startTestCluster();
    await ok('create', 'deployment', 'web', '--image=busybox', '--replicas=3', '--', 'sleep', '3600');
    await ok('create', 'pdb', 'web', '--selector=app=web', '--min-available=3');
    await waitFor(async () => (await status()).currentHealthy === 3, 'three healthy pods under the budget');
  });
  afterAll(() => tc.close());

  it('keeps the budget status: healthy, desired, expected and the disruptions it allows', async () => {
    expect(await status()).toMatchObject({ currentHealthy: 3, desiredHealthy: 3, expectedPods: 3, disruptionsAllowed: 0, observedGeneration: 1 });
    expect((await status()).conditions).toEqual([expect.objectContaining({ type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods' })]);
    expect(await ok('get', 'pdb')).toMatch(/^NAME\s+MIN AVAILABLE\s+MAX UNAVAILABLE\s+ALLOWED DISRUPTIONS\s+AGE\nweb\s+3\s+N\/A\s+0\s+/);
    expect(await ok('describe', 'pdb', 'web')).toMatch(/Min available:\s+3[\s\S]*Allowed disruptions:\s+0\s+Current:\s+3\s+Desired:\s+3\s+Total:\s+3/);
  });

  it('refuses an eviction the budget does not allow with 429 and the budget named in its cause', async () => {
    const pod = (await ok('get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[0].metadata.name}')).trim();
    const eviction = tc.file('eviction.json', JSON.stringify({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: pod, namespace: 'default' } }));
    const r = await k('create', '--raw', `/api/v1/namespaces/default/pods/${pod}/eviction`, '-f', eviction);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("Error from server (TooManyRequests): Cannot evict pod as it would violate the pod's disruption budget.");
    expect(await ok('get', 'pod', pod, '-o', 'name')).toContain(pod);
  });

  it('makes drain refuse and retry until its timeout while the budget holds', async () => {
    const node = await busiest();
    const r = await k('drain', node, '--ignore-daemonsets', '--timeout=7s');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/error when evicting pods\/"web-[a-z0-9-]+" -n "default" \(will retry after 5s\): Cannot evict pod as it would violate the pod's disruption budget\./);
    expect(r.stderr).toMatch(/global timeout reached: 7s/);
    expect((await status()).currentHealthy).toBe(3);
    await ok('uncordon', node);
  }, 30_000);

  it('lets drain finish once the budget allows one disruption at a time', async () => {
    await ok('patch', 'pdb', 'web', '--type=merge', '-p', '{"spec":{"minAvailable":2}}');
    await waitFor(async () => (await status()).disruptionsAllowed === 1, 'the budget to allow one disruption');
    const node = await busiest();
    const out = await ok('drain', node, '--ignore-daemonsets', '--timeout=60s');
    expect(out).toMatch(/pod\/web-[a-z0-9-]+ evicted[\s\S]*pod\/web-[a-z0-9-]+ evicted/);
    expect(out).toContain(`node/${node} drained`);
    const nodes = (await ok('get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[*].spec.nodeName}')).split(' ');
    expect(nodes).not.toContain(node);
    await waitFor(async () => (await status()).currentHealthy === 3, 'the replacements to be counted healthy');
  }, 90_000);

  it('refuses a budget with both minAvailable and maxUnavailable', async () => {
    const r = await k('apply', '-f', tc.file('both.yaml', 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: both\nspec:\n  minAvailable: 1\n  maxUnavailable: 1\n  selector:\n    matchLabels: {app: web}\n'));
    expect(r.stderr).toMatch(/The PodDisruptionBudget "both" is invalid: spec: Invalid value: policy\.PodDisruptionBudgetSpec\{MinAvailable:\(\*intstr\.IntOrString\)\(0x[0-9a-f]+\), .*\}: minAvailable and maxUnavailable cannot be both set/);
  });
});
