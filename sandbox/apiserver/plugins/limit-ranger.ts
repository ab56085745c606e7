// The LimitRanger admission plugin (plugin/pkg/admission/limitranger): a new pod's containers get the namespace's
// LimitRange defaults for what they leave unset (and the `kubernetes.io/limit-ranger` annotation saying so) before
// validation, then every container, the pod as a whole and every claim is held to the ranges' min, max and
// maxLimitRequestRatio — refused with the plugin's own words ("maximum cpu usage per Container is 1, but limit is 2").
// Pods are checked when created only: their resources cannot change afterwards.
import { forbidden } from '../../api/errors';
import type { LimitRange, PersistentVolumeClaim, Pod } from '../../api/objects';
import type { KubeObject } from '../../api/types';
import { fieldOf, isObject, itemsOf, type JsonObject } from '../../api/unchecked';
import { findKind } from '../kinds/registry';
import { compareQuantities, formatQuantity, parseQuantityExact, type Quantity } from '../../lib/quantity-math';
import type { ObjectApi } from '../object-api';
import { admittedAs, type AdmissionPlugin, type AdmissionRequest } from './admission';
import { podResources, type Usage } from './quota-usage';

const limitRangeRes = findKind('LimitRange')!;
export const LIMIT_RANGER_ANNOTATION = 'kubernetes.io/limit-ranger';

type ResourceList = Record<string, unknown>;
const list = (v: unknown): ResourceList => (v && typeof v === 'object' && !Array.isArray(v) ? (v as ResourceList) : {});
const items = (lr: LimitRange) => (Array.isArray(lr.spec?.limits) ? lr.spec.limits : []);

function parsed(l: ResourceList): Usage {
  const out: Usage = new Map();
  for (const [k, v] of Object.entries(l)) {
    const q = parseQuantityExact(v);
    if (q) out.set(k, q);
  }
  return out;
}

/** mergeContainerResources: fills what a container leaves unset; returns the annotation's phrases. */
function mergeDefaults(container: JsonObject, requests: ResourceList, limits: ResourceList, prefix: string): string[] {
  const out: string[] = [];
  const resources = (container.resources = list(container.resources));
  const apply = (which: 'requests' | 'limits', defaults: ResourceList, word: string) => {
    const target = { ...list(resources[which]) };
    const set = Object.keys(defaults).filter((k) => !(k in target)).sort();
    for (const k of set) target[k] = defaults[k];
    if (set.length) {
      resources[which] = target;
      out.push(`${set.join(', ')} ${word} for ${prefix} ${String(container.name)}`);
    }
  };
  apply('requests', requests, 'request');
  apply('limits', limits, 'limit');
  return out;
}

/** Runs before validation: the pod is the learner's body, defaulted, so its containers are read as they come. */
function mutatePod(pod: KubeObject, ranges: LimitRange[]): void {
  for (const lr of ranges) {
    const requests: ResourceList = {};
    const limits: ResourceList = {};
    for (const item of items(lr)) {
      if (item?.type !== 'Container') continue;
      Object.assign(requests, list(item.defaultRequest));
      Object.assign(limits, list(item.default));
    }
    if (!Object.keys(requests).length && !Object.keys(limits).length) continue;
    const notes: string[] = [];
    for (const c of itemsOf(fieldOf(pod.spec, 'containers'))) if (isObject(c)) notes.push(...mergeDefaults(c, requests, limits, 'container'));
    for (const c of itemsOf(fieldOf(pod.spec, 'initContainers'))) if (isObject(c)) notes.push(...mergeDefaults(c, requests, limits, 'init container'));
    if (notes.length) pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), [LIMIT_RANGER_ANNOTATION]: `LimitRanger plugin set: ${notes.join('; ')}` };
  }
}

const text = formatQuantity;

function minConstraint(type: string, name: string, enforced: Quantity, req: Usage, lim: Usage): string | undefined {
  const r = req.get(name);
  const l = lim.get(name);
  if (!r) return `minimum ${name} usage per ${type} is ${text(enforced)}.  No request is specified`;
  if (compareQuantities(r, enforced) < 0) return `minimum ${name} usage per ${type} is ${text(enforced)}, but request is ${text(r)}`;
  if (l && compareQuantities(l, enforced) < 0) return `minimum ${name} usage per ${type} is ${text(enforced)}, but limit is ${text(l)}`;
  return undefined;
}

function maxConstraint(type: string, name: string, enforced: Quantity, req: Usage, lim: Usage): string | undefined {
  const r = req.get(name);
  const l = lim.get(name);
  if (!l) return `maximum ${name} usage per ${type} is ${text(enforced)}.  No limit is specified`;
  if (compareQuantities(l, enforced) > 0) return `maximum ${name} usage per ${type} is ${text(enforced)}, but limit is ${text(l)}`;
  if (r && compareQuantities(r, enforced) > 0) return `maximum ${name} usage per ${type} is ${text(enforced)}, but request is ${text(r)}`;
  return undefined;
}

/** maxRequestConstraint: claims are held to max by what they request (they have no limits). */
function maxRequestConstraint(type: string, name: string, enforced: Quantity, req: Usage): string | undefined {
  const r = req.get(name);
  if (!r) return `maximum ${name} usage per ${type} is ${text(enforced)}.  No request is specified`;
  if (compareQuantities(r, enforced) > 0) return `maximum ${name} usage per ${type} is ${text(enforced)}, but request is ${text(r)}`;
  return undefined;
}

function ratioConstraint(type: string, name: string, enforced: Quantity, req: Usage, lim: Usage): string | undefined {
  const r = req.get(name);
  const l = lim.get(name);
  if (!r || r.milli === 0n) return `${name} max limit to request ratio per ${type} is ${text(enforced)}, but no request is specified or request is 0`;
  if (!l || l.milli === 0n) return `${name} max limit to request ratio per ${type} is ${text(enforced)}, but no limit is specified or limit is 0`;
  const ratio = Number(l.milli) / Number(r.milli);
  if (ratio * 1000 > Number(enforced.milli)) return `${name} max limit to request ratio per ${type} is ${text(enforced)}, but provided ratio is ${ratio.toFixed(6)}`;
  return undefined;
}

/** One item's checks against one set of requests and limits, resources in name order. */
function checkItem(item: unknown, type: string, req: Usage, lim: Usage): string[] {
  const errs: string[] = [];
  const each = (field: string, check: (name: string, q: Quantity) => string | undefined) => {
    for (const [name, q] of [...parsed(list(fieldOf(item, field)))].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const e = check(name, q);
      if (e) errs.push(e);
    }
  };
  each('min', (n, q) => minConstraint(type, n, q, req, lim));
  if (type === 'PersistentVolumeClaim') each('max', (n, q) => maxRequestConstraint(type, n, q, req));
  else each('max', (n, q) => maxConstraint(type, n, q, req, lim));
  if (type !== 'PersistentVolumeClaim') each('maxLimitRequestRatio', (n, q) => ratioConstraint(type, n, q, req, lim));
  return errs;
}

function podErrors(pod: Pod, lr: LimitRange): string[] {
  const errs: string[] = [];
  for (const item of items(lr)) {
    if (item?.type === 'Container') {
      for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
        errs.push(...checkItem(item, 'Container', parsed(list(c?.resources?.requests)), parsed(list(c?.resources?.limits))));
      }
    } else if (item?.type === 'Pod') {
      errs.push(...checkItem(item, 'Pod', podResources(pod.spec, 'requests'), podResources(pod.spec, 'limits')));
    }
  }
  return errs;
}

function claimErrors(pvc: PersistentVolumeClaim, lr: LimitRange): string[] {
  const errs: string[] = [];
  for (const item of items(lr)) {
    if (item?.type === 'PersistentVolumeClaim') errs.push(...checkItem(item, 'PersistentVolumeClaim', parsed(list(pvc.spec?.resources?.requests)), new Map()));
  }
  return errs;
}

/** utilerrors.NewAggregate(...).Error(): one message as it is, several deduplicated in brackets. */
function aggregate(errs: string[]): string {
  const unique = [...new Set(errs)];
  return unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`;
}

function applies(req: AdmissionRequest): 'pod' | 'claim' | undefined {
  if (req.res.group) return undefined;
  if (req.res.kind === 'Pod' && req.operation === 'CREATE') return 'pod';
  if (req.res.kind === 'PersistentVolumeClaim' && (req.operation === 'CREATE' || req.operation === 'UPDATE')) return 'claim';
  return undefined;
}

export const limitRanger: AdmissionPlugin = {
  name: 'LimitRanger',
  mutate(req: AdmissionRequest, api: ObjectApi): void {
    if (applies(req) !== 'pod') return;
    const ranges = api.list(limitRangeRes, req.obj.metadata.namespace).items;
    if (ranges.length) mutatePod(req.obj, ranges);
  },
  admit(req: AdmissionRequest, api: ObjectApi): void {
    const which = applies(req);
    if (!which) return;
    const pod = admittedAs(req, 'Pod');
    const claim = admittedAs(req, 'PersistentVolumeClaim');
    for (const lr of api.list(limitRangeRes, req.obj.metadata.namespace).items) {
      const errs = pod ? podErrors(pod.obj, lr) : claim ? claimErrors(claim.obj, lr) : [];
      if (errs.length) throw forbidden('', req.res.plural, String(req.obj.metadata.name ?? ''), aggregate(errs));
    }
  },
};
