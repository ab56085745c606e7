// Defaults of ResourceQuota and LimitRange as a round trip through kube-apiserver leaves them: quantities in their
// canonical form (`1000m` reads back as `1`), and SetDefaults_LimitRangeItem's rule for Container items — a max
// becomes the default limit, the default limit the default request, a min the default request — which is why a
// LimitRange with only `max: {cpu: 800m}` gives every container a limit and a request of 800m.
import type { KubeObject } from '../../api/types';
import { fieldOf, itemsOf, objectOf } from '../../api/unchecked';
import { canonicalQuantity } from '../../lib/quantity-math';

type ResourceList = Record<string, unknown>;

function canonical(list: unknown): ResourceList | undefined {
  if (!list || typeof list !== 'object' || Array.isArray(list)) return undefined;
  return Object.fromEntries(Object.entries(list).map(([k, v]) => [k, canonicalQuantity(v)]));
}

export function defaultResourceQuota(rq: KubeObject): void {
  const spec = objectOf(rq.spec);
  const hard = canonical(spec.hard);
  if (hard) spec.hard = hard;
}

const FIELDS = ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'] as const;

export function defaultLimitRange(lr: KubeObject): void {
  for (const entry of itemsOf(fieldOf(lr.spec, 'limits'))) {
    if (!entry || typeof entry !== 'object') continue;
    const item = objectOf(entry);
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
