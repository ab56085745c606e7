// Messages between the server and the browser, as types only: the server imports them with `import type`, so no
// code is shared across the boundary, only the shapes (terminal WebSocket frames and cluster map events).

/** Browser → server, one JSON text frame each. */
export type TerminalClientMessage =
  | { t: 'input'; d: string }
  | { t: 'resize'; cols: number; rows: number }
  /** The learner closed this terminal tab: its shell ends now, not after the linger time. */
  | { t: 'close' };

/** Server → browser. `at` counts characters of shell output since the shell started (for replay on reconnect). */
export type TerminalServerMessage =
  | { t: 'hello'; shell: string; readOnly: boolean }
  | { t: 'replay'; d: string; at: number; reset: boolean }
  | { t: 'output'; d: string; at: number }
  | { t: 'exit'; code: number }
  /** `code` is worded by the browser in the page's language; `message` is the English for logs and old clients. */
  | { t: 'error'; code: TerminalErrorCode; message: string };

export type TerminalErrorCode = 'noShell' | 'shellFailed';

export type MapKind = 'Node' | 'Pod' | 'Deployment' | 'ReplicaSet' | 'Service' | 'Endpoints' | 'Ingress';

export interface OwnerRef {
  kind: string;
  name: string;
  uid: string;
}

interface MapBase {
  uid: string;
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  owner?: OwnerRef;
  /** Being deleted (deletionTimestamp set). */
  deleting?: boolean;
}

export interface MapNode extends MapBase {
  kind: 'Node';
  ready: boolean;
  controlPlane: boolean;
  unschedulable: boolean;
}

export interface MapPod extends MapBase {
  kind: 'Pod';
  nodeName?: string;
  phase: string;
  ready: boolean;
  readyContainers: number;
  containers: number;
  restarts: number;
  /** Why a container is not running (ContainerCreating, CrashLoopBackOff, ...), as kubectl's STATUS column says. */
  reason?: string;
  podIP?: string;
}

export interface MapDeployment extends MapBase {
  kind: 'Deployment';
  replicas: number;
  readyReplicas: number;
  updatedReplicas: number;
}

/** A pod template's containers as `name=image` pairs, in order (what a rollout changes most often). */
export type ContainerImages = { name: string; image: string }[];

export interface MapReplicaSet extends MapBase {
  kind: 'ReplicaSet';
  replicas: number;
  readyReplicas: number;
  revision?: string;
  /** The pod template's containers and images. */
  images?: ContainerImages;
  /** The kubernetes.io/change-cause annotation (`--record`, or set by hand). */
  changeCause?: string;
  /** When it was made (RFC 3339), for the rollout timeline. */
  created?: string;
}

export interface MapService extends MapBase {
  kind: 'Service';
  type: string;
  clusterIP?: string;
  ports: string[];
  selector?: Record<string, string>;
  /** An ExternalName Service's target (a DNS name; it has no endpoints). */
  externalName?: string;
  /** A LoadBalancer's addresses (status.loadBalancer.ingress: IPs or host names). */
  externalIPs?: string[];
}

export interface MapEndpoints extends MapBase {
  kind: 'Endpoints';
  addresses: { ip: string; pod?: string; ready: boolean }[];
}

export interface MapIngress extends MapBase {
  kind: 'Ingress';
  className?: string;
  rules: { host?: string; path?: string; service?: string; port?: string }[];
}

export type MapObject = MapNode | MapPod | MapDeployment | MapReplicaSet | MapService | MapEndpoints | MapIngress;

export type MapChange = { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: MapObject };

/** Server-sent events of /api/clusters/<id>/map: `snapshot`, then `changes`; `status` when the cluster goes away. */
export type MapEvent =
  | { event: 'snapshot'; data: { objects: MapObject[] } }
  | { event: 'changes'; data: { changes: MapChange[] } }
  | { event: 'status'; data: { state: 'suspended' | 'reset' } };

// ---- the Check API: POST /api/labs/<lab>/steps/<step>/check and POST /api/labs/<lab>/start ----------------------

/** A text in both languages, as the grader words it. */
export interface BilingualText {
  ko: string;
  en: string;
}

/** One criterion of a step, as the Check panel shows it. */
export interface CriterionResult {
  id: string;
  title: BilingualText;
  status: 'passed' | 'failed' | 'needs-docker' | 'error';
  expected: BilingualText;
  found: BilingualText;
  hint: BilingualText;
  /** The learner's own mistake, when the grader can name it. */
  diagnosis?: BilingualText;
  /** Raw detail (a JSONPath, an HTTP body), behind the panel's "details" toggle. */
  details?: BilingualText;
}

export interface CheckAnswer {
  passed: boolean;
  score?: number;
  results: CriterionResult[];
  lab: { steps: number; passed: number; passedSteps: string[] };
  /** Set when the cluster holds another lab's objects: nothing was graded. */
  scope?: { labId: string; title: Partial<BilingualText> };
}

export interface StartAnswer {
  ok: boolean;
  stepId: string;
  /** The step whose solution failed while preparing the learner's cluster. */
  failed?: { stepId: string; message: string };
}

/** One object of a learner's cluster as it was at a moment (the instructor's cluster scrubber). */
export interface HistoryObject {
  key: string;
  kind: string;
  namespace?: string;
  name: string;
  revision: number;
  at: number;
}
