// Runs shell scripts for the grader: `script` checks (a command in the learner's toolbox decides pass/fail) and lab
// solutions in `kubelab labs check`. The interface lets the web app run them inside the learner's toolbox
// container; the local implementation here runs /bin/sh with KUBECONFIG pointing at the cluster being graded.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import YAML from 'yaml';
import { GRADER_USER } from './checks/did';

export interface ScriptResult {
  /** Exit code; 124 on timeout (as coreutils `timeout`). */
  code: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export interface ScriptRunner {
  run(script: string, opts?: { timeoutMs?: number; env?: Record<string, string> }): Promise<ScriptResult>;
}

export interface LocalShellOptions {
  kubeconfig: string;
  cwd?: string;
  /** HOME for the script (kubectl keeps its discovery cache under it); the caller's by default. */
  home?: string;
  shell?: string;
  env?: Record<string, string>;
}

const MAX_OUTPUT = 1024 * 1024;

export class LocalShellRunner implements ScriptRunner {
  constructor(private readonly opts: LocalShellOptions) {}

  run(script: string, o: { timeoutMs?: number; env?: Record<string, string> } = {}): Promise<ScriptResult> {
    const env = {
      ...process.env,
      ...(this.opts.home ? { HOME: this.opts.home } : {}),
      ...this.opts.env,
      ...o.env,
      KUBECONFIG: this.opts.kubeconfig,
    };
    return new Promise((resolve) => {
      const child = spawn(this.opts.shell ?? '/bin/sh', ['-c', script], { cwd: this.opts.cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      let stdout = '';
      let stderr = '';
      let timedOut = false;
      child.stdout.on('data', (d) => (stdout.length < MAX_OUTPUT ? (stdout += d) : undefined));
      child.stderr.on('data', (d) => (stderr.length < MAX_OUTPUT ? (stderr += d) : undefined));
      const timer = setTimeout(() => {
        timedOut = true;
        // The whole process group: a script's kubectl must not outlive it.
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
      }, o.timeoutMs ?? 30_000);
      child.on('error', (e) => {
        clearTimeout(timer);
        resolve({ code: 127, stdout, stderr: `${stderr}${e.message}\n`, timedOut });
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code: timedOut ? 124 : code ?? 1, stdout, stderr, timedOut });
      });
    });
  }
}

/** The first non-empty line a script printed (stdout first): what a learner sees as the check's message. */
export function firstLine(r: { stdout: string; stderr: string }): string {
  const line = (s: string) => s.split('\n').map((l) => l.trim()).find(Boolean);
  return line(r.stdout) ?? line(r.stderr) ?? '';
}

/**
 * A copy of a kubeconfig whose kubectl acts as the grader (`--as kubelab:grader`, with the cluster admins' group),
 * written next to it: the API server's record then tells the grader's own requests (script checks) from the
 * learner's, so a script can never do a step for them.
 */
export function graderKubeconfig(file: string): string {
  const config = YAML.parse(fs.readFileSync(file, 'utf8')) ?? {};
  for (const u of Array.isArray(config.users) ? config.users : []) {
    if (u && typeof u === 'object') u.user = { ...(u.user ?? {}), as: GRADER_USER, 'as-groups': ['system:masters'] };
  }
  const out = `${file}.grader`;
  fs.writeFileSync(out, YAML.stringify(config), { mode: 0o600 });
  return out;
}
