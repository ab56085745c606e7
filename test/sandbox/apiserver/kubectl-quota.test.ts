// ResourceQuota and LimitRange as a learner meets them through the real kubectl: the quota's status counts what the
// namespace holds (`get quota`, `describe quota`), writes past it are refused in kube-apiserver's words (also as a
// ReplicaSet's FailedCreate event), usage goes down when objects go, and a LimitRange fills in container resources
// and holds them to its bounds.
import { describeEachKubectl, kubectlRunners } from '../../helpers/kubectl-suite';
import { startTestCluster, waitFor, type TestCluster } from '../../helpers/test-cluster';

const describeKubectl = describeEachKubectl();

const pod = (name: string, resources: object) =>
  JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name, image: 'busybox', command: ['sleep', '3600'], resources }] } });

describeKubectl('ResourceQuota and LimitRange with %s', (bin) => {
  let tc: TestCluster;
  const { k, ok } = kubectlRunners(() => tc, bin);
  const ns = ['-n', 'team'];
  const used = async (resource: string) => JSON.parse(await ok(...ns, 'get', 'quota', 'compute', '-o', 'json')).status?.used?.[resource];

  beforeAll(async () => {
    tc = await startTestCluster();
    await ok('create', 'namespace', 'team');
  });
  afterAll(() => tc.close());

  it('counts the namespace into status.used and prints used/hard', async () => {
    await ok(...ns, 'create', 'quota', 'compute', '--hard=pods=2,requests.cpu=1,limits.cpu=2,count/deployments.apps=1');
    await waitFor(async () => (await used('pods')) === '0', 'the quota to be counted');
    const table = await ok(...ns, 'get', 'quota');
    expect(table).toMatch(/^NAME\s+AGE\s+REQUEST\s+LIMIT$/m);
    expect(table).toMatch(/compute\s+\S+\s+count\/deployments\.apps: 0\/1, pods: 0\/2, requests\.cpu: 0\/1\s+limits\.cpu: 0\/2/);
    expect(await ok(...ns, 'describe', 'quota', 'compute')).toMatch(/Resource\s+Used\s+Hard[\s\S]*pods\s+0\s+2/);
  });

  it('refuses a pod that leaves cpu unset once the quota tracks it', async () => {
    const r = await k(...ns, 'run', 'nores', '--image=busybox');
    expect(r.stderr).toContain('Error from server (Forbidden): pods "nores" is forbidden: failed quota: compute: must specify limits.cpu for: nores; requests.cpu for: nores');
  });

  it('charges admitted pods, refuses the one past the quota, and gives the room back when a pod goes', async () => {
    const resources = { requests: { cpu: '500m' }, limits: { cpu: '1' } };
    await ok(...ns, 'apply', '-f', tc.file('a.json', pod('a', resources)));
    await ok(...ns, 'apply', '-f', tc.file('b.json', pod('b', resources)));
    expect(await used('requests.cpu')).toBe('1');
    const r = await k(...ns, 'apply', '-f', tc.file('c.json', pod('c', { requests: { cpu: '100m' }, limits: { cpu: '100m' } })));
    expect(r.stderr).toContain(
      'pods "c" is forbidden: exceeded quota: compute, requested: limits.cpu=100m,pods=1,requests.cpu=100m, used: limits.cpu=2,pods=2,requests.cpu=1, limited: limits.cpu=2,pods=2,requests.cpu=1',
    );
    await ok(...ns, 'delete', 'pod', 'b', '--wait=true');
    await waitFor(async () => (await used('pods')) === '1' && (await used('limits.cpu')) === '1', 'the quota to give back the deleted pod');
    await ok(...ns, 'apply', '-f', tc.file('c.json', pod('c', { requests: { cpu: '100m' }, limits: { cpu: '100m' } })));
    expect(await used('requests.cpu')).toBe('600m');
  });

  it('counts objects by count/<resource>.<group> and refuses the one too many', async () => {
    await ok(...ns, 'create', 'deployment', 'web', '--image=busybox', '--replicas=0');
    const r = await k(...ns, 'create', 'deployment', 'web2', '--image=busybox', '--replicas=0');
    expect(r.stderr).toContain(
      'deployments.apps "web2" is forbidden: exceeded quota: compute, requested: count/deployments.apps=1, used: count/deployments.apps=1, limited: count/deployments.apps=1',
    );
  });

  it("explains a ReplicaSet's missing pods with the quota's refusal as a FailedCreate event", async () => {
    await ok(...ns, 'set', 'resources', 'deployment', 'web', '--requests=cpu=100m', '--limits=cpu=100m');
    await ok(...ns, 'scale', 'deployment', 'web', '--replicas=2');
    const events = await waitFor(async () => {
      const out = await ok(...ns, 'get', 'events', '--field-selector', 'reason=FailedCreate', '-o', 'jsonpath={.items[*].message}');
      return out.includes('exceeded quota: compute') ? out : '';
    }, 'a FailedCreate event', 15_000);
    expect(events).toMatch(/Error creating: pods "web-[a-z0-9]+-[a-z0-9]+" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=2, limited: pods=2/);
  });

  describe('LimitRange', () => {
    const lr = `apiVersion: v1
kind: LimitRange
metadata:
  name: cpu-bounds
spec:
  limits:
  - type: Container
    max: {cpu: 800m}
    min: {cpu: 100m}
`;

    beforeAll(async () => {
      await ok('create', 'namespace', 'bounded');
      await ok('-n', 'bounded', 'apply', '-f', tc.file('lr.yaml', lr));
    });

    it('defaults a max into the default limit and request, as kube-apiserver stores it', async () => {
      const item = JSON.parse(await ok('-n', 'bounded', 'get', 'limits', 'cpu-bounds', '-o', 'json')).spec.limits[0];
      expect(item).toEqual({ type: 'Container', max: { cpu: '800m' }, min: { cpu: '100m' }, default: { cpu: '800m' }, defaultRequest: { cpu: '800m' } });
      expect(await ok('-n', 'bounded', 'get', 'limits')).toMatch(/^NAME\s+CREATED AT\ncpu-bounds\s+\d{4}-/);
    });

    it('fills in the resources a container leaves unset and says so in an annotation', async () => {
      await ok('-n', 'bounded', 'run', 'plain', '--image=busybox');
      const p = JSON.parse(await ok('-n', 'bounded', 'get', 'pod', 'plain', '-o', 'json'));
      expect(p.spec.containers[0].resources).toEqual({ limits: { cpu: '800m' }, requests: { cpu: '800m' } });
      expect(p.metadata.annotations['kubernetes.io/limit-ranger']).toBe('LimitRanger plugin set: cpu request for container plain; cpu limit for container plain');
      expect(p.status.qosClass).toBe('Burstable');
    });

    it('refuses containers outside its bounds in the plugin\'s words', async () => {
      const over = await k('-n', 'bounded', 'apply', '-f', tc.file('over.json', pod('over', { limits: { cpu: '2' } })));
      expect(over.stderr).toContain('Error from server (Forbidden): error when creating');
      expect(over.stderr).toContain('pods "over" is forbidden: maximum cpu usage per Container is 800m, but limit is 2');
      const under = await k('-n', 'bounded', 'apply', '-f', tc.file('under.json', pod('under', { requests: { cpu: '50m' }, limits: { cpu: '50m' } })));
      expect(under.stderr).toContain('pods "under" is forbidden: minimum cpu usage per Container is 100m, but request is 50m');
    });

    it('holds a request whose default limit is lower to validation, as a real cluster does', async () => {
      const r = await k('-n', 'bounded', 'apply', '-f', tc.file('req.json', pod('req', { requests: { cpu: '900m' } })));
      expect(r.stderr).toContain('The Pod "req" is invalid: spec.containers[0].resources.requests: Invalid value: "900m": must be less than or equal to cpu limit of 800m');
    });

    it('refuses a LimitRange whose default is above its max', async () => {
      const bad = lr.replace('name: cpu-bounds', 'name: bad').replace('min: {cpu: 100m}', 'default: {cpu: "1"}');
      const r = await k('-n', 'bounded', 'apply', '-f', tc.file('bad.yaml', bad));
      // The default limit also becomes the default request (SetDefaults), so both are over the max.
      expect(r.stderr).toContain('The LimitRange "bad" is invalid: \n');
      expect(r.stderr).toMatch(/\* spec\.limits\[0\]\.defaultRequest\[cpu\]: Invalid value: resource\.Quantity\{i:resource\.int64Amount\{value:1, scale:0\}, .*\}: default request value 1 is greater than max value 800m/);
      expect(r.stderr).toMatch(/\* spec\.limits\[0\]\.default\[cpu\]: Invalid value: resource\.Quantity\{i:resource\.int64Amount\{value:800, scale:-3\}, .*\}: default value 1 is greater than max value 800m/);
    });
  });
});
