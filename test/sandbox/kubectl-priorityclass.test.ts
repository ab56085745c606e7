// PriorityClasses with the real kubectl (oldest and newest): the two built-in classes in every cluster, `kubectl
// create priorityclass` (protobuf from 1.32 on) and its table, the Priority admission plugin giving pods their
// spec.priority from priorityClassName or the global default, and kube-apiserver's refusals word for word.
import { describeEachKubectl, kubectlRunners } from '../helpers/kubectl-suite';
import { startTestCluster, type TestCluster } from '../helpers/test-cluster';
import { findKind } from '../../sandbox/apiserver/kinds/registry';

const describeKubectl = describeEachKubectl();
const podRes = findKind('Pod')!;

const pod = (name: string, extra = '') => `
apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
${extra}
  containers:
  - {name: app, image: nginx}
`;

describeKubectl('priority classes with %s', (bin) => {
  let tc: TestCluster;
  const { k, ok } = kubectlRunners(() => tc, bin);
  const spec = (name: string) => tc.cluster.api.get(podRes, 'default', name).spec!;

  beforeAll(async () => {
    tc = await startTestCluster();
  });
  afterAll(() => tc.close());

  it('lists the built-in classes with VALUE, GLOBAL-DEFAULT and PREEMPTIONPOLICY', async () => {
    const out = await ok('get', 'priorityclasses');
    expect(out.split('\n')[0]).toMatch(/^NAME\s+VALUE\s+GLOBAL-DEFAULT\s+AGE\s+PREEMPTIONPOLICY$/);
    expect(out).toMatch(/^system-cluster-critical\s+2000000000\s+false\s+\S+\s+PreemptLowerPriority$/m);
    expect(out).toMatch(/^system-node-critical\s+2000001000\s+false\s+\S+\s+PreemptLowerPriority$/m);
    expect(await ok('get', 'pc', 'system-node-critical', '-o', 'jsonpath={.description}')).toBe('Used for system critical pods that must not be moved from their current node.');
  });

  it('creates a class and gives a pod naming it that priority', async () => {
    expect(await ok('create', 'priorityclass', 'high', '--value=1000', '--description=important')).toBe('priorityclass.scheduling.k8s.io/high created\n');
    expect(await ok('describe', 'pc', 'high')).toMatch(/Name:\s+high\n[\s\S]*Value:\s+1000\nGlobalDefault:\s+false\n[\s\S]*Description:\s+important/);
    await ok('apply', '-f', tc.file('p1.yaml', pod('urgent', '  priorityClassName: high')));
    expect(spec('urgent')).toMatchObject({ priorityClassName: 'high', priority: 1000, preemptionPolicy: 'PreemptLowerPriority' });
    // An update that leaves priority out keeps it (kubectl label, apply).
    await ok('label', 'pod', 'urgent', 'tier=gold');
    expect(spec('urgent').priority).toBe(1000);
    await ok('apply', '-f', tc.file('p1.yaml', pod('urgent', '  priorityClassName: high')));
    expect(spec('urgent').priority).toBe(1000);
  });

  it('takes a class\'s preemptionPolicy Never into the pod', async () => {
    await ok('create', 'priorityclass', 'polite', '--value=500', '--preemption-policy=Never');
    await ok('apply', '-f', tc.file('p2.yaml', pod('waits', '  priorityClassName: polite')));
    expect(spec('waits')).toMatchObject({ priority: 500, preemptionPolicy: 'Never' });
  });

  it('gives a pod without a class priority 0', async () => {
    await ok('apply', '-f', tc.file('p3.yaml', pod('plain')));
    expect(spec('plain')).toMatchObject({ priority: 0, preemptionPolicy: 'PreemptLowerPriority' });
    expect(spec('plain').priorityClassName).toBeUndefined();
  });

  it('refuses a pod naming a class that does not exist', async () => {
    const r = await k('apply', '-f', tc.file('p4.yaml', pod('lost', '  priorityClassName: nope')));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('pods "lost" is forbidden: no PriorityClass with name nope was found');
  });

  it('refuses a priority written into the pod by hand', async () => {
    const r = await k('apply', '-f', tc.file('p5.yaml', pod('sneaky', '  priority: 5')));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('pods "sneaky" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 0 from the given PriorityClass name');
  });

  it('refuses reserved names, values above one billion and changing a value', async () => {
    let r = await k('create', 'priorityclass', 'system-mine', '--value=1');
    expect(r.stderr).toContain('error: failed to create priorityclass: PriorityClass.scheduling.k8s.io "system-mine" is invalid: metadata.name: Forbidden: priority class names with \'system-\' prefix are reserved for system use only. error: system-mine is not a known system priority class');
    r = await k('create', 'priorityclass', 'huge', '--value=1000000001');
    expect(r.stderr).toContain('error: failed to create priorityclass: PriorityClass.scheduling.k8s.io "huge" is invalid: value: Forbidden: maximum allowed value of a user defined priority is 1000000000');
    r = await k('patch', 'priorityclass', 'high', '--type=merge', '-p', '{"value":5}');
    expect(r.stderr).toContain('The PriorityClass "high" is invalid: value: Forbidden: may not be changed in an update.');
  });

  it('refuses to delete a built-in class', async () => {
    const r = await k('delete', 'priorityclass', 'system-node-critical');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('priorityclasses.scheduling.k8s.io "system-node-critical" is forbidden: this is a system priority class and cannot be deleted');
  });

  it('gives pods without a class the global default, and keeps the default unique', async () => {
    await ok('create', 'priorityclass', 'fallback', '--value=50', '--global-default');
    expect(await ok('get', 'pc', 'fallback', '--no-headers')).toMatch(/^fallback\s+50\s+true\s+/);
    await ok('apply', '-f', tc.file('p6.yaml', pod('defaulted')));
    expect(spec('defaulted')).toMatchObject({ priorityClassName: 'fallback', priority: 50 });
    const r = await k('create', 'priorityclass', 'another', '--value=60', '--global-default');
    expect(r.stderr).toContain('priorityclasses.scheduling.k8s.io "another" is forbidden: PriorityClass fallback is already marked as default. Only one default can exist');
    await ok('delete', 'pc', 'fallback');
  });
});
