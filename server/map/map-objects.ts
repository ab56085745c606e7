// What the cluster map needs of each object, projected from the full wire object: small enough to stream every
// change to the browser, and already interpreted (a pod's status reads like kubectl's STATUS column).
import type { KubeObject } from '../../sandbox/api/types';
import type { IngressBackend, Pod, Service, ServicePort } from '../../sandbox/api/objects';
import { isKind } from '../../sandbox/api/object-kind';
import type { MapObject, MapPod, OwnerRef } from '../../web/protocol';

function controllerOf(o: KubeObject): OwnerRef | undefined {
  const refs = o.metadata.ownerReferences ?? [];
  const ref = refs.find((r) => r.controller) ?? refs[0];
  return ref ? { kind: ref.kind, name: ref.name, uid: ref.uid } : undefined;
}

function base(o: KubeObject) {
  return {
    uid: o.metadata.uid ?? `${o.metadata.namespace ?? ''}/${o.metadata.name}`,
    name: o.metadata.name ?? '',
    ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
    ...(o.kind !== 'Node' && o.metadata.labels && Object.keys(o.metadata.labels).length ? { labels: o.metadata.labels } : {}),
    ...(controllerOf(o) ? { owner: controllerOf(o) } : {}),
    ...(o.metadata.deletionTimestamp ? { deleting: true } : {}),
  };
}

/** kubectl's STATUS column, simplified: Terminating, a waiting/terminated container's reason, else the phase. */
export function podReason(o: Pod): string | undefined {
  if (o.metadata.deletionTimestamp) return 'Terminating';
  const statuses = [...(o.status?.initContainerStatuses ?? []), ...(o.status?.containerStatuses ?? [])];
  for (const s of statuses) {
    const r = s?.state?.waiting?.reason ?? (s?.state?.terminated && o.status?.phase === 'Running' ? s.state.terminated.reason : undefined);
    if (r) return r;
  }
  if (!o.spec?.nodeName && o.status?.phase === 'Pending') {
    const unschedulable = (o.status?.conditions ?? []).find((c) => c.type === 'PodScheduled' && c.status === 'False');
    return unschedulable?.reason ?? undefined;
  }
  return o.status?.reason;
}

function pod(o: Pod): MapPod {
  const statuses = o.status?.containerStatuses ?? [];
  const containers = (o.spec?.containers ?? []).length;
  const readyContainers = statuses.filter((s) => s?.ready).length;
  const ready = (o.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
  const reason = podReason(o);
  return {
    kind: 'Pod',
    ...base(o),
    ...(o.spec?.nodeName ? { nodeName: o.spec.nodeName } : {}),
    phase: o.status?.phase ?? 'Pending',
    ready,
    readyContainers,
    containers,
    restarts: statuses.reduce((n, s) => n + (Number(s?.restartCount) || 0), 0),
    ...(reason ? { reason } : {}),
    ...(o.status?.podIP ? { podIP: o.status.podIP } : {}),
  };
}

function portText(p: ServicePort): string {
  const proto = p.protocol && p.protocol !== 'TCP' ? `/${p.protocol}` : '';
  const node = p.nodePort ? `:${p.nodePort}` : '';
  return `${p.port}${node}${proto}`;
}

/** A LoadBalancer's addresses as `kubectl get svc` shows them in EXTERNAL-IP. */
function lbAddresses(o: Service): string[] {
  return (o.status?.loadBalancer?.ingress ?? []).map((i) => String(i?.ip ?? i?.hostname ?? '')).filter(Boolean);
}

export function toMapObject(o: KubeObject): MapObject | undefined {
  if (isKind(o, 'Node')) {
    const labels = o.metadata.labels ?? {};
    return {
      kind: 'Node',
      ...base(o),
      ready: (o.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'),
      controlPlane: 'node-role.kubernetes.io/control-plane' in labels,
      unschedulable: !!o.spec?.unschedulable,
    };
  }
  if (isKind(o, 'Pod')) return pod(o);
  if (isKind(o, 'Deployment')) {
    return {
      kind: 'Deployment',
      ...base(o),
      replicas: o.spec?.replicas ?? 1,
      readyReplicas: o.status?.readyReplicas ?? 0,
      updatedReplicas: o.status?.updatedReplicas ?? 0,
    };
  }
  if (isKind(o, 'ReplicaSet')) {
    return {
      kind: 'ReplicaSet',
      ...base(o),
      replicas: o.spec?.replicas ?? 1,
      readyReplicas: o.status?.readyReplicas ?? 0,
      ...(o.metadata.annotations?.['deployment.kubernetes.io/revision'] ? { revision: o.metadata.annotations['deployment.kubernetes.io/revision'] } : {}),
      ...(o.metadata.annotations?.['kubernetes.io/change-cause'] ? { changeCause: o.metadata.annotations['kubernetes.io/change-cause'] } : {}),
      ...(o.metadata.creationTimestamp ? { created: o.metadata.creationTimestamp } : {}),
      images: (o.spec?.template?.spec?.containers ?? []).map((c) => ({ name: String(c?.name ?? ''), image: String(c?.image ?? '') })),
    };
  }
  if (isKind(o, 'Service')) {
    return {
      kind: 'Service',
      ...base(o),
      type: o.spec?.type ?? 'ClusterIP',
      ...(o.spec?.clusterIP ? { clusterIP: o.spec.clusterIP } : {}),
      ports: (o.spec?.ports ?? []).map(portText),
      ...(o.spec?.selector ? { selector: o.spec.selector } : {}),
      ...(o.spec?.type === 'ExternalName' && o.spec?.externalName ? { externalName: String(o.spec.externalName) } : {}),
      ...(lbAddresses(o).length ? { externalIPs: lbAddresses(o) } : {}),
    };
  }
  if (isKind(o, 'Endpoints')) {
    const addresses: { ip: string; pod?: string; ready: boolean }[] = [];
    for (const subset of o.subsets ?? []) {
      for (const [list, ready] of [[subset.addresses ?? [], true], [subset.notReadyAddresses ?? [], false]] as const) {
        for (const a of list) addresses.push({ ip: a.ip, ...(a.targetRef?.kind === 'Pod' ? { pod: a.targetRef.name } : {}), ready });
      }
    }
    return { kind: 'Endpoints', ...base(o), addresses };
  }
  if (isKind(o, 'Ingress')) {
    const rules: { host?: string; path?: string; service?: string; port?: string }[] = [];
    const backendOf = (b: IngressBackend | undefined) => ({
      ...(b?.service?.name ? { service: b.service.name } : {}),
      ...(b?.service?.port ? { port: String(b.service.port.number ?? b.service.port.name) } : {}),
    });
    if (o.spec?.defaultBackend) rules.push({ path: '*', ...backendOf(o.spec.defaultBackend) });
    for (const r of o.spec?.rules ?? []) {
      for (const p of r.http?.paths ?? []) rules.push({ ...(r.host ? { host: r.host } : {}), path: p.path ?? '/', ...backendOf(p.backend) });
    }
    return { kind: 'Ingress', ...base(o), ...(o.spec?.ingressClassName ? { className: o.spec.ingressClassName } : {}), rules };
  }
  return undefined;
}
