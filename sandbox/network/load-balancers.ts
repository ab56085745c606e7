// LoadBalancer addresses, as a bare-metal load balancer (MetalLB in L2 mode) gives them: each LoadBalancer
// Service gets an address from the cluster's pool, which the agent then answers for on the network. An address
// already in a Service's status is kept, so external IPs survive restarts. Pure.
import type { Service } from '../api/objects';
import { keyOf } from './agent-state';

export function assignLoadBalancerIps(services: readonly Service[], pool: readonly string[]): Map<string, string> {
  const inPool = new Set(pool);
  const taken = new Set<string>();
  const out = new Map<string, string>();
  const lbs = services
    .filter((s) => s.spec?.type === 'LoadBalancer')
    .sort((a, b) => String(a.metadata.creationTimestamp ?? '').localeCompare(String(b.metadata.creationTimestamp ?? '')) || keyOf(a).localeCompare(keyOf(b)));
  const waiting: Service[] = [];
  for (const s of lbs) {
    const current: string | undefined = s.status?.loadBalancer?.ingress?.[0]?.ip;
    if (current && inPool.has(current) && !taken.has(current)) {
      taken.add(current);
      out.set(keyOf(s), current);
    } else {
      waiting.push(s);
    }
  }
  let next = 0;
  for (const s of waiting) {
    while (next < pool.length && taken.has(pool[next])) next++;
    if (next >= pool.length) break; // pool exhausted: the Service stays <pending>, as with a real cloud at quota
    taken.add(pool[next]);
    out.set(keyOf(s), pool[next]);
  }
  return out;
}

/** The status.loadBalancer a Service should show. */
export function loadBalancerStatus(ip: string | undefined): { ingress?: { ip: string; ipMode: 'VIP' }[] } {
  return ip ? { ingress: [{ ip, ipMode: 'VIP' }] } : {};
}
