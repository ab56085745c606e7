// `kubelab grade` and `kubelab labs check` as a course's CI runs them: the grader only has a kubeconfig (here the
// one `kubelab cluster` writes, in a separate process), so the same checks work against any cluster.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { findKind } from '../../sandbox/apiserver/kinds/registry';
import { HttpObjectClient } from '../../sandbox/api/http-client';
import { checksOrThrow } from '../../grader/checks/schema';
import { gradeChecks } from '../../grader/engine';
import { waitFor } from '../helpers/test-cluster';
import { kubectlBinaries, requireOrSkip } from '../helpers/kubectl-bin';
import { parseXml } from './xml';

const root = path.join(__dirname, '../..');
const labsDir = path.join(root, 'test/fixtures/labs');
const hint = { ko: '힌트', en: 'hint' };
const k = (kind: string) => findKind(kind)!;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function kubelab(args: string[], timeoutMs = 120_000): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'bin/kubelab.js'), ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('kubelab grade against `kubelab cluster`', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-grade-'));
  const kubeconfig = path.join(dir, 'kubeconfig');
  let cluster: ChildProcess;
  let client: HttpObjectClient;
  const grade = (...args: string[]) => kubelab(['grade', '--labs-dir', labsDir, '--kubeconfig', kubeconfig, '--settle-ms', '300', ...args]);

  beforeAll(async () => {
    cluster = spawn(process.execPath, [path.join(root, 'bin/kubelab.js'), 'cluster', '--runtime', 'sim', '--port', '0', '--kubeconfig', kubeconfig], { cwd: root });
    let out = '';
    cluster.stdout!.on('data', (d) => (out += d));
    cluster.stderr!.on('data', (d) => (out += d));
    await waitFor(() => /ready/.test(out) || cluster.exitCode !== null, 'the ready line', 30_000);
    if (!/ready/.test(out)) throw new Error(`kubelab cluster did not start: ${out}`);
    client = HttpObjectClient.fromKubeconfigFile(kubeconfig);
  });

  afterAll(async () => {
    client?.dispose();
    if (cluster.exitCode === null) {
      const exited = new Promise((r) => cluster.once('exit', r));
      cluster.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('exits 1 with ✗ and the hint while the step is undone, 0 with ✓ once done', async () => {
    const before = await grade('--lab', 'echo-more');
    expect(before.code).toBe(1);
    expect(before.stdout).toContain('✗ ns-exists: Namespace echo-prod');
    expect(before.stdout).toContain('hint:     kubectl create namespace echo-prod');
    await client.create(k('Namespace'), undefined, { metadata: { name: 'echo-prod' } });
    const after = await grade('--lab', 'echo-more', '--lang', 'ko');
    expect(after.code).toBe(0);
    expect(after.stdout).toContain('✓ ns-exists: 네임스페이스 echo-prod');
  });

  it('writes JUnit XML that parses; a check needing real containers is skipped and the exit code is 3', async () => {
    await client.create(k('Service'), 'default', { metadata: { name: 'echo' }, spec: { type: 'NodePort', selector: { app: 'echo' }, ports: [{ port: 80, targetPort: 80 }] } });
    await client.create(k('Ingress'), 'default', {
      metadata: { name: 'echo' },
      spec: { rules: [{ host: 'ch05.gihyo.local', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'echo', port: { number: 80 } } } }] } }] },
    });
    const r = await grade('--lab', 'echo-basics', '--step', 'expose', '--format', 'junit');
    expect(r.code).toBe(3);
    const xml = parseXml(r.stdout);
    expect(xml.attrs).toMatchObject({ tests: '3', failures: '0', errors: '0', skipped: '1' });
    const cases = xml.children[0].children;
    expect(cases.map((c) => c.attrs.classname)).toEqual(['echo-basics.expose', 'echo-basics.expose', 'echo-basics.expose']);
    expect(cases[2].children[0].name).toBe('skipped');
  });

  it('writes Gradescope results.json with score and one test per check', async () => {
    await client.create(k('ConfigMap'), 'default', { metadata: { name: 'echo-config' }, data: { GREETING: 'hello' } });
    const out = path.join(dir, 'results.json');
    const r = await grade('--lab', 'echo-basics', '--step', '3', '--format', 'gradescope', '--output', out);
    expect(r.code).toBe(1);
    const results = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(results).toMatchObject({ score: 0, max_score: 2 });
    expect(results.tests.map((t: any) => [t.name, t.status, t.score, t.max_score])).toEqual([
      ['echo-basics / config / config-keys: ConfigMap keys', 'failed', 0, 1],
      ['echo-basics / config / secret-value: Secret value', 'failed', 0, 1],
    ]);
    expect(results.tests[0].output).toContain('found: missing PORT (has: GREETING)');
  });

  it('answers JSON for anything else, and usage errors with exit 2', async () => {
    const r = await grade('--lab', 'echo-more', '--format', 'json');
    expect(JSON.parse(r.stdout)).toMatchObject({ labId: 'echo-more', passed: true, steps: [{ stepId: 'namespace', results: [{ id: 'ns-exists', status: 'passed' }] }] });
    expect((await grade('--lab', 'nope')).code).toBe(2);
    expect((await grade('--lab', 'echo-more', '--format', 'xml')).code).toBe(2);
  });

  it('grades the same check kinds through the kubeconfig as in-process', async () => {
    await client.create(k('Deployment'), 'default', {
      metadata: { name: 'echo' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'echo' } },
        template: { metadata: { labels: { app: 'echo' } }, spec: { containers: [{ name: 'echo', image: 'gihyodocker/echo:latest', livenessProbe: { tcpSocket: { port: 8080 } } }] } },
      },
    });
    const checks = checksOrThrow([
      { id: 'a', type: 'field', title: 't', hint, resource: 'deploy', name: 'echo', path: '{.spec.replicas}', equals: 2 },
      { id: 'b', type: 'selector-matches-template', title: 't', hint, resource: 'deploy', name: 'echo' },
      { id: 'c', type: 'probe', title: 't', hint, resource: 'deploy', name: 'echo', probe: 'liveness', action: 'tcpSocket', port: 8080 },
      { id: 'd', type: 'service', title: 't', hint, name: 'echo', serviceType: 'NodePort', ports: [{ port: 80, nodePort: true }] },
      { id: 'e', type: 'probe', title: 't', hint, resource: 'deploy', name: 'echo', probe: 'readiness' },
      { id: 'f', type: 'field', title: 't', hint, resource: 'deploy', name: 'echo', path: '{.spec.replicas}', equals: 3 },
    ]);
    const results = await gradeChecks(client, checks, { settleMs: 300, quietMs: 50 });
    expect(results.map((r) => [r.id, r.status, r.found.en])).toEqual([
      ['a', 'passed', '2'],
      ['b', 'passed', 'selector app=echo, template labels app=echo'],
      ['c', 'passed', 'echo: liveness probe tcpSocket port 8080'],
      ['d', 'passed', expect.stringMatching(/^type NodePort; ports 80→80\/TCP nodePort 3\d{4}; selector app=echo$/)],
      ['e', 'failed', 'echo: no readiness probe'],
      ['f', 'failed', '2'],
    ]);
  });
});

describe('kubelab labs check', () => {
  const bin = kubectlBinaries().newest;
  const run = requireOrSkip('kubectl', !!bin) ? it : it.skip;

  run('validates the fixture labs and proves their solutions and wrong attempts', async () => {
    const r = await kubelab(['labs', 'check', '--labs-dir', labsDir], 300_000);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('step rollout: solution ✓ (2/2 passed)');
    expect(r.stdout).toContain('step deploy: wrong attempt 1 → ✗ echo-image: nginx:latest — hint: The echo container runs gihyodocker/echo:latest.');
    expect(r.stdout).toContain('2 lab(s) OK');
  }, 300_000);

  it('reports broken labs as file:line problems and exits 1', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-labs-'));
    try {
      fs.mkdirSync(path.join(dir, 'broken', 'ko'), { recursive: true });
      fs.mkdirSync(path.join(dir, 'broken', 'en'), { recursive: true });
      fs.writeFileSync(
        path.join(dir, 'broken', 'lab.yaml'),
        [
          'steps:',
          '  - id: one',
          '    checks:',
          '      - id: a',
          '        type: exists',
          '        title: t',
          '        resource: pods',
          '        nmae: x',
          '        hint: { en: only English }',
          '  - id: one',
          '    checks: []',
          '',
        ].join('\n'),
      );
      fs.writeFileSync(path.join(dir, 'broken', 'en', 'one.md'), '# One\n\nSee [the next lab](/labs/missing-lab).\n');
      const r = await kubelab(['labs', 'check', '--labs-dir', dir, '--no-solutions']);
      expect(r.code).toBe(1);
      const file = path.join(dir, 'broken', 'lab.yaml');
      expect(r.stderr).toContain(`${file}:8: unknown field "nmae"`);
      expect(r.stderr).toContain(`${file}:9: hint.ko is missing: write the Korean text too`);
      expect(r.stderr).toContain(`${file}:10: duplicate step id "one"`);
      expect(r.stderr).toContain(`${file}:2: step one has no Korean text`);
      expect(r.stderr).toContain(`${path.join(dir, 'broken', 'en', 'one.md')}:3: link /labs/missing-lab: there is no lab "missing-lab"`);
      expect(r.stderr).toContain(`${path.join(dir, 'broken', 'en', 'one.md')}:1: has no Korean counterpart ko/one.md`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
