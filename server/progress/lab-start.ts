// "Restart this lab" and "jump to step N" in the app: the learner's cluster starts over (a fresh cluster; they
// start in milliseconds), now serving this lab only, and the solutions of the steps before N run on it the way
// `kubelab labs check` runs them — as the grader (kubectl --as kubelab:grader), so the steps skipped are prepared
// but never counted as something the learner did. Every step of the lab is judged from the moment it is ready.
import fs from 'node:fs';
import path from 'node:path';
import type { Lab } from '../../grader/lab-format';
import { firstLine, graderKubeconfig, LocalShellRunner } from '../../grader/script-runner';
import type { Cluster } from '../../sandbox/cluster';
import type { LabScopes } from './lab-scope';
import type { ProgressStore } from './progress-store';

export interface LabStartDeps {
  /** Empties the learner's cluster (a fresh one with the same credentials). */
  reset(userId: string): Cluster;
  kubeconfig(userId: string): { file: string; home: string };
  scopes: LabScopes;
  progress: ProgressStore;
  /** How long one step's solution may run (default 3 minutes: rollouts on real containers). */
  stepTimeoutMs?: number;
}

export interface LabStartResult {
  ok: boolean;
  /** The step the learner continues at. */
  stepId: string;
  /** Steps whose solutions ran. */
  prepared: string[];
  /** When a solution failed: which step, and its first line of output. */
  failed?: { stepId: string; message: string };
}

export class LabStarter {
  private readonly running = new Set<string>();

  constructor(private readonly deps: LabStartDeps) {}

  isStarting(userId: string): boolean {
    return this.running.has(userId);
  }

  async start(userId: string, lab: Lab, stepId?: string): Promise<LabStartResult> {
    const index = stepId === undefined ? 0 : lab.steps.findIndex((s) => s.id === stepId);
    if (index < 0) throw new Error(`lab ${lab.id} has no step ${stepId}`);
    if (this.running.has(userId)) throw new Error('the lab is already being prepared');
    this.running.add(userId);
    try {
      const cluster = this.deps.reset(userId);
      this.deps.scopes.claim(userId, lab.id);
      await cluster.runtimeReady;
      const { file, home } = this.deps.kubeconfig(userId);
      const runner = new LocalShellRunner({ kubeconfig: graderKubeconfig(file), home, cwd: fs.existsSync(lab.dir) ? lab.dir : path.dirname(file) });
      const prepared: string[] = [];
      for (const step of lab.steps.slice(0, index)) {
        if (!step.solution) continue;
        const r = await runner.run(`set -e\n${step.solution}`, { timeoutMs: this.deps.stepTimeoutMs ?? 180_000 });
        if (r.code !== 0) {
          this.deps.progress.restartLab(userId, lab.id);
          return { ok: false, stepId: step.id, prepared, failed: { stepId: step.id, message: firstLine({ stdout: r.stderr, stderr: r.stdout }) } };
        }
        prepared.push(step.id);
      }
      this.deps.progress.restartLab(userId, lab.id);
      return { ok: true, stepId: lab.steps[index].id, prepared };
    } finally {
      this.running.delete(userId);
    }
  }
}
