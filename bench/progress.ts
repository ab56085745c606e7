// Progress benchmark (issue: the grader in the app): 50 signed-up learners press Check at the same time, over and
// over, on a hands-on step of a real lab (lab 03 "create": is namespace dev there?) — each Check grades that
// learner's own in-process cluster and records the attempt in the app's SQLite database. Reported: attempts
// recorded per second, and how long one Check takes under that load.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { findKind } from '../sandbox/apiserver/kinds/registry';
import { startKubelabServer } from '../server/app';
import { percentile, row, type Row } from './stats';

const LEARNERS = 50;
const ROUNDS = 10;

export async function benchProgress(): Promise<Row[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-bench-progress-'));
  const server = await startKubelabServer({ dataDir: dir, port: 0, host: '127.0.0.1', workers: 1, runtime: 'sim', shellBackend: null, log: () => undefined });
  try {
    const { ctx } = server;
    const lab = ctx.catalogue.find('03-namespaces')!;
    const ids: string[] = [];
    for (let i = 0; i < LEARNERS; i++) ids.push((await ctx.auth.users.create({ email: `learner${i}@example.com`, name: `L${i}`, password: 'correct horse battery' })).id);
    // Every learner has done the step, so each Check passes on its first (and confirming) read.
    for (const id of ids) ctx.clusters.ensure(id).api.create(findKind('Namespace')!, undefined, { metadata: { name: 'dev' } });
    const latencies: number[] = [];
    const t0 = performance.now();
    await Promise.all(
      ids.map(async (id) => {
        for (let r = 0; r < ROUNDS; r++) {
          const t = performance.now();
          const { attempt } = await ctx.checker.check(id, lab, 'create', {});
          if (!attempt.passed) throw new Error('benchmark: the check should pass');
          latencies.push(performance.now() - t);
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const recorded = ids.reduce((n, id) => n + ctx.progress.attempts(id).length, 0);
    return [
      row(`attempts recorded per second, ${LEARNERS} learners checking at once`, recorded / seconds, '/s'),
      row('one Check under that load (p50)', percentile(latencies, 50), 'ms'),
      row('one Check under that load (p95)', percentile(latencies, 95), 'ms'),
    ];
  } finally {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
