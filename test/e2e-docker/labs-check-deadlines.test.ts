// `kubelab labs check` on real containers always returns: a step that hangs fails at its deadline, naming the lab,
// the step and what was waited for; the command exits non-zero; the cluster it made is gone afterwards.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { processIdentityOf } from '../../sandbox/docker/ownership';
import { OWNER_LABEL } from '../../sandbox/kubelet/docker-runtime-names';
import { kubectlBinaries, requireOrSkip } from '../helpers/kubectl-bin';
import { describeDocker, testEngine, waitFor } from '../sandbox/docker/docker-env';

const root = path.join(__dirname, '../..');

function hangingLab(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-hang-'));
  const lab = path.join(dir, 'hang');
  for (const lang of ['en', 'ko']) {
    fs.mkdirSync(path.join(lab, lang), { recursive: true });
    fs.writeFileSync(path.join(lab, lang, 'start.md'), '# Start\n\nRun a pod.\n');
  }
  fs.writeFileSync(
    path.join(lab, 'lab.yaml'),
    [
      'id: hang',
      'title: { ko: 멈춤, en: Hang }',
      'steps:',
      '  - id: start',
      '    title: { ko: 시작, en: Start }',
      '    solution: |',
      '      kubectl run hold --image=busybox -- sleep 3600',
      '      kubectl wait --for=condition=Ready pod/hold --timeout=60s',
      '      sleep 600',
      '    checks:',
      '      - id: hold-exists',
      '        type: exists',
      '        title: { ko: 파드 hold, en: Pod hold }',
      '        resource: pods',
      '        name: hold',
      '        hint: { ko: "kubectl run hold --image=busybox", en: "kubectl run hold --image=busybox" }',
      '',
    ].join('\n'),
  );
  return dir;
}

const hasKubectl = requireOrSkip('kubectl', kubectlBinaries().all.length > 0);

(hasKubectl ? describeDocker : describe.skip)('labs check deadlines on real containers', () => {
  it('fails a hanging step at its deadline, names it, exits 1 and leaves no container behind', async () => {
    const labsDir = hangingLab();
    try {
      const child = spawn(process.execPath, [path.join(root, 'bin/kubelab.js'), 'labs', 'check', '--labs-dir', labsDir, '--runtime', 'docker', '--step-timeout', '20'], { cwd: root });
      const owner = processIdentityOf(child.pid!)!;
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(out).toContain('lab hang, step start: timed out after 20 s waiting for the solution script');
      expect(code).toBe(1);
      const engine = testEngine();
      await waitFor('nothing of the check left', async () => (await engine.containers.list({ [OWNER_LABEL]: owner })).length === 0, 10_000);
      expect(await engine.networks.list({ [OWNER_LABEL]: owner })).toEqual([]);
      expect(await engine.volumes.list({ [OWNER_LABEL]: owner })).toEqual([]);
    } finally {
      fs.rmSync(labsDir, { recursive: true, force: true });
    }
  }, 120_000);
});
