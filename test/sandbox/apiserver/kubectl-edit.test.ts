// Changing objects the ways seed 001 and everyday kubectl use: label, annotate, edit (with EDITOR), replace,
// patch in all three formats, and `get -w` printing changes as they happen.
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { describeEachKubectl, kubectlRunners } from '../../helpers/kubectl-suite';
import { startTestCluster, waitFor, type TestCluster } from '../../helpers/test-cluster';

const fixture = (name: string) => path.join(__dirname, '../../fixtures/seed001', name);
const describeKubectl = describeEachKubectl();

describeKubectl('changing objects with %s', (bin) => {
  let tc: TestCluster;
  const { k, ok } = kubectlRunners(() => tc, bin);
  const jsonpath = (kind: string, name: string, expr: string) => ok('get', kind, name, '-o', `jsonpath=${expr}`);

  beforeAll(async () => {
    tc = await startTestCluster();
    await ok('apply', '-f', fixture('deployment.yaml'));
  });
  afterAll(() => tc.close());

  it('labels and annotates, and removes a label with key-', async () => {
    expect(await ok('label', 'deploy', 'echo', 'release=summer')).toMatch(/deployment.apps\/echo labeled/);
    expect(await jsonpath('deploy', 'echo', '{.metadata.labels.release}')).toBe('summer');
    const again = await k('label', 'deploy', 'echo', 'release=winter');
    expect(again.stderr).toMatch(/already has a value \(summer\), and --overwrite is false/);
    await ok('label', 'deploy', 'echo', 'release-');
    expect(await jsonpath('deploy', 'echo', '{.metadata.labels}')).not.toContain('release');
    expect(await ok('annotate', 'deploy', 'echo', 'owner=kim')).toMatch(/deployment.apps\/echo annotated?/);
    expect(await jsonpath('deploy', 'echo', '{.metadata.annotations.owner}')).toBe('kim');
  });

  it('edits with the EDITOR the learner set', async () => {
    const editor = tc.file('editor.sh', '#!/bin/sh\nsed -i "s/replicas: 3/replicas: 4/" "$1"\n');
    fs.chmodSync(editor, 0o755);
    const r = await tc.kubectl(bin, ['edit', 'deploy', 'echo'], { env: { EDITOR: editor, KUBE_EDITOR: editor } });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/deployment.apps\/echo edited/);
    expect(await jsonpath('deploy', 'echo', '{.spec.replicas}')).toBe('4');
  });

  it('patches with strategic merge, merge and JSON patches', async () => {
    expect(await ok('patch', 'deploy', 'echo', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"echo1","image":"gihyodocker/echo:v2"}]}}}}')).toMatch(
      /deployment.apps\/echo patched/,
    );
    expect(await jsonpath('deploy', 'echo', '{.spec.template.spec.containers[*].image}')).toBe('gihyodocker/nginx:latest gihyodocker/echo:v2');
    await ok('patch', 'deploy', 'echo', '--type', 'merge', '-p', '{"spec":{"replicas":2}}');
    expect(await jsonpath('deploy', 'echo', '{.spec.replicas}')).toBe('2');
    await ok('patch', 'deploy', 'echo', '--type', 'json', '-p', '[{"op":"replace","path":"/spec/replicas","value":5}]');
    expect(await jsonpath('deploy', 'echo', '{.spec.replicas}')).toBe('5');
    const bad = await k('patch', 'deploy', 'echo', '--type', 'json', '-p', '[{"op":"test","path":"/spec/replicas","value":9}]');
    expect(bad.code).not.toBe(0);
    expect(await jsonpath('deploy', 'echo', '{.spec.replicas}')).toBe('5');
  });

  it('replaces from a file and refuses a stale resourceVersion with a Conflict', async () => {
    const current = await ok('get', 'deploy', 'echo', '-o', 'yaml');
    const file = tc.file('replace.yaml', current.replace(/replicas: 5/, 'replicas: 1'));
    expect(await ok('replace', '-f', file)).toMatch(/deployment.apps\/echo replaced/);
    expect(await jsonpath('deploy', 'echo', '{.spec.replicas}')).toBe('1');
    const stale = await k('replace', '-f', file);
    expect(stale.code).not.toBe(0);
    expect(stale.stderr).toMatch(
      /Error from server \(Conflict\): error when replacing ".*replace.yaml": Operation cannot be fulfilled on deployments.apps "echo": the object has been modified; please apply your changes to the latest version and try again/,
    );
    expect(await jsonpath('deploy', 'echo', '{.spec.replicas}')).toBe('1');
  });

  it('validates but stores nothing with --dry-run=server', async () => {
    const before = await jsonpath('deploy', 'echo', '{.metadata.resourceVersion}');
    const changed = fs.readFileSync(fixture('deployment.yaml'), 'utf8').replace('replicas: 3', 'replicas: 7');
    expect(await ok('apply', '--dry-run=server', '-f', tc.file('dry.yaml', changed))).toMatch(/deployment.apps\/echo configured \(server dry run\)/);
    expect(await ok('create', 'namespace', 'dry', '--dry-run=server')).toMatch(/namespace\/dry created \(server dry run\)/);
    const bad = await k('apply', '--dry-run=server', '-f', tc.file('dry-bad.yaml', changed.replace('name: echo1', 'name: Echo_1')));
    expect(bad.stderr).toMatch(/is invalid: spec.template.spec.containers\[1\].name/);
    expect(await jsonpath('deploy', 'echo', '{.metadata.resourceVersion}')).toBe(before);
    expect((await k('get', 'namespace', 'dry')).stderr).toMatch(/NotFound/);
  });

  it('prints changes as they happen with get -w', async () => {
    const child = spawn(bin, ['--kubeconfig', tc.kubeconfig, '--cache-dir', path.join(tc.dir, 'watch-cache'), 'get', 'configmaps', '-w'], {
      env: { ...process.env, HOME: tc.dir },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    try {
      await ok('create', 'configmap', 'watched', '--from-literal=a=1');
      await waitFor(() => /watched\s+1\s+/.test(out), 'the new configmap in the watch output');
      await ok('create', 'configmap', 'watched2', '--from-literal=a=1', '--from-literal=b=2');
      await waitFor(() => /watched2\s+2\s+/.test(out), 'the second configmap in the watch output');
    } finally {
      child.kill();
    }
  });
});
