// The status.loadBalancer the network writes back: LoadBalancer Services show the address the agent answers for
// (load-balancers.ts picks it), our Ingresses the agent's own address (kubectl's ADDRESS column). Kept apart from
// cluster-network.ts's sync loop: this is the one place the network writes to the API rather than to the agent.
import { findKind } from '../apiserver/kinds/registry';
import type { KubeObject } from '../api/types';
import type { Ingress, Service } from '../api/objects';
import type { ObjectApi } from '../apiserver/object-api';
import { deepEqual } from '../util/deep-equal';
import { keyOf } from './agent-state';
import { isOurIngress } from './ingress-routes';
import { loadBalancerStatus } from './load-balancers';

const svcRes = findKind('Service')!;
const ingressRes = findKind('Ingress')!;

/**
 * LoadBalancer Services need an address the agent answers for. The cluster's load-balancer controller assigns
 * them (with externalAddressAllocator() from cluster-network.ts when the lead wires it); one it gave from elsewhere
 * (the sim range) is replaced with an address from our pool. Our Ingresses get the agent's address (kubectl's ADDRESS).
 */
export function writeLoadBalancerStatuses(
  api: ObjectApi,
  objects: { services: readonly Service[]; ingresses: readonly Ingress[] },
  lbIps: Map<string, string>,
  agentIp: string,
  log: (msg: string) => void,
): void {
  const write = (kind: string, obj: KubeObject, update: () => void) => {
    try {
      update();
    } catch (e) {
      // A conflict or a deleted object: the watch brings the new state and another sync.
      if (!/modified|not found/i.test((e as Error).message)) log(`status of ${kind} ${keyOf(obj)}: ${(e as Error).message}`);
    }
  };
  for (const svc of objects.services) {
    if (svc.spec?.type !== 'LoadBalancer') continue;
    const ip = lbIps.get(keyOf(svc));
    if (ip && svc.status?.loadBalancer?.ingress?.[0]?.ip !== ip) {
      write('Service', svc, () => api.updateStatus(svcRes, svc.metadata.namespace, svc.metadata.name, { ...svc, status: { ...(svc.status ?? {}), loadBalancer: loadBalancerStatus(ip) } }));
    }
  }
  for (const ing of objects.ingresses) {
    if (!isOurIngress(ing)) continue;
    const want = { ingress: [{ ip: agentIp }] };
    if (!deepEqual(ing.status?.loadBalancer ?? {}, want)) {
      write('Ingress', ing, () => api.updateStatus(ingressRes, ing.metadata.namespace, ing.metadata.name, { ...ing, status: { ...(ing.status ?? {}), loadBalancer: want } }));
    }
  }
}
