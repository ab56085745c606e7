// Slows password guessing (OWASP ASVS 2.2.1): every sign-in (and password re-entry) counts against the account and
// against the address it came from. After a few free failures each further attempt must wait twice as long as the
// last (1 s, 2 s, 4 s … up to 15 minutes); an attempt that comes too early is answered 429 with Retry-After and
// never reaches scrypt, so guessing cannot burn the server's CPU either. An attempt is counted *before* the
// password is checked (and taken back when it succeeds), so 20 parallel guesses cannot all slip through while the
// first ones are still hashing. Sign-ups are counted per address the same way. Counts live in memory and are
// forgotten after an hour without failures.

export interface ThrottlePolicy {
  /** Failures allowed before the waiting starts. */
  free: number;
  /** The first wait; each further failure doubles it. */
  baseMs: number;
  maxMs: number;
  /** A key with no failure for this long starts over. */
  forgetAfterMs: number;
}

export const ACCOUNT_POLICY: ThrottlePolicy = { free: 5, baseMs: 1000, maxMs: 15 * 60_000, forgetAfterMs: 60 * 60_000 };
// A classroom behind one NAT address shares the address's allowance: it is generous, the account's is not.
export const ADDRESS_POLICY: ThrottlePolicy = { free: 50, baseMs: 1000, maxMs: 15 * 60_000, forgetAfterMs: 60 * 60_000 };
export const SIGNUP_POLICY: ThrottlePolicy = { free: 50, baseMs: 1000, maxMs: 60 * 60_000, forgetAfterMs: 60 * 60_000 };

interface Entry {
  failures: number;
  lastAt: number;
  blockedUntil: number;
}

export type ThrottleKey = { kind: 'account' | 'address' | 'signup'; id: string };

export interface Admission {
  /** The password was right: the attempt is taken back from the account (and the address). */
  succeeded(): void;
}

const MAX_ENTRIES = 100_000;

export class AttemptThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly policies: Record<ThrottleKey['kind'], ThrottlePolicy> = { account: ACCOUNT_POLICY, address: ADDRESS_POLICY, signup: SIGNUP_POLICY },
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Counts an attempt under every key, or refuses it: `{ retryAfterMs }` when any key must still wait (nothing is
   * counted then).
   */
  admit(keys: ThrottleKey[]): Admission | { retryAfterMs: number } {
    const now = this.now();
    const wait = Math.max(0, ...keys.map((k) => (this.entry(k, now)?.blockedUntil ?? 0) - now));
    if (wait > 0) return { retryAfterMs: wait };
    const counted = keys.map((k) => this.count(k, now));
    return {
      succeeded: () => {
        for (const [i, k] of keys.entries()) {
          const e = counted[i];
          if (k.kind === 'account') this.entries.delete(keyOf(k));
          else if (k.kind === 'address') {
            e.failures = Math.max(0, e.failures - 1);
            e.blockedUntil = 0;
          }
        }
      },
    };
  }

  private entry(k: ThrottleKey, now: number): Entry | undefined {
    const e = this.entries.get(keyOf(k));
    if (e && now - e.lastAt > this.policies[k.kind].forgetAfterMs && now >= e.blockedUntil) {
      this.entries.delete(keyOf(k));
      return undefined;
    }
    return e;
  }

  private count(k: ThrottleKey, now: number): Entry {
    const policy = this.policies[k.kind];
    let e = this.entry(k, now);
    if (!e) {
      if (this.entries.size >= MAX_ENTRIES) this.prune(now);
      e = { failures: 0, lastAt: now, blockedUntil: 0 };
      this.entries.set(keyOf(k), e);
    }
    e.failures++;
    e.lastAt = now;
    if (e.failures >= policy.free) e.blockedUntil = now + Math.min(policy.maxMs, policy.baseMs * 2 ** (e.failures - policy.free));
    return e;
  }

  private prune(now: number): void {
    for (const [key, e] of this.entries) {
      if (now >= e.blockedUntil) this.entries.delete(key);
    }
  }
}

function keyOf(k: ThrottleKey): string {
  return `${k.kind}:${k.id}`;
}

/** The address a client is counted under: IPv4 as is, IPv6 by its /64 (one host usually holds a whole /64). */
export function addressKey(ip: string | undefined): string {
  const a = (ip ?? '').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  if (!a.includes(':')) return a || 'unknown';
  const [head, tail] = a.split('::');
  const left = head ? head.split(':') : [];
  const right = tail !== undefined && tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return `${groups.slice(0, 4).map((g) => parseInt(g || '0', 16).toString(16)).join(':')}::/64`;
}
