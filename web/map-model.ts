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
