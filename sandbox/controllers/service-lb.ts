// The built-in load-balancer controller (the role a cloud controller manager plays): a Service of type
// LoadBalancer gets an external address in status.loadBalancer.ingress, so `kubectl get svc` shows EXTERNAL-IP
// instead of <pending>. Which address is injected: the docker runtime hands out one its network proxy answers on.
import { findKind } from '../apiserver/kinds/registry';
import type { Service, ServiceStatus } from '../api/objects';
import type { ObjectApi } from '../apiserver/object-api';
import { deepEqual } from '../util/deep-equal';
import { objectKeyOf, splitKey, watchOf, type Controller, type WatchSpec } from '../controller-runtime/controller';
import { recordEvent } from '../controller-runtime/events';

const svcRes = findKind('Service')!;

/** Picks the external address for a LoadBalancer Service; undefined leaves it <pending>. */
export type ExternalAddressAllocator = (svc: Service, inUse: Set<string>) => string | undefined;

/** Sim default: addresses from 172.18.255.200–250, as kind + MetalLB setups commonly use. */
export const simExternalAddresses: ExternalAddressAllocator = (_svc, inUse) => {
  for (let i = 200; i <= 250; i++) {
    const ip = `172.18.255.${i}`;
    if (!inUse.has(ip)) return ip;
  }
  return undefined;
};

export class ServiceLoadBalancerController implements Controller {
  readonly name = 'service-lb';
  readonly watches: WatchSpec[];

  constructor(private readonly api: ObjectApi, private readonly allocate: ExternalAddressAllocator = simExternalAddresses) {
    this.watches = [watchOf(svcRes, (e) => (e.type === 'DELETED' ? [] : [objectKeyOf(e.object)]))];
  }

  reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const svc = this.api.tryGet(svcRes, namespace, name);
    if (!svc) return;
    const current = svc.status?.loadBalancer?.ingress;
    if (svc.spec?.type !== 'LoadBalancer') {
      if (current?.length) this.api.updateStatus(svcRes, namespace, name, { ...svc, status: { ...svc.status, loadBalancer: {} } });
      return;
    }
    if (current?.length) return;
    const inUse = new Set<string>();
    for (const other of this.api.list(svcRes, undefined).items) {
      for (const ing of other.status?.loadBalancer?.ingress ?? []) if (ing.ip) inUse.add(ing.ip);
    }
    const ip = this.allocate(svc, inUse);
    if (!ip) return;
    const status: ServiceStatus = { ...(svc.status ?? {}), loadBalancer: { ingress: [{ ip, ipMode: 'VIP' }] } };
    if (deepEqual(status, svc.status)) return;
    recordEvent(this.api, svc, 'Normal', 'EnsuringLoadBalancer', 'Ensuring load balancer', { component: 'service-controller' });
    this.api.updateStatus(svcRes, namespace, name, { ...svc, status });
    recordEvent(this.api, svc, 'Normal', 'EnsuredLoadBalancer', 'Ensured load balancer', { component: 'service-controller' });
  }
}
