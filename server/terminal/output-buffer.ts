// The recent output of a shell, so a browser that reconnects (or reloads) sees what was on the screen. Offsets
// count characters since the shell started: a client that was at offset N gets exactly what it missed.
export class OutputBuffer {
  private chunks: string[] = [];
  private size = 0;
  /** Offset of the first character still held. */
  private start = 0;

  constructor(private readonly limit = 200_000) {}

  get end(): number {
    return this.start + this.size;
  }

  append(data: string): void {
    this.chunks.push(data);
    this.size += data.length;
    while (this.size > this.limit && this.chunks.length > 1) {
      const dropped = this.chunks.shift()!;
      this.size -= dropped.length;
      this.start += dropped.length;
    }
  }

  /** What a client at `since` missed; `reset` when part of it is gone and the client must clear its screen. */
  since(since: number | undefined): { data: string; reset: boolean } {
    const all = this.chunks.join('');
    if (since === undefined || since < this.start || since > this.end) return { data: all, reset: true };
    return { data: all.slice(since - this.start), reset: false };
  }
}
