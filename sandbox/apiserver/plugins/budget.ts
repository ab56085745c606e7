// The learner's budget: what one cluster may hold of the machine, summed over the whole cluster and enforced before
// the work is admitted, in the words of a ResourceQuota named kubelab-budget ("exceeded quota: kubelab-budget,
// requested: pods=1, used: pods=40, limited: pods=40"), so kubectl, a ReplicaSet's FailedCreate event and the app's
// explanation (server/clusters/budget-explanation.ts) all say the same thing. Pods count while they are not
// finished; each with what its containers really get (container-caps.ts: limits, else the defaults, never more than
// a node has). The store counts every object and its bytes; the kinds the control plane itself must write (events,
// leases, endpoints) are refused only past twice the budget, so the events that explain a refusal still get written.
import { findKind } from '../kinds/registry';
import { forbidden } from '../../api/errors';
import type { Pod } from '../../api/objects';
import type { ObjectApi } from '../object-api';
import { admittedAs, type AdmissionPlugin, type AdmissionRequest } from './admission';
import { parseQuantity } from '../../lib/quantity';
import { DEFAULT_RESOURCE_POLICY, largestCeiling, podCaps, type ResourcePolicy } from './container-caps';

export const BUDGET_QUOTA = 'kubelab-budget';

export interface Budget {
  /** Pods not yet finished. */
  pods: number;
  /** Sums over those pods of what their containers get (Kubernetes quantities). */
  cpu: string;
  memory: string;
  ephemeralStorage: string;
  /** Processes: each container's pids limit, summed. */
  processes: number;
  /** Objects in the cluster's store, and their bytes. */
  objects: number;
  objectBytes: string;
  /** The learner's toolbox home folder (read by the terminal, not by admission). */
  home: string;
}

export const DEFAULT_BUDGET: Budget = {
  pods: 40,
  cpu: '20',
  memory: '4Gi',
  ephemeralStorage: '12Gi',
  // 40 pods of one container, with room for a few sidecars.
  processes: 48 * DEFAULT_RESOURCE_POLICY.pidsLimit,
  objects: 4000,
  objectBytes: '16Mi',
  home: '256Mi',
};

/** The quota resource names, as the messages use them. */
export const BUDGET_RESOURCES = {
  pods: 'pods',
  cpu: 'limits.cpu',
  memory: 'limits.memory',
  ephemeralStorage: 'limits.ephemeral-storage',
  processes: 'kubelab.dev/processes',
  objects: 'kubelab.dev/objects',
  objectBytes: 'kubelab.dev/object-bytes',
} as const;

const podRes = findKind('Pod')!;
const nodeRes = findKind('Node')!;
const SYSTEM_KINDS = new Set(['Event', 'Lease', 'Endpoints', 'EndpointSlice']);

/** resource.Quantity's String() for what we count: cpu as cores or millicores, bytes in the largest exact binary unit. */
export function quantityText(resource: string, value: number): string {
  if (resource === BUDGET_RESOURCES.cpu) {
    const milli = Math.round(value * 1000);
    return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
  }
  if (resource === BUDGET_RESOURCES.pods || resource === BUDGET_RESOURCES.processes || resource === BUDGET_RESOURCES.objects) return String(Math.round(value));
  const n = Math.round(value);
  for (const [suffix, size] of [['Ti', 2 ** 40], ['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]] as const) {
    if (n !== 0 && n % size === 0) return `${n / size}${suffix}`;
  }
  return String(n);
}

/**
 * Mirror pods (kube-system's CoreDNS, kube-proxy, control plane; the annotations kube-system-pods.ts sets) run no
 * container — the kubelet skips any pod carrying them — so they hold nothing of the machine.
 */
const runsNothing = (p: Pod) => !!p.metadata.annotations?.['kubelab.dev/component-mirror'] || !!p.metadata.annotations?.['kubernetes.io/config.mirror'];
const live = (p: Pod) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed' && !runsNothing(p);

interface Line {
  resource: string;
  requested: number;
  used: number;
  limited: number;
}

/** A little slack on floating-point sums: 250m + 250m + … must fit a budget of exactly that. */
const over = (l: Line) => l.used + l.requested > l.limited * (1 + 1e-9) + 1e-9;

/** prettyPrint of the lines that fail, sorted by resource name as ResourceQuota does. */
export function exceededQuota(lines: Line[]): string {
  const failed = lines.filter(over).sort((a, b) => (a.resource < b.resource ? -1 : 1));
  const print = (pick: (l: Line) => number) => failed.map((l) => `${l.resource}=${quantityText(l.resource, pick(l))}`).join(',');
  return `exceeded quota: ${BUDGET_QUOTA}, requested: ${print((l) => l.requested)}, used: ${print((l) => l.used)}, limited: ${print((l) => l.limited)}`;
}

export interface BudgetUsage {
  pods: number;
  cpu: number;
  memory: number;
  ephemeralStorage: number;
  processes: number;
  objects: number;
  objectBytes: number;
}

/** What the cluster holds now, counted as the budget counts it. */
export function budgetUsage(api: ObjectApi, policy: ResourcePolicy = DEFAULT_RESOURCE_POLICY, except?: { namespace?: string; name?: string }): BudgetUsage {
  const ceiling = largestCeiling(api.list(nodeRes, undefined).items);
  const out: BudgetUsage = { pods: 0, cpu: 0, memory: 0, ephemeralStorage: 0, processes: 0, objects: 0, objectBytes: 0 };
  for (const p of api.list(podRes, undefined).items) {
    if (!live(p) || (except && p.metadata.namespace === except.namespace && p.metadata.name === except.name)) continue;
    const caps = podCaps(p.spec, policy, ceiling);
    out.pods += 1;
    out.cpu += caps.cpuCores;
    out.memory += caps.memoryBytes;
    out.ephemeralStorage += caps.ephemeralStorageBytes;
    out.processes += caps.pids;
  }
  for (const { objects, bytes } of api.store.usage().values()) {
    out.objects += objects;
    out.objectBytes += bytes;
  }
  return out;
}

function admitPod(req: AdmissionRequest, pod: Pod, api: ObjectApi, budget: Budget, policy: ResourcePolicy): void {
  // Only a new pod adds to the sums (pod resources cannot change after creation, except by in-place resize).
  if (req.operation !== 'CREATE' || runsNothing(pod)) return;
  const ceiling = largestCeiling(api.list(nodeRes, undefined).items);
  const caps = podCaps(pod.spec, policy, ceiling);
  const used = budgetUsage(api, policy);
  const lines: Line[] = [
    { resource: BUDGET_RESOURCES.pods, requested: 1, used: used.pods, limited: budget.pods },
    { resource: BUDGET_RESOURCES.cpu, requested: caps.cpuCores, used: used.cpu, limited: parseQuantity(budget.cpu) ?? Infinity },
    { resource: BUDGET_RESOURCES.memory, requested: caps.memoryBytes, used: used.memory, limited: parseQuantity(budget.memory) ?? Infinity },
    { resource: BUDGET_RESOURCES.ephemeralStorage, requested: caps.ephemeralStorageBytes, used: used.ephemeralStorage, limited: parseQuantity(budget.ephemeralStorage) ?? Infinity },
    { resource: BUDGET_RESOURCES.processes, requested: caps.pids, used: used.processes, limited: budget.processes },
  ];
  if (lines.some(over)) throw forbidden('', 'pods', String(pod.metadata.name ?? ''), exceededQuota(lines));
}

function admitStore(req: AdmissionRequest, api: ObjectApi, budget: Budget): void {
  if (req.dryRun || (req.operation !== 'CREATE' && req.operation !== 'UPDATE')) return;
  const size = Buffer.byteLength(JSON.stringify(req.obj));
  const before = req.operation === 'UPDATE' && req.old ? Buffer.byteLength(JSON.stringify(req.old)) : 0;
  const grows = size - before;
  const adds = req.operation === 'CREATE' ? 1 : 0;
  if (grows <= 0 && adds === 0) return;
  const system = SYSTEM_KINDS.has(req.res.kind);
  const factor = system ? 2 : 1;
  let objects = 0;
  let bytes = 0;
  for (const u of api.store.usage().values()) {
    objects += u.objects;
    bytes += u.bytes;
  }
  const maxBytes = (parseQuantity(budget.objectBytes) ?? Infinity) * factor;
  const lines: Line[] = [
    { resource: BUDGET_RESOURCES.objects, requested: adds, used: objects, limited: budget.objects * factor },
    { resource: BUDGET_RESOURCES.objectBytes, requested: Math.max(0, grows), used: bytes, limited: maxBytes },
  ];
  if (lines.some((l) => l.requested > 0 && over(l))) {
    throw forbidden(req.res.group, req.res.plural, String(req.obj.metadata?.name ?? ''), exceededQuota(lines.filter((l) => l.requested > 0)));
  }
}

export function learnerBudget(budget: Budget = DEFAULT_BUDGET, policy: ResourcePolicy = DEFAULT_RESOURCE_POLICY): AdmissionPlugin {
  return {
    name: 'KubelabBudget',
    admit(req, api) {
      admitStore(req, api, budget);
      const pod = admittedAs(req, 'Pod');
      if (pod) admitPod(req, pod.obj, api, budget, policy);
    },
  };
}
