// What kubectl learns about the served APIs is exactly what is served: `api-versions` and `api-resources` list the
// registry, a manifest of a kind nobody serves fails in kubectl's own words before anything is sent, and a path no
// route serves is the mux's 404 ("the server could not find the requested resource"), never a NotFound of an
// object of an empty kind (` "foos" not found`).
import { apiVersionOf } from '../../../sandbox/api/registry';
import { RESOURCES, groupVersions, kindOf } from '../../../sandbox/apiserver/kinds/registry';
import { describeEachKubectl, kubectlRunners } from '../../helpers/kubectl-suite';
import { startTestCluster, type TestCluster } from '../../helpers/test-cluster';

const describeKubectl = describeEachKubectl();

describeKubectl('served APIs as %s sees them', (bin) => {
  let tc: TestCluster;
  const { k, ok } = kubectlRunners(() => tc, bin);

  beforeAll(async () => {
    tc = await startTestCluster({ controllers: false });
  });
  afterAll(() => tc.close());

  it('lists every served group/version in api-versions, and nothing else', async () => {
    const listed = (await ok('api-versions')).trim().split('\n').sort();
    const served = groupVersions().map((gv) => (gv.group ? `${gv.group}/${gv.version}` : gv.version)).sort();
    expect(listed).toEqual(served);
  });

  it('lists every served resource in api-resources with its kind and scope', async () => {
    const rows = (await ok('api-resources', '--no-headers', '-o', 'wide')).trim().split('\n');
    const names = new Set(rows.map((r) => r.split(/\s+/)[0]));
    for (const res of RESOURCES) expect(names).toContain(res.plural);
    // A kind served in two versions (HorizontalPodAutoscaler) is listed once, in its preferred version.
    const preferred = RESOURCES.filter((r) => !kindOf(r).conversion);
    expect(rows.length).toBe(preferred.length);
    expect(rows.find((r) => r.startsWith('horizontalpodautoscalers '))).toMatch(/\bhpa\s+autoscaling\/v2\s+true\s+HorizontalPodAutoscaler\b/);
    const pods = rows.find((r) => r.startsWith('pods '))!;
    expect(pods).toMatch(/\bpo\s+v1\s+true\s+Pod\b/);
    expect(preferred.every((r) => rows.some((row) => row.includes(apiVersionOf(r))))).toBe(true);
  });

  it('refuses a manifest of an unserved kind with resource mapping not found, sending nothing', async () => {
    const before = tc.cluster.store.revision;
    const file = tc.file('widget.yaml', 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n');
    const r = await k('apply', '-f', file);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`resource mapping not found for name: "w" namespace: "" from "${file}": no matches for kind "Widget" in version "example.com/v1"`);
    expect(r.stderr).toContain('ensure CRDs are installed first');
    const core = await k('create', '-f', tc.file('foo.yaml', 'apiVersion: v1\nkind: Foo\nmetadata:\n  name: f\n'));
    expect(core.stderr).toMatch(/no matches for kind "Foo" in version "v1"/);
    expect(tc.cluster.store.revision).toBe(before);
  });

  it('says the server does not have a resource type kubectl cannot map', async () => {
    const r = await k('get', 'widgets');
    expect(r.stderr).toMatch(/error: the server doesn't have a resource type "widgets"/);
  });

  it.each([
    '/apis/apps/v1/foos',
    '/apis/apps/v1/namespaces/default/foos',
    '/api/v1/namespaces/default/foos/x',
    '/apis/example.com/v1/widgets',
    '/api/v1/namespaces/default/pods/x/foo',
    '/api/v1/pods/x',
    '/apis/apps/v1/namespaces/default/deployments/x/y/z',
  ])('answers %s, which no route serves, with the 404 of an unknown path', async (path) => {
    const r = await k('get', '--raw', path);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim()).toBe('Error from server (NotFound): the server could not find the requested resource');
  });
});
