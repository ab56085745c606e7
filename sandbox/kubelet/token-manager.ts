// The kubelet's token manager (pkg/kubelet/token): the ServiceAccount tokens of projected volumes, requested from the
// API server bound to the pod (TokenRequest with boundObjectRef), kept per pod, audience and lifetime, and asked for
// again once 80% of a token's lifetime (at most 24 h) has passed — so a pod's token file rotates as on a real node.
import type { Pod } from '../api/objects';

/** TokenRequest for a ServiceAccount (the API server's serviceaccounts/<name>/token). */
export type TokenRequester = (
  namespace: string,
  serviceAccount: string,
  spec: { audiences?: string[]; expirationSeconds?: number; boundObjectRef?: { kind: string; apiVersion: string; name: string; uid: string } },
) => { token: string; expirationTimestamp: string };

const MAX_AGE_MS = 24 * 3600 * 1000;

interface Cached {
  token: string;
  issuedAt: number;
  refreshAt: number;
}

export class TokenManager {
  private readonly cache = new Map<string, Cached>();

  constructor(
    private readonly request: TokenRequester,
    private readonly now: () => number = Date.now,
  ) {}

  /** The token for one serviceAccountToken projection of a pod (throws the API server's error when refused). */
  tokenFor(pod: Pod, source: { audience?: string; expirationSeconds?: number }): string {
    const uid = String(pod.metadata.uid);
    const audiences = source.audience ? [source.audience] : [];
    const expirationSeconds = source.expirationSeconds ?? 3600;
    const key = `${uid}/${audiences.join(',')}/${expirationSeconds}`;
    const now = this.now();
    const hit = this.cache.get(key);
    if (hit && now < hit.refreshAt) return hit.token;
    const issued = this.request(String(pod.metadata.namespace ?? 'default'), String(pod.spec?.serviceAccountName ?? 'default'), {
      ...(audiences.length ? { audiences } : {}),
      expirationSeconds,
      boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: String(pod.metadata.name), uid },
    });
    const ttl = Math.max(0, Date.parse(issued.expirationTimestamp) - now);
    this.cache.set(key, { token: issued.token, issuedAt: now, refreshAt: now + Math.min(ttl * 0.8, MAX_AGE_MS) });
    return issued.token;
  }

  /** Drops a pod's tokens (it is gone). */
  forget(podUid: string): void {
    for (const key of [...this.cache.keys()]) if (key.startsWith(`${podUid}/`)) this.cache.delete(key);
  }
}
