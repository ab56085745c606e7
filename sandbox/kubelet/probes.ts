// The kubelet's prober, one worker per container instance and probe kind (pkg/kubelet/prober/worker.go): the first
// probe runs initialDelaySeconds after the container started, then every periodSeconds; successThreshold successes
// in a row make the result true, failureThreshold failures false. Probes that fell due while nobody looked (a
// compressed test clock) count as run with the same outcome, so thresholds hold under FakeClock jumps.
import type { ProbeKind, ProbeResult } from '../runtime/container-runtime';
import type { Container, Probe } from '../api/objects';

interface Worker {
  nextAt: number;
  successes: number;
  failures: number;
  result: boolean;
}

export interface ProbeCheck {
  result: boolean;
  /** When the next probe is due (ms), if the container has this probe. */
  dueAt?: number;
  /** Set when this check starts a run of failures: the message of the Unhealthy event. */
  newFailure?: string;
  /** failureThreshold failures in a row: a liveness or startup probe now has the container restarted. */
  exhausted?: boolean;
}

const INITIAL: Record<ProbeKind, boolean> = { readiness: false, liveness: true, startup: false };

export function probeOf(container: Container | undefined, kind: ProbeKind): Probe | undefined {
  return container?.[`${kind}Probe`] ?? undefined;
}

export class ProbeTracker {
  private readonly workers = new Map<string, Worker>();

  async check(containerId: string, startedAtMs: number, container: Container, kind: ProbeKind, now: number, run: () => Promise<ProbeResult>): Promise<ProbeCheck> {
    const probe = probeOf(container, kind);
    if (!probe) return { result: true };
    const key = `${containerId}/${kind}`;
    let w = this.workers.get(key);
    if (!w) {
      w = { nextAt: startedAtMs + Number(probe.initialDelaySeconds ?? 0) * 1000, successes: 0, failures: 0, result: INITIAL[kind] };
      this.workers.set(key, w);
    }
    // A startup probe stops once it has succeeded.
    if (kind === 'startup' && w.result) return { result: true };
    if (now < w.nextAt) return { result: w.result, dueAt: w.nextAt };
    const period = Math.max(1, Number(probe.periodSeconds ?? 10)) * 1000;
    const runs = Math.floor((now - w.nextAt) / period) + 1;
    w.nextAt += runs * period;
    const outcome = await run();
    let newFailure: string | undefined;
    if (outcome.success) {
      w.successes += runs;
      w.failures = 0;
      if (w.successes >= Math.max(1, Number(probe.successThreshold ?? 1))) w.result = true;
    } else {
      if (w.failures === 0) newFailure = outcome.message ?? '';
      w.failures += runs;
      w.successes = 0;
      if (w.failures >= Math.max(1, Number(probe.failureThreshold ?? 3))) w.result = false;
    }
    const exhausted = w.failures >= Math.max(1, Number(probe.failureThreshold ?? 3));
    return { result: w.result, dueAt: w.nextAt, ...(newFailure !== undefined ? { newFailure } : {}), ...(exhausted ? { exhausted } : {}) };
  }

  /** Drops the workers of container instances that are gone. */
  retain(containerIds: Set<string>): void {
    for (const key of [...this.workers.keys()]) if (!containerIds.has(key.slice(0, key.lastIndexOf('/')))) this.workers.delete(key);
  }
}

/** "Readiness probe failed: …" as the Unhealthy event says it. */
export function probeFailedMessage(kind: ProbeKind, message: string): string {
  return `${kind[0].toUpperCase()}${kind.slice(1)} probe failed: ${message}`;
}
