// The learner's budget at admission: pods, CPU, memory, ephemeral storage and processes summed over the cluster's
// unfinished pods (what their containers really get), and the store's objects and bytes, each refused in a
// ResourceQuota's words with the kubelab-budget quota name; a CPU request no node can meet is not the budget's
// business (it stays Pending, see the scheduler).
import { findKind } from '../../../../sandbox/apiserver/kinds/registry';
import { ObjectApi } from '../../../../sandbox/apiserver/object-api';
import { budgetUsage, DEFAULT_BUDGET, learnerBudget } from '../../../../sandbox/apiserver/plugins/budget';
import { bootstrap } from '../../../../sandbox/bootstrap';
import { Store } from '../../../../sandbox/store/store';
import { realClock } from '../../../../sandbox/util/clock';

const podRes = findKind('Pod')!;
const secretRes = findKind('Secret')!;

function api(budget = DEFAULT_BUDGET): ObjectApi {
  const a = new ObjectApi(new Store(':memory:'), realClock, [learnerBudget(budget)]);
  bootstrap(a, { workers: 2, runtimeVersion: 'test' });
  return a;
}

const pod = (name: string, resources: any = {}) => ({ metadata: { name }, spec: { containers: [{ name: 'app', image: 'busybox', resources }] } });

function refusal(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return 'admitted';
}

describe('learner budget', () => {
  it('counts pods that are not finished', () => {
    const a = api({ ...DEFAULT_BUDGET, pods: 2 });
    a.create(podRes, 'default', pod('one'));
    const done = a.create(podRes, 'default', pod('two'));
    a.updateStatus(podRes, 'default', 'two', { ...done, status: { phase: 'Succeeded' } });
    a.create(podRes, 'default', pod('three'));
    expect(refusal(() => a.create(podRes, 'default', pod('four')))).toBe(
      'pods "four" is forbidden: exceeded quota: kubelab-budget, requested: pods=1, used: pods=2, limited: pods=2',
    );
  });

  it('sums what containers really get: limits, else the defaults, never more than a node has', () => {
    const a = api();
    // 2Gi is a fine lesson pod; a 64-CPU limit counts as the 2 CPUs a node has.
    expect(refusal(() => a.create(podRes, 'default', pod('two-gi', { limits: { memory: '2Gi' } })))).toBe('admitted');
    expect(refusal(() => a.create(podRes, 'default', pod('wide', { requests: { cpu: '64' } })))).toBe('admitted');
    expect(refusal(() => a.create(podRes, 'default', pod('more', { limits: { memory: '1536Mi' } })))).toBe('admitted');
    // used: 2Gi + 256Mi (default) + 1536Mi = 3840Mi of 4Gi
    expect(refusal(() => a.create(podRes, 'default', pod('hog', { limits: { memory: '1Gi' } })))).toBe(
      'pods "hog" is forbidden: exceeded quota: kubelab-budget, requested: limits.memory=1Gi, used: limits.memory=3840Mi, limited: limits.memory=4Gi',
    );
  });

  it('refuses CPU, processes and ephemeral storage past the budget, naming only what is exceeded', () => {
    const a = api({ ...DEFAULT_BUDGET, cpu: '1', processes: 200, ephemeralStorage: '1Gi' });
    a.create(podRes, 'default', pod('half', { limits: { cpu: '500m', 'ephemeral-storage': '512Mi' } }));
    expect(refusal(() => a.create(podRes, 'default', pod('more', { limits: { cpu: '750m', 'ephemeral-storage': '768Mi' } })))).toBe(
      'pods "more" is forbidden: exceeded quota: kubelab-budget, requested: kubelab.dev/processes=128,limits.cpu=750m,limits.ephemeral-storage=768Mi, ' +
        'used: kubelab.dev/processes=128,limits.cpu=500m,limits.ephemeral-storage=512Mi, limited: kubelab.dev/processes=200,limits.cpu=1,limits.ephemeral-storage=1Gi',
    );
  });

  it("caps the store's bytes, whatever kind holds them", () => {
    const a = api({ ...DEFAULT_BUDGET, objectBytes: '1Mi' });
    const big = Buffer.alloc(300 * 1024, 'x').toString('base64');
    a.create(secretRes, 'default', { metadata: { name: 's1' }, data: { blob: big } });
    a.create(secretRes, 'default', { metadata: { name: 's2' }, data: { blob: big } });
    expect(refusal(() => a.create(secretRes, 'default', { metadata: { name: 's3' }, data: { blob: big } }))).toMatch(
      /^secrets "s3" is forbidden: exceeded quota: kubelab-budget, requested: kubelab\.dev\/object-bytes=\d+, used: kubelab\.dev\/object-bytes=\d+, limited: kubelab\.dev\/object-bytes=1Mi$/,
    );
  });

  it("caps the store's object count", () => {
    // A fresh cluster already holds ~80 objects (namespaces, nodes, the default RBAC policy): 30 more fit.
    const held = budgetUsage(api()).objects;
    const a = api({ ...DEFAULT_BUDGET, objects: held + 30 });
    let refused = '';
    for (let i = 0; i < 40 && !refused; i++) {
      const r = refusal(() => a.create(findKind('ConfigMap')!, 'default', { metadata: { name: `c${i}` }, data: { k: 'v' } }));
      if (r !== 'admitted') refused = r;
    }
    expect(refused).toMatch(/^configmaps "c\d+" is forbidden: exceeded quota: kubelab-budget, requested: kubelab\.dev\/objects=1, used: kubelab\.dev\/objects=(\d+), limited: kubelab\.dev\/objects=\1$/);
  });
});
