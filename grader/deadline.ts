// Deadlines for `kubelab labs check`: a step, a lab and a cleanup each get a time limit, so a solution that hangs
// or an engine that stops answering ends in a named failure ("lab 09, step probes: timed out after 240 s waiting
// for the checks liveness, ready") instead of a command that never returns.
export class DeadlineError extends Error {
  constructor(
    /** The lab and step (`lab 09, step probes`). */
    readonly where: string,
    message: string,
  ) {
    super(message);
  }

  /** `lab 09, step probes: timed out after 240 s waiting for the checks liveness, ready`. */
  get problem(): string {
    return `${this.where}: ${this.message}`;
  }
}

/** A point in time work must finish by; `within` gives each piece of work the lesser of its own limit and what is left. */
export class Deadline {
  private readonly end: number;

  constructor(
    readonly totalMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.end = now() + totalMs;
  }

  get remainingMs(): number {
    return Math.max(0, this.end - this.now());
  }

  /** Resolves as the work does, or rejects with a DeadlineError naming what was waited for. */
  within<T>(limitMs: number, where: string, what: string, work: Promise<T>): Promise<T> {
    const ms = Math.min(limitMs, this.remainingMs);
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DeadlineError(where, `timed out after ${Math.round(ms / 1000)} s waiting for ${what}`)), ms);
      timer.unref?.();
    });
    return Promise.race([work, expired]).finally(() => clearTimeout(timer));
  }
}
