// `kubelab cluster` as a learner runs it: a ready line with the port, a kubeconfig that works, a clean exit on
// SIGTERM, and after SIGKILL in the middle of a burst of writes every acknowledged write is back on restart.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import YAML from 'yaml';
import { waitFor } from '../helpers/test-cluster';
import { apiRequest } from '../helpers/api-request';

const root = path.join(__dirname, '../..');

interface Running {
  child: ChildProcess;
  url: string;
  token: string;
  ca: string;
  output: () => string;
}

async function startCli(args: string[]): Promise<Running> {
  const child = spawn(process.execPath, [path.join(root, 'bin/kubelab.js'), 'cluster', ...args], { cwd: root });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  await waitFor(() => /ready/.test(out) || child.exitCode !== null, 'the ready line', 30_000);
  const m = /ready at (https:\/\/\S+)/.exec(out);
  if (!m) throw new Error(`kubelab cluster did not start: ${out}`);
  const kubeconfig = args[args.indexOf('--kubeconfig') + 1];
  const cfg = YAML.parse(fs.readFileSync(kubeconfig, 'utf8'));
  const ca = Buffer.from(cfg.clusters[0].cluster['certificate-authority-data'], 'base64').toString('utf8');
  return { child, url: m[1], token: cfg.users[0].user.token, ca, output: () => out };
}

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));

describe('kubelab cluster', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-cli-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('picks a free port with --port 0, writes a kubeconfig, and exits cleanly on SIGTERM', async () => {
    const kc = path.join(dir, 'kubeconfig');
    const c = await startCli(['--runtime', 'sim', '--port', '0', '--kubeconfig', kc]);
    expect(c.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const cfg = YAML.parse(fs.readFileSync(kc, 'utf8'));
    expect(cfg['current-context']).toBe('kubelab');
    const nodes = (await apiRequest(`${c.url}/api/v1/nodes`, { token: c.token, ca: c.ca })).body;
    expect(nodes.items.map((n: any) => n.metadata.name)).toContain('kubelab-control-plane');
    c.child.kill('SIGTERM');
    expect(await exited(c.child)).toBe(0);
  });

  it('keeps every acknowledged write after SIGKILL during a burst of writes', async () => {
    const kc = path.join(dir, 'kubeconfig');
    const data = path.join(dir, 'data');
    const args = ['--runtime', 'sim', '--port', '0', '--kubeconfig', kc, '--data', data];
    const first = await startCli(args);
    const acked = new Map<string, string>();
    let killed = false;
    const writer = async (w: number) => {
      for (let i = 0; !killed; i++) {
        const name = `cm-${w}-${i}`;
        try {
          const r = await apiRequest(`${first.url}/api/v1/namespaces/default/configmaps`, {
            method: 'POST',
            token: first.token,
            ca: first.ca,
            body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { payload: name.repeat(50) } },
          });
          if (r.status === 201) acked.set(name, r.body.metadata.resourceVersion);
        } catch {
          return; // the server died mid-request: this write was not acknowledged
        }
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    await waitFor(() => acked.size >= 150, 'a burst of acknowledged writes', 20_000);
    first.child.kill('SIGKILL');
    killed = true;
    await exited(first.child);
    await Promise.all(writers);

    const second = await startCli(args);
    try {
      expect(second.token).toBe(first.token);
      const list = (await apiRequest(`${second.url}/api/v1/namespaces/default/configmaps`, { token: second.token, ca: second.ca })).body;
      const stored = new Map<string, any>(list.items.map((o: any) => [o.metadata.name, o]));
      for (const [name, rv] of acked) {
        expect(stored.get(name)?.metadata.resourceVersion).toBe(rv);
        expect(stored.get(name)?.data.payload).toBe(name.repeat(50));
      }
      expect(stored.size).toBeGreaterThanOrEqual(acked.size);
    } finally {
      second.child.kill('SIGTERM');
      await exited(second.child);
    }
  });
});
