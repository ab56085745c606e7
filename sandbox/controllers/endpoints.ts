// The endpoints controllers (pkg/controller/endpoint and endpointslice): for every Service with a selector, the
// pods it selects become its Endpoints (ready ones as addresses, the rest as notReadyAddresses) and one
// EndpointSlice labelled kubernetes.io/service-name. `kubectl describe svc` (1.27 reads Endpoints, 1.33 slices)
// and the network proxy both read these, so traffic follows pods as they become ready, fail, or go away.
import { findKind } from '../apiserver/kinds/registry';
import type { WatchEvent } from '../api/types';
import type { EndpointSlice, EndpointSubset, Pod, Service } from '../api/objects';
import type { ObjectApi } from '../apiserver/object-api';
import { deepEqual } from '../util/deep-equal';
import { objectKeyOf, splitKey, watchOf, type Controller, type WatchSpec } from '../controller-runtime/controller';
import { endpointsFor, managesEndpoints, selectsPod } from '../lib/endpoint-subsets';

const svcRes = findKind('Service')!;
const podRes = findKind('Pod')!;
const epRes = findKind('Endpoints')!;
const sliceRes = findKind('EndpointSlice')!;
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
const MANAGED_BY = 'endpointslice-controller.k8s.io';

/** Pure: the endpoints of the one EndpointSlice kubelab keeps per Service. */
export function computeSlice(svc: Service, subsets: EndpointSubset[]): Required<Pick<EndpointSlice, 'endpoints' | 'ports'>> {
  const endpoints: NonNullable<EndpointSlice['endpoints']> = [];
  const ports = subsets[0]?.ports ?? [];
  for (const s of subsets) {
    for (const [list, ready] of [[s.addresses ?? [], true], [s.notReadyAddresses ?? [], false]] as const) {
      for (const a of list) {
        endpoints.push({
          addresses: [a.ip],
          conditions: { ready, serving: ready, terminating: false },
          ...(a.nodeName ? { nodeName: a.nodeName } : {}),
          targetRef: a.targetRef,
        });
      }
    }
  }
  return { endpoints, ports: ports.map((p) => ({ ...(p.name !== undefined ? { name: p.name } : { name: '' }), port: p.port, protocol: p.protocol })) };
}

export class EndpointsController implements Controller {
  readonly name = 'endpoints';
  readonly watches: WatchSpec[];

  constructor(private readonly api: ObjectApi) {
    this.watches = [
      watchOf(svcRes, (e) => [objectKeyOf(e.object)]),
      watchOf(podRes, (e) => this.servicesOf(e)),
    ];
  }

  /** Every Service in the pod's namespace that selects it (now or, for deletes and relabels, before). */
  private servicesOf(e: WatchEvent<Pod>): string[] {
    const pod = e.object;
    return this.api
      .list(svcRes, pod.metadata.namespace)
      .items.filter((svc) => managesEndpoints(svc) && (selectsPod(svc, pod) || e.type !== 'ADDED'))
      .map(objectKeyOf);
  }

  reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const svc = this.api.tryGet(svcRes, namespace, name);
    const slices = this.api.list(sliceRes, namespace, { labelSelector: `${SERVICE_NAME_LABEL}=${name}` }).items;
    if (!svc) {
      if (this.api.tryGet(epRes, namespace, name)) this.api.delete(epRes, namespace, name);
      for (const s of slices) this.api.delete(sliceRes, namespace, s.metadata.name!);
      return;
    }
    // A Service without a selector has hand-made Endpoints (like `kubernetes`): leave them alone.
    if (!managesEndpoints(svc)) return;
    const pods = this.api.list(podRes, namespace).items;
    const subsets = endpointsFor(svc, pods)?.subsets ?? [];
    this.syncEndpoints(svc, subsets);
    this.syncSlice(svc, subsets, slices);
  }

  private syncEndpoints(svc: Service, subsets: EndpointSubset[]): void {
    const { namespace, name } = svc.metadata;
    const labels = { ...(svc.metadata.labels ?? {}), ...(svc.spec?.clusterIP === 'None' ? { 'service.kubernetes.io/headless': '' } : {}) };
    const existing = this.api.tryGet(epRes, namespace, name!);
    if (!existing) {
      this.api.create(epRes, namespace, { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, labels }, ...(subsets.length ? { subsets } : {}) });
      return;
    }
    if (deepEqual(existing.subsets ?? [], subsets) && deepEqual(existing.metadata.labels ?? {}, labels)) return;
    const next = structuredClone(existing);
    next.metadata.labels = labels;
    next.metadata.annotations = { ...(next.metadata.annotations ?? {}), 'endpoints.kubernetes.io/last-change-trigger-time': this.api.now() };
    if (subsets.length) next.subsets = subsets;
    else delete next.subsets;
    this.api.update(epRes, namespace, name, next);
  }

  private syncSlice(svc: Service, subsets: EndpointSubset[], slices: EndpointSlice[]): void {
    const { namespace, name, uid } = svc.metadata;
    const { endpoints, ports } = computeSlice(svc, subsets);
    const [slice, ...extra] = slices;
    for (const s of extra) this.api.delete(sliceRes, namespace, s.metadata.name!);
    const labels = { ...(svc.metadata.labels ?? {}), [SERVICE_NAME_LABEL]: name!, 'endpointslice.kubernetes.io/managed-by': MANAGED_BY };
    if (!slice) {
      this.api.create(sliceRes, namespace, {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: {
          generateName: `${name}-`,
          labels,
          ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: name!, uid: uid!, controller: true, blockOwnerDeletion: true }],
        },
        addressType: 'IPv4',
        endpoints,
        ports,
      });
      return;
    }
    if (deepEqual(slice.endpoints ?? [], endpoints) && deepEqual(slice.ports ?? [], ports)) return;
    this.api.update(sliceRes, namespace, slice.metadata.name, { ...structuredClone(slice), endpoints, ports });
  }
}
