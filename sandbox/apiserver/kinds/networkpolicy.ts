// NetworkPolicies: which traffic may reach and leave the pods they select. Stored and shown under every runtime;
// enforced only where pods are real containers (sandbox/network/, docs/NETWORKING.md).
import { defaultNetworkPolicy, validateNetworkPolicyCreate, validateNetworkPolicyUpdate } from '../admission/validate-networkpolicy';
import { networkPolicyPrinter } from '../tables/networkpolicy';
import { resource, type KindRecord } from './kind';

export const networkPolicy: KindRecord = {
  resource: resource('networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies', true, ['netpol']),
  defaults: defaultNetworkPolicy,
  validate: { create: validateNetworkPolicyCreate, update: validateNetworkPolicyUpdate },
  printer: networkPolicyPrinter,
};
