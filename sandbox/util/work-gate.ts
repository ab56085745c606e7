// Admits work until it is closed; closing waits for the work already admitted. The docker runtime passes every
// container and volume it creates through one, so a cluster being deleted first closes the gate, waits for the
// creates in flight, and only then removes what the engine holds: nothing can be created after the removal.
export class GateClosedError extends Error {}

export class WorkGate {
  private closed = false;
  private readonly pending = new Set<Promise<unknown>>();

  constructor(private readonly closedMessage: string) {}

  get isClosed(): boolean {
    return this.closed;
  }

  /** Runs the work now, or throws GateClosedError once the gate is closed. */
  run<T>(work: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new GateClosedError(this.closedMessage));
    const p = work();
    this.pending.add(p);
    const forget = () => void this.pending.delete(p);
    p.then(forget, forget);
    return p;
  }

  /** Admits nothing more; resolves when everything admitted has settled (failures included). */
  async close(): Promise<void> {
    this.closed = true;
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }
}
