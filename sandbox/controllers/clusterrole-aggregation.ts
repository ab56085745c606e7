// The clusterrole-aggregation controller (pkg/controller/clusterroleaggregation): a ClusterRole with an
// aggregationRule gets, as its rules, the union of the rules of every other ClusterRole its selectors match, in name
// order with repeats dropped. So admin, edit and view grow when a ClusterRole labelled
// rbac.authorization.k8s.io/aggregate-to-view: "true" appears, and shrink when it goes.
import { findKind } from '../apiserver/kinds/registry';
import type { ClusterRole, PolicyRule } from '../api/objects';
import type { ObjectApi } from '../apiserver/object-api';
import { asSelector, type Selector } from '../apiserver/admission/validate-meta';
import { deepEqual } from '../util/deep-equal';
import type { Controller, WatchSpec } from '../controller-runtime/controller';

const clusterRoleRes = findKind('ClusterRole')!;

const aggregated = (role: ClusterRole) => !!role.aggregationRule;

/** The rules an aggregated ClusterRole should hold, from all ClusterRoles (pure, for tests). */
export function aggregatedRules(role: ClusterRole, all: readonly ClusterRole[]): PolicyRule[] {
  const selectors: Selector[] = (role.aggregationRule?.clusterRoleSelectors ?? []).map(asSelector);
  const matched = all
    .filter((other) => other.metadata.name !== role.metadata.name)
    .filter((other) => selectors.some((s: Selector) => s.kind === 'everything' || (s.kind === 'match' && s.matches(other.metadata.labels))))
    .sort((a, b) => String(a.metadata.name).localeCompare(String(b.metadata.name)));
  const rules: PolicyRule[] = [];
  for (const other of matched) for (const rule of Array.isArray(other.rules) ? other.rules : []) if (!rules.some((r) => deepEqual(r, rule))) rules.push(rule);
  return rules;
}

export class ClusterRoleAggregationController implements Controller {
  readonly name = 'clusterrole-aggregation';
  readonly watches: WatchSpec[];

  constructor(private readonly api: ObjectApi) {
    // Any ClusterRole may feed any aggregated one: every change looks at all of them again.
    this.watches = [{ res: clusterRoleRes, toKeys: () => this.api.list(clusterRoleRes, undefined).items.filter(aggregated).map((r) => String(r.metadata.name)) }];
  }

  reconcile(key: string): void {
    const role = this.api.tryGet(clusterRoleRes, undefined, key);
    if (!role || !aggregated(role)) return;
    const rules = aggregatedRules(role, this.api.list(clusterRoleRes, undefined).items);
    if (deepEqual(rules, role.rules ?? [])) return;
    this.api.update(clusterRoleRes, undefined, key, { ...role, rules });
  }
}
