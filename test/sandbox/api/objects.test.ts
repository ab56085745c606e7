// The typed objects of sandbox/api/objects.ts come from kubernetes-models, a devDependency: kubelab must run without
// it. This loads the app's composition roots the way `kubelab serve` does (tsx) and checks no module of it was loaded.
import path from 'node:path';
import { execFileSync } from 'node:child_process';

const ROOT = path.resolve(__dirname, '../../..');

describe('typed objects', () => {
  it('never load kubernetes-models at run time', () => {
    const script = `
      require('tsx/cjs');
      for (const m of ['sandbox/cluster', 'sandbox/cluster-command', 'grader/cli', 'server/serve-command']) require(require('node:path').resolve(m));
      const loaded = Object.keys(require.cache);
      console.log(JSON.stringify({ total: loaded.length, models: loaded.filter((k) => k.includes('kubernetes-models')) }));
    `;
    const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 }).trim().split('\n').pop()!);
    // The roots really were loaded (hundreds of modules), and none of them is kubernetes-models.
    expect(out.total).toBeGreaterThan(100);
    expect(out.models).toEqual([]);
  }, 90_000);
});
