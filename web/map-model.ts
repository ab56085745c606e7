// The cluster map's model: the objects streamed by the server, arranged the way the map draws them — nodes with
// their pods, Deployments → ReplicaSets → Pods, Services with their endpoints, Ingress rules. Pure functions, so
// they are tested without a browser.
import type { MapChange, MapDeployment, MapEndpoints, MapIngress, MapNode, MapObject, MapPod, MapReplicaSet, MapService } from './protocol';

export type MapObjects = Map<string, MapObject>;

const keyOf = (o: MapObject) => `${o.kind}/${o.uid}`;

export function fromSnapshot(objects: MapObject[]): MapObjects {
  return new Map(objects.map((o) => [keyOf(o), o]));
}

export function applyChanges(state: MapObjects, changes: MapChange[]): void {
  for (const c of changes) {
    if (c.type === 'DELETED') state.delete(keyOf(c.object));
    else state.set(keyOf(c.object), c.object);
  }
}

export interface NodeBox {
  node: MapNode;
  pods: MapPod[];
}

export interface ReplicaSetBox {
  replicaSet: MapReplicaSet;
  pods: MapPod[];
}

export interface DeploymentBox {
  deployment: MapDeployment;
  replicaSets: ReplicaSetBox[];
}

export interface ServiceBox {
  service: MapService;
  endpoints: MapEndpoints['addresses'];
}

export interface MapView {
  namespaces: string[];
  nodes: NodeBox[];
  /** Pods no node runs yet (Pending without a node, or on a node the map does not know). */
  unscheduled: MapPod[];
  deployments: DeploymentBox[];
  /** ReplicaSets no Deployment owns. */
  replicaSets: ReplicaSetBox[];
  services: ServiceBox[];
  ingresses: MapIngress[];
}

export type PodTone = 'ready' | 'running' | 'pending' | 'failed' | 'succeeded' | 'terminating';

const FAILING = /BackOff|Err|Error|Invalid|OOMKilled|Unschedulable|Failed/;

/** The colour family of a pod on the map. */
export function podTone(p: MapPod): PodTone {
  if (p.deleting) return 'terminating';
  if (p.phase === 'Failed' || (p.reason && FAILING.test(p.reason))) return 'failed';
  if (p.phase === 'Succeeded') return 'succeeded';
  if (p.phase === 'Running') return p.ready ? 'ready' : 'running';
  return 'pending';
}

/** What a pod's badge says, like kubectl's STATUS column. */
export function podStatusText(p: MapPod): string {
  return p.reason ?? p.phase;
}

const byName = <T extends { name: string; namespace?: string }>(a: T, b: T) =>
  (a.namespace ?? '').localeCompare(b.namespace ?? '') || a.name.localeCompare(b.name);

export function buildView(objects: Iterable<MapObject>, namespace?: string): MapView {
  const all = [...objects];
  const inNs = (o: MapObject) => !namespace || !o.namespace || o.namespace === namespace;
  const of = <K extends MapObject['kind']>(kind: K) =>
    all.filter((o): o is Extract<MapObject, { kind: K }> => o.kind === kind && inNs(o)).sort(byName);
  const nodes = of('Node');
  const pods = of('Pod');
  const nodeNames = new Set(nodes.map((n) => n.name));
  const namespaces = [...new Set(all.map((o) => o.namespace).filter((n): n is string => !!n))].sort();

  const podsOwnedBy = (uid: string) => pods.filter((p) => p.owner?.uid === uid);
  const replicaSets = of('ReplicaSet');
  const rsBox = (rs: MapReplicaSet): ReplicaSetBox => ({ replicaSet: rs, pods: podsOwnedBy(rs.uid) });
  const deployments = of('Deployment').map((d) => ({
    deployment: d,
    // Newest revision first: during a rollout the new ReplicaSet is on top.
    replicaSets: replicaSets
      .filter((rs) => rs.owner?.uid === d.uid)
      .sort((a, b) => Number(b.revision ?? 0) - Number(a.revision ?? 0))
      .map(rsBox),
  }));
  const deploymentUids = new Set(deployments.map((d) => d.deployment.uid));
  const endpoints = of('Endpoints');
  return {
    namespaces,
    nodes: nodes.map((node) => ({ node, pods: pods.filter((p) => p.nodeName === node.name) })),
    unscheduled: pods.filter((p) => !p.nodeName || !nodeNames.has(p.nodeName)),
    deployments,
    replicaSets: replicaSets.filter((rs) => !rs.owner || rs.owner.kind !== 'Deployment' || !deploymentUids.has(rs.owner.uid)).map(rsBox),
    services: of('Service').map((service) => ({
      service,
      endpoints: endpoints.find((e) => e.name === service.name && e.namespace === service.namespace)?.addresses ?? [],
    })),
    ingresses: of('Ingress'),
  };
}

/** One revision of a Deployment, and what changed in its pod template since the revision before it. */
export interface RolloutRevision {
  revision: number;
  replicaSet: MapReplicaSet;
  /** The ReplicaSet that has (or is getting) the pods now: the newest with replicas, else the newest. */
  current: boolean;
  /** Container image changes against the previous revision: `name: old → new`, a container added (+) or removed (−). */
  changes: { container: string; from?: string; to?: string }[];
  first: boolean;
}

/** A Deployment's revisions, oldest first, each with what changed — the map's rollout timeline. */
export function rolloutTimeline(d: DeploymentBox): RolloutRevision[] {
  const withRevision = d.replicaSets
    .map((b) => b.replicaSet)
    .filter((rs) => Number.isFinite(Number(rs.revision)) && Number(rs.revision) > 0)
    .sort((a, b) => Number(a.revision) - Number(b.revision));
  const live = [...withRevision].reverse().find((rs) => Number(rs.replicas) > 0) ?? withRevision[withRevision.length - 1];
  return withRevision.map((rs, i) => {
    const before = i > 0 ? imageMap(withRevision[i - 1].images) : undefined;
    const now = imageMap(rs.images);
    const changes: RolloutRevision['changes'] = [];
    if (before) {
      for (const [container, image] of now) if (before.get(container) !== image) changes.push({ container, from: before.get(container), to: image });
      for (const [container, image] of before) if (!now.has(container)) changes.push({ container, from: image });
    }
    return { revision: Number(rs.revision), replicaSet: rs, current: rs === live, changes, first: i === 0 };
  });
}

function imageMap(images: MapReplicaSet['images']): Map<string, string> {
  return new Map((Array.isArray(images) ? images : []).map((c) => [String(c?.name ?? ''), String(c?.image ?? '')]));
}

/** The Ingress rules that send traffic to a Service (same namespace, by name). */
export function rulesTo(ingresses: MapIngress[], service: MapService): { ingress: MapIngress; host?: string; path?: string; port?: string }[] {
  const out: { ingress: MapIngress; host?: string; path?: string; port?: string }[] = [];
  for (const ing of ingresses) {
    if ((ing.namespace ?? '') !== (service.namespace ?? '')) continue;
    for (const r of Array.isArray(ing.rules) ? ing.rules : []) if (r.service === service.name) out.push({ ingress: ing, host: r.host, path: r.path, port: r.port });
  }
  return out;
}
