// `kubectl get networkpolicies` as kube-apiserver prints it (printNetworkPolicy): NAME, POD-SELECTOR, AGE, where
// an empty podSelector — the policy applies to every pod of the namespace — reads `<none>`.
import type { NetworkPolicy } from '../../api/network-policy';
import { formatLabelSelector } from '../../lib/label-selector-spec';
import { age, ageColumn, column, nameColumn, type Printer } from './format';

export const networkPolicyPrinter: Printer = {
  columns: [
    nameColumn(),
    column(
      'Pod-Selector',
      'string',
      'Selects the pods to which this NetworkPolicy object applies. The array of ingress rules is applied to any pods selected by this field. Multiple network policies can select the same set of pods. In this case, the ingress rules for each are combined additively. This field is NOT optional and follows standard label selector semantics. An empty podSelector matches all pods in this namespace.',
    ),
    ageColumn(),
  ],
  cells: (np: NetworkPolicy, now) => [np.metadata.name, formatLabelSelector(np.spec?.podSelector), age(np, now)],
};
