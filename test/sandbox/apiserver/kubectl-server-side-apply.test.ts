// `kubectl apply --server-side` with the real kubectl (oldest and newest): creating by apply, re-applying a change,
// the 409 conflict after `kubectl scale` (and kubectl's --force-conflicts hint), taking ownership with
// --force-conflicts, removing a field the applier stops naming, moving from client-side to server-side apply, and
// the managedFields every write leaves (hidden by `kubectl get -o yaml` unless --show-managed-fields).
import path from 'node:path';
import { describeEachKubectl, kubectlRunners } from '../../helpers/kubectl-suite';
import { startTestCluster, type TestCluster } from '../../helpers/test-cluster';

const describeKubectl = describeEachKubectl();

const deployment = (replicas: number | undefined, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ssa
spec:
${replicas === undefined ? '' : `  replicas: ${replicas}\n`}  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
${extra}`;

interface Entry {
  manager: string;
  operation: string;
  apiVersion: string;
  time?: string;
  fieldsType: string;
  fieldsV1: Record<string, any>;
  subresource?: string;
}

describeKubectl('server-side apply with %s', (bin) => {
  let tc: TestCluster;
  const { k, ok } = kubectlRunners(() => tc, bin);
  const managed = async (name = 'web'): Promise<Entry[]> =>
    JSON.parse(await ok('get', 'deployment', name, '-n', 'ssa', '-o', 'json', '--show-managed-fields')).metadata.managedFields;
  const applyFile = (name: string, yaml: string, ...flags: string[]) => k('apply', '--server-side', ...flags, '-f', tc.file(name, yaml));

  beforeAll(async () => {
    tc = await startTestCluster();
    await ok('create', 'namespace', 'ssa');
  });
  afterAll(() => tc.close());

  it('creates an object by server-side apply and records kubectl as its Apply manager', async () => {
    const r = await applyFile('web.yaml', deployment(2));
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('deployment.apps/web serverside-applied\n');
    const entries = await managed();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ manager: 'kubectl', operation: 'Apply', apiVersion: 'apps/v1', fieldsType: 'FieldsV1' });
    expect(entries[0].time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(entries[0].fieldsV1).toEqual({
      'f:spec': {
        'f:replicas': {},
        'f:selector': {},
        'f:template': {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {} } } },
        },
      },
    });
  });

  it('hides managedFields from -o yaml unless --show-managed-fields, but the server sends them', async () => {
    expect(await ok('get', 'deployment', 'web', '-n', 'ssa', '-o', 'yaml')).not.toContain('managedFields');
    expect(await ok('get', 'deployment', 'web', '-n', 'ssa', '-o', 'yaml', '--show-managed-fields')).toContain('manager: kubectl\n');
  });

  it('applies a changed manifest again', async () => {
    const r = await applyFile('web.yaml', deployment(2).replace('nginx:1.25', 'nginx:1.26'));
    expect(r.stdout).toBe('deployment.apps/web serverside-applied\n');
    const dep = JSON.parse(await ok('get', 'deployment', 'web', '-n', 'ssa', '-o', 'json'));
    expect(dep.spec.template.spec.containers[0].image).toBe('nginx:1.26');
    expect(dep.spec.replicas).toBe(2);
  });

  it('refuses to change replicas after kubectl scale took them, with the conflict text and kubectl\'s hint', async () => {
    await ok('scale', 'deployment', 'web', '-n', 'ssa', '--replicas=5');
    const scaler = (await managed()).find((e) => e.operation === 'Update')!;
    // kubectl scale names no fieldManager: the entry takes the User-Agent's program name (`kubectl` for learners).
    expect(scaler.manager).toBe(path.basename(bin));
    expect(scaler.fieldsV1).toEqual({ 'f:spec': { 'f:replicas': {} } });
    expect(scaler.subresource).toBe('scale');
    const r = await applyFile('web.yaml', deployment(3).replace('nginx:1.25', 'nginx:1.26'));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      `error: Apply failed with 1 conflict: conflict with "${scaler.manager}" with subresource "scale" using apps/v1 at ${scaler.time}: .spec.replicas\n`,
    );
    expect(r.stderr).toContain('with the `--force-conflicts` flag');
    expect(JSON.parse(await ok('get', 'deployment', 'web', '-n', 'ssa', '-o', 'json')).spec.replicas).toBe(5);
  });

  it('takes the field over with --force-conflicts', async () => {
    const r = await applyFile('web.yaml', deployment(3).replace('nginx:1.25', 'nginx:1.26'), '--force-conflicts');
    expect(r.stderr).toBe('');
    expect(JSON.parse(await ok('get', 'deployment', 'web', '-n', 'ssa', '-o', 'json')).spec.replicas).toBe(3);
    const entries = await managed();
    expect(entries.map((e) => e.manager)).toEqual(['kubectl']);
  });

  it('removes a field the applier stops naming, when no one else owns it', async () => {
    const withEnv = deployment(3, '        env:\n        - {name: MODE, value: blue}\n').replace('nginx:1.25', 'nginx:1.26');
    await applyFile('web.yaml', withEnv);
    let dep = JSON.parse(await ok('get', 'deployment', 'web', '-n', 'ssa', '-o', 'json'));
    expect(dep.spec.template.spec.containers[0].env).toEqual([{ name: 'MODE', value: 'blue' }]);
    await applyFile('web.yaml', deployment(3).replace('nginx:1.25', 'nginx:1.26'));
    dep = JSON.parse(await ok('get', 'deployment', 'web', '-n', 'ssa', '-o', 'json'));
    expect(dep.spec.template.spec.containers[0].env).toBeUndefined();
    // A label someone else set stays when the applier never named it.
    await ok('label', 'deployment', 'web', '-n', 'ssa', 'team=blue');
    await applyFile('web.yaml', deployment(3).replace('nginx:1.25', 'nginx:1.26'));
    dep = JSON.parse(await ok('get', 'deployment', 'web', '-n', 'ssa', '-o', 'json'));
    expect(dep.metadata.labels).toEqual({ team: 'blue' });
    expect((await managed()).find((e) => e.manager === 'kubectl-label')?.fieldsV1).toEqual({ 'f:metadata': { 'f:labels': { '.': {}, 'f:team': {} } } });
  });

  it('records ordinary writes as Update entries named by kubectl', async () => {
    await ok('create', 'deployment', 'made', '-n', 'ssa', '--image=nginx');
    const entries = await managed('made');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ manager: 'kubectl-create', operation: 'Update', apiVersion: 'apps/v1' });
    expect(entries[0].fieldsV1['f:spec']['f:template']['f:spec']['f:containers']['k:{"name":"nginx"}']).toMatchObject({ '.': {}, 'f:image': {}, 'f:name': {} });
    await ok('set', 'image', 'deployment/made', '-n', 'ssa', 'nginx=nginx:1.26');
    const after = await managed('made');
    expect(after.map((e) => e.manager)).toEqual(['kubectl-create', 'kubectl-set']);
    expect(after[1].fieldsV1).toEqual({ 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { 'f:image': {} } } } } } });
  });

  it('moves client-side apply\'s fields to server-side apply', async () => {
    const yaml = deployment(2).replace('name: web', 'name: moved');
    await ok('apply', '-f', tc.file('moved.yaml', yaml));
    expect((await managed('moved')).map((e) => e.manager)).toEqual(['kubectl-client-side-apply']);
    const r = await applyFile('moved.yaml', yaml.replace('replicas: 2', 'replicas: 4'));
    expect(r.stderr).toBe('');
    expect(JSON.parse(await ok('get', 'deployment', 'moved', '-n', 'ssa', '-o', 'json')).spec.replicas).toBe(4);
    // kubectl first applies the annotation alone as `kubectl-last-applied`, then moves client-side apply's remaining
    // fields to its own Apply entry with a JSON patch of managedFields.
    const entries = await managed('moved');
    expect(entries.map((e) => `${e.manager} ${e.operation}`).sort()).toEqual(['kubectl Apply', 'kubectl-last-applied Apply']);
    expect(entries.find((e) => e.manager === 'kubectl-last-applied')!.fieldsV1).toEqual({
      'f:metadata': { 'f:annotations': { 'f:kubectl.kubernetes.io/last-applied-configuration': {} } },
    });
    // The annotation follows what kubectl applied, so a later client-side apply starts from it.
    const annotation = JSON.parse(await ok('get', 'deployment', 'moved', '-n', 'ssa', '-o', 'jsonpath={.metadata.annotations.kubectl\\.kubernetes\\.io/last-applied-configuration}'));
    expect(annotation.spec.replicas).toBe(4);
  });

  it('applies on the server without writing under --dry-run=server, and diffs a server-side apply', async () => {
    const yaml = deployment(2).replace('name: web', 'name: dry');
    expect(await ok('apply', '--server-side', '--dry-run=server', '-f', tc.file('dry.yaml', yaml))).toBe('deployment.apps/dry serverside-applied (server dry run)\n');
    expect((await k('get', 'deployment', 'dry', '-n', 'ssa')).stderr).toContain('NotFound');
    await ok('apply', '--server-side', '-f', tc.file('dry.yaml', yaml));
    const diff = await k('diff', '--server-side', '-f', tc.file('dry.yaml', yaml.replace('replicas: 2', 'replicas: 6')));
    expect(diff.code).toBe(1);
    expect(diff.stdout).toMatch(/^- {2}replicas: 2$/m);
    expect(diff.stdout).toMatch(/^\+ {2}replicas: 6$/m);
    expect(diff.stdout).not.toContain('managedFields');
  });

  it('re-applies a Service without conflicting with the ClusterIP the server allocated', async () => {
    const svc = `apiVersion: v1
kind: Service
metadata: {name: web, namespace: ssa}
spec:
  selector: {app: web}
  ports:
  - port: 80
    targetPort: 8080
`;
    await ok('apply', '--server-side', '-f', tc.file('svc.yaml', svc));
    const r = await applyFile('svc.yaml', svc.replace('8080', '9090'));
    expect(r.stderr).toBe('');
    const got = JSON.parse(await ok('get', 'service', 'web', '-n', 'ssa', '-o', 'json', '--show-managed-fields'));
    expect(got.spec.ports).toEqual([{ port: 80, protocol: 'TCP', targetPort: 9090 }]);
    expect(got.spec.clusterIP).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(got.metadata.managedFields[0].fieldsV1['f:spec']['f:ports']).toEqual({
      'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:port': {}, 'f:targetPort': {} },
    });
  });

  it('refuses a field the schema does not declare, naming it by its list key as kube-apiserver does', async () => {
    const r = await applyFile('typo.yaml', deployment(2).replace('name: web', 'name: typo').replace('image: nginx:1.25', 'imagee: nginx:1.25'));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toBe(
      'Error from server: failed to create typed patch object (ssa/typo; apps/v1, Kind=Deployment): .spec.template.spec.containers[name="nginx"].imagee: field not declared in schema\n',
    );
  });

  it('answers an apply without a field manager as kube-apiserver does', async () => {
    const r = await k('apply', '--server-side', '--field-manager=', '-f', tc.file('web.yaml', deployment(3)));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('fieldManager: Required value: is required for apply patch');
  });
});
