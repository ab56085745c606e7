// The one place a kubelab process decides where pods run: real containers on a Docker engine, or the simulated
// runtime. `kubelab serve`, `kubelab cluster` and `kubelab labs check` each call it once, at start, and hand the
// choice to every cluster they make; nothing below asks the question again.
import { connectEngine, type DockerEngine } from '../docker/engine';

export type RuntimeWanted = 'auto' | 'docker' | 'sim';

export type RuntimeChoice =
  | { name: 'sim'; why: string }
  | { name: 'docker'; engine: DockerEngine };

export interface ChooseOptions {
  /** The engine to ask (default: $DOCKER_HOST or the local socket). */
  engine?: DockerEngine;
  /** How long `auto` waits for the engine to answer (default 500 ms). */
  autoWaitMs?: number;
  /** How long `docker` waits before it fails (default 5 s). */
  dockerWaitMs?: number;
}

export const SIM: RuntimeChoice = { name: 'sim', why: 'simulated pods were asked for' };

/** `sim`; `docker` (fails when no engine answers); `auto` (docker when an engine answers, else sim). */
export async function chooseRuntime(wanted: RuntimeWanted, opts: ChooseOptions = {}): Promise<RuntimeChoice> {
  if (wanted === 'sim') return SIM;
  const engine = opts.engine ?? connectEngine();
  if (await engine.ping(wanted === 'docker' ? (opts.dockerWaitMs ?? 5000) : (opts.autoWaitMs ?? 500))) return { name: 'docker', engine };
  if (wanted === 'docker') throw new Error('--runtime docker: no Docker engine answers (is dockerd running?)');
  return { name: 'sim', why: 'no Docker engine answers' };
}
