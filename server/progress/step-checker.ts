// Grades a learner's step in the app: the step's checks against that learner's own cluster (in-process), judged
// from when they first opened the step, with their quiz answers and the requests they made since (did checks);
// script checks run in a shell on the learner's cluster acting as the grader (so a script never does the step for
// them), and HTTP checks go through the learner's cluster when it runs real containers. Every Check is recorded as
// an attempt. The routes only decide who may ask.
import fs from 'node:fs';
import path from 'node:path';
import { gradeStep, type StepGrade } from '../../grader/engine';
import { defaultHttpProber } from '../../grader/http-prober';
import { inProcessClient } from '../../grader/in-process-client';
import type { Lab } from '../../grader/lab-format';
import { graderKubeconfig, LocalShellRunner } from '../../grader/script-runner';
import { HttpObjectClient } from '../../sandbox/api/http-client';
import type { Cluster } from '../../sandbox/cluster';
import type { Attempt, ProgressStore } from './progress-store';
import type { RequestLog } from './request-log';

export interface StepCheckerDeps {
  progress: ProgressStore;
  /** The learner's cluster, started if needed. */
  cluster(userId: string): Cluster;
  /** Writes (or refreshes) the learner's kubeconfig file and answers its path and home folder. */
  kubeconfig(userId: string): { file: string; home: string };
  /** How long failing checks may settle (default: the engine's 5 s). */
  settleMs?: number;
  /** The learner's requests as their API server recorded them (did checks). */
  requests?: RequestLog;
}

export interface CheckOutcome {
  grade: StepGrade;
  attempt: Attempt;
}

export class StepChecker {
  constructor(private readonly deps: StepCheckerDeps) {}

  async check(userId: string, lab: Lab, stepId: string, answers: Record<string, unknown>): Promise<CheckOutcome> {
    const started = this.deps.progress.visit(userId, lab.id, stepId);
    const cluster = this.deps.cluster(userId);
    const { file, home } = this.deps.kubeconfig(userId);
    const containers = cluster.runtimeName === 'docker';
    const httpClient = containers ? HttpObjectClient.fromKubeconfigFile(file) : undefined;
    try {
      const requests = this.deps.requests;
      const grade = await gradeStep(inProcessClient(cluster.api), lab, stepId, {
        startedAt: new Date(started.startedAt),
        answers,
        settleMs: this.deps.settleMs,
        runtime: containers ? 'containers' : 'sim',
        ...(requests ? { requests: async () => requests.since(userId, started.startedAt) } : {}),
        scripts: new LocalShellRunner({ kubeconfig: graderKubeconfig(file), home, cwd: fs.existsSync(lab.dir) ? lab.dir : path.dirname(file) }),
        ...(httpClient ? { http: defaultHttpProber(httpClient) } : {}),
      });
      const attempt = this.deps.progress.record(userId, lab.id, grade.stepId, grade.results, grade.durationMs);
      return { grade, attempt };
    } finally {
      httpClient?.dispose();
    }
  }
}
