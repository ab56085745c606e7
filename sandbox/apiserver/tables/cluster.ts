// Rows for the cluster-level kinds learners look at first: Nodes (`Ready,SchedulingDisabled`, roles from
// node-role.kubernetes.io/* labels), Namespaces, Events (`pod/web-1` objects, LAST SEEN from the newest timestamp)
// and Leases.
import type { Event, Lease, Namespace, Node, ObjectReference } from '../../api/objects';
import { age, ageColumn, column, int, nameColumn, parseTime, since, text, type Printer } from './format';

const ROLE_LABEL_PREFIX = 'node-role.kubernetes.io/';
const LEGACY_ROLE_LABEL = 'kubernetes.io/role';

/** findNodeRoles: sorted, de-duplicated roles from `node-role.kubernetes.io/<role>` keys and `kubernetes.io/role` values. */
export function nodeRoles(node: Node): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith(ROLE_LABEL_PREFIX)) {
      const role = k.slice(ROLE_LABEL_PREFIX.length);
      if (role) roles.add(role);
    } else if (k === LEGACY_ROLE_LABEL && v) {
      roles.add(v);
    }
  }
  return [...roles].sort().join(',') || '<none>';
}

/** `Ready`, `NotReady` or `Unknown` from the Ready condition, plus `SchedulingDisabled` when cordoned. */
export function nodeStatus(node: Node): string {
  const conditions = Array.isArray(node.status?.conditions) ? node.status.conditions : [];
  // Like the Go map built from the list, the last Ready condition wins.
  const ready = conditions.filter((c) => c?.type === 'Ready').pop();
  const status = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

function nodeAddress(node: Node, type: string): string {
  const found = (Array.isArray(node.status?.addresses) ? node.status.addresses : []).find((a) => a?.type === type);
  return found ? text(found.address) : '<none>';
}

export const nodePrinter: Printer = {
  columns: [
    nameColumn(),
    column('Status', 'string', 'The status of the node'),
    column('Roles', 'string', 'The roles of the node'),
    ageColumn(),
    column('Version', 'string', 'Kubelet Version reported by the node.'),
    column('Internal-IP', 'string', 'List of addresses reachable to the node.', 1),
    column('External-IP', 'string', 'List of addresses reachable to the node.', 1),
    column('OS-Image', 'string', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', 1),
    column('Kernel-Version', 'string', "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1),
    column('Container-Runtime', 'string', 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).', 1),
  ],
  cells(node: Node, now) {
    const info = node.status?.nodeInfo ?? {};
    return [
      node.metadata.name,
      nodeStatus(node),
      nodeRoles(node),
      age(node, now),
      text(info.kubeletVersion),
      nodeAddress(node, 'InternalIP'),
      nodeAddress(node, 'ExternalIP'),
      text(info.osImage) || '<unknown>',
      text(info.kernelVersion) || '<unknown>',
      text(info.containerRuntimeVersion) || '<unknown>',
    ];
  },
};

export const namespacePrinter: Printer = {
  columns: [nameColumn(), column('Status', 'string', 'The status of the namespace'), ageColumn()],
  cells: (ns: Namespace, now) => [ns.metadata.name, text(ns.status?.phase), age(ns, now)],
};

/** formatEventSource: component (or reporting controller), then `, host` when there is one. */
function eventSource(ev: Event): string {
  const component = text(ev.source?.component) || text(ev.reportingComponent);
  const instance = text(ev.source?.host) || text(ev.reportingInstance);
  return instance ? `${component}, ${instance}` : component;
}

export const eventPrinter: Printer = {
  columns: [
    column('Last Seen', 'string', 'The time at which the most recent occurrence of this event was recorded.'),
    column('Type', 'string', 'Type of this event (Normal, Warning), new types could be added in the future'),
    column('Reason', 'string', "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
    column('Object', 'string', 'The object that this event is about.'),
    column('Subobject', 'string', 'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].', 1),
    column('Source', 'string', 'The component reporting this event. Should be a short machine understandable string.', 1),
    column('Message', 'string', 'A human-readable description of the status of this operation.'),
    column('First Seen', 'string', 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)', 1),
    column('Count', 'string', 'The number of times this event has occurred.', 1),
    nameColumn(1),
  ],
  cells(ev: Event, now) {
    const first = parseTime(ev.firstTimestamp) ? since(ev.firstTimestamp, now) : since(ev.eventTime, now);
    let last = parseTime(ev.lastTimestamp) ? since(ev.lastTimestamp, now) : first;
    let count = int(ev.count);
    if (ev.series) {
      last = since(ev.series.lastObservedTime, now);
      count = int(ev.series.count);
    } else if (count === 0) {
      count = 1; // singleton events of the events.k8s.io API carry no count
    }
    const io: ObjectReference = ev.involvedObject ?? {};
    const kind = text(io.kind).toLowerCase();
    const target = io.name ? `${kind}/${io.name}` : kind;
    return [last, text(ev.type), text(ev.reason), target, text(io.fieldPath), eventSource(ev), text(ev.message).trim(), first, count, ev.metadata.name];
  },
};

export const leasePrinter: Printer = {
  columns: [nameColumn(), column('Holder', 'string', 'holderIdentity contains the identity of the holder of a current lease.'), ageColumn()],
  cells: (lease: Lease, now) => [lease.metadata.name, text(lease.spec?.holderIdentity), age(lease, now)],
};
