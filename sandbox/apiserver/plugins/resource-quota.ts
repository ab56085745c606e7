// The ResourceQuota admission plugin (plugin/pkg/admission/resourcequota): a write that would take a namespace past
// one of its quotas is refused in kube-apiserver's words, and an admitted one is charged to each quota's status.used
// at once, so two pods created back to back cannot both slip under the last slot. Like the real plugin it measures
// against status.hard — a quota the controller has not yet counted does not apply — refuses a pod that leaves cpu or
// memory unset once a quota tracks them ("failed quota: …: must specify …"), and leaves deletions to the controller,
// which recounts. kubelab's learner budget (budget.ts) is a separate plugin with its own quota-like wording.
import { forbidden } from '../../api/errors';
import type { ResourceQuota } from '../../api/objects';
import { findKind } from '../kinds/registry';
import { addQuantities, compareQuantities, formatQuantity, parseQuantityExact, subtractQuantities, type Quantity } from '../../lib/quantity-math';
import type { ObjectApi } from '../object-api';
import { admittedAs, type AdmissionPlugin, type AdmissionRequest } from './admission';
import { matchesScopes, missingPodResources, prettyPrintUsage, tracks, usageOf, type Usage } from './quota-usage';

const quotaRes = findKind('ResourceQuota')!;

type ResourceList = Record<string, unknown>;

function parseList(v: unknown): Usage {
  const out: Usage = new Map();
  for (const [k, q] of Object.entries((v && typeof v === 'object' ? v : {}) as ResourceList)) {
    const parsed = parseQuantityExact(q);
    if (parsed) out.set(k, parsed);
  }
  return out;
}

/** The usage this write adds: all of a new object's; on update, only what grew (Services, claims). */
function deltaOf(req: AdmissionRequest, now: Date): Usage {
  const { res, obj, old } = req;
  const usage = usageOf(res, obj, now);
  if (req.operation === 'UPDATE') {
    if (res.group || (res.kind !== 'Service' && res.kind !== 'PersistentVolumeClaim') || !old) return new Map();
    const before = usageOf(res, old, now);
    for (const [k, q] of usage) {
      const prev = before.get(k);
      const grown = prev ? subtractQuantities(q, prev) : q;
      usage.set(k, grown.milli > 0n ? grown : { ...q, milli: 0n });
    }
  }
  for (const [k, q] of usage) if (q.milli === 0n) usage.delete(k);
  return usage;
}

const print = (u: Usage) => prettyPrintUsage(u, formatQuantity);
const mask = (u: Usage, names: Iterable<string>) => new Map([...names].filter((n) => u.has(n)).map((n) => [n, u.get(n)!]));

function admitQuota(req: AdmissionRequest, api: ObjectApi): void {
  const { res, obj } = req;
  if ((req.operation !== 'CREATE' && req.operation !== 'UPDATE') || !res.namespaced) return;
  const namespace = obj.metadata.namespace;
  const quotas = api.list(quotaRes, namespace).items;
  if (!quotas.length) return;
  const now = new Date(api.now());
  const delta = deltaOf(req, now);
  if (!delta.size) return;
  const name = String(obj.metadata.name ?? '');
  const charged: { quota: ResourceQuota; used: Usage }[] = [];
  for (const quota of quotas.sort((a, b) => String(a.metadata.name).localeCompare(String(b.metadata.name)))) {
    const hard = parseList(quota.status?.hard);
    const restricted = [...hard.keys()].filter((k) => tracks(res, k));
    if (!restricted.length || !matchesScopes(quota, res, obj)) continue;
    const pod = !res.group && req.operation === 'CREATE' ? admittedAs(req, 'Pod') : undefined;
    if (pod) {
      const missing = missingPodResources(restricted, pod.obj);
      if (missing) throw forbidden(res.group, res.plural, name, `failed quota: ${quota.metadata.name}: ${missing}`);
    }
    const used = parseList(quota.status?.used);
    if (restricted.some((k) => !used.has(k))) {
      throw forbidden(res.group, res.plural, name, `status unknown for quota: ${quota.metadata.name}, resources: ${[...restricted].sort().join(',')}`);
    }
    const requested = mask(delta, hard.keys());
    if (!requested.size) continue;
    const next = new Map(used);
    for (const [k, q] of requested) next.set(k, addQuantities(used.get(k), q));
    const exceeded = [...requested.keys()].filter((k) => compareQuantities(next.get(k)!, hard.get(k)!) > 0);
    if (exceeded.length) {
      throw forbidden(res.group, res.plural, name,
        `exceeded quota: ${quota.metadata.name}, requested: ${print(mask(requested, exceeded))}, used: ${print(mask(used, exceeded))}, limited: ${print(mask(hard, exceeded))}`);
    }
    charged.push({ quota, used: next });
  }
  if (req.dryRun) return;
  for (const { quota, used } of charged) {
    const status = { ...quota.status, used: Object.fromEntries([...used].map(([k, q]: [string, Quantity]) => [k, formatQuantity(q)])) };
    api.updateStatus(quotaRes, namespace, quota.metadata.name, { ...quota, status });
  }
}

export const resourceQuotaPlugin: AdmissionPlugin = { name: 'ResourceQuota', admit: admitQuota };
