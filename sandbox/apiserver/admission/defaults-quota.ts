// Defaults of ResourceQuota and LimitRange as a round trip through kube-apiserver leaves them: quantities in their
// canonical form (`1000m` reads back as `1`), and SetDefaults_LimitRangeItem's rule for Container items — a max
// becomes the default limit, the default limit the default request, a min the default request — which is why a
// LimitRange with only `max: {cpu: 800m}` gives every container a limit and a request of 800m.
import type { KubeObject } from '../../api/types';
import { canonicalQuantity } from '../../lib/quantity-math';

type ResourceList = Record<string, unknown>;

function canonical(list: unknown): ResourceList | undefined {
  if (!list || typeof list !== 'object' || Array.isArray(list)) return undefined;
  return Object.fromEntries(Object.entries(list).map(([k, v]) => [k, canonicalQuantity(v)]));
}

export function defaultResourceQuota(rq: KubeObject<any, any>): void {
  const hard = canonical(rq.spec?.hard);
  if (hard) rq.spec.hard = hard;
}

const FIELDS = ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'] as const;

export function defaultLimitRange(lr: KubeObject<any, any>): void {
  const items: unknown[] = Array.isArray(lr.spec?.limits) ? lr.spec.limits : [];
  for (const item of items as Record<string, unknown>[]) {
    if (!item || typeof item !== 'object') continue;
    for (const f of FIELDS) {
      const list = canonical(item[f]);
      if (list) item[f] = list;
    }
    if (item.type !== 'Container') continue;
    const fill = (target: 'default' | 'defaultRequest', from: unknown) => {
      const into = { ...((item[target] as ResourceList | undefined) ?? {}) };
      for (const [k, v] of Object.entries((from as ResourceList | undefined) ?? {})) into[k] ??= v;
      if (Object.keys(into).length) item[target] = into;
    };
    fill('default', item.max);
    fill('defaultRequest', item.default);
    fill('defaultRequest', item.min);
  }
}
