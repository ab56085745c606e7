// networking.k8s.io/v1 NetworkPolicy as kube-apiserver 1.31 validates it (pkg/apis/networking/validation:
// ValidateNetworkPolicy, ValidateNetworkPolicyPeer, ValidateNetworkPolicyPort, ValidateIPBlock) and defaults it
// (pkg/apis/networking/v1/defaults.go). The mistakes learners make here are peers with nothing in them (`- {}` under
// `from:` is "must specify a peer", not "everyone"), an ipBlock beside a selector in the same peer, `except` blocks
// outside their `cidr`, and endPort on a named port.
import type { FieldError } from '../../api/errors';
import type { IPBlock, NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort, NetworkPolicySpec } from '../../api/network-policy';
import type { KubeObject } from '../../api/types';
import { isStrictSubset, parseCidr } from '../../lib/cidr';
import { isValidPortName, isValidPortNum, nameIsDNSSubdomain } from '../../lib/names';
import { forbidden, GoValue, goQuote, invalid, invalidEach, notSupported, required } from './field-errors';
import { validateLabelSelector, validateObjectMeta, validateObjectMetaUpdate } from './validate-meta';

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const POLICY_TYPES = ['Ingress', 'Egress'];

const list = <T>(v: T[] | undefined | null): T[] => (Array.isArray(v) ? v : []);

/** SetDefaults_NetworkPolicy and SetDefaults_NetworkPolicyPort: Ingress always, Egress when there are egress rules; TCP. */
export function defaultNetworkPolicy(obj: KubeObject): void {
  const np = obj as NetworkPolicy;
  if (!np.spec || typeof np.spec !== 'object') np.spec = {};
  const spec = np.spec;
  // podSelector has no omitempty: an absent one is the empty selector (every pod of the namespace).
  if (!spec.podSelector || typeof spec.podSelector !== 'object') spec.podSelector = {};
  if (!list(spec.policyTypes).length) spec.policyTypes = list(spec.egress).length ? ['Ingress', 'Egress'] : ['Ingress'];
  for (const rule of [...list(spec.ingress), ...list(spec.egress)]) {
    for (const port of list(rule?.ports)) if (port && typeof port === 'object' && !port.protocol) port.protocol = 'TCP';
  }
}

function validatePort(port: NetworkPolicyPort, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (port.protocol !== undefined && port.protocol !== null && !PROTOCOLS.includes(port.protocol)) {
    errs.push(notSupported(`${path}.protocol`, port.protocol, PROTOCOLS));
  }
  const hasEnd = port.endPort !== undefined && port.endPort !== null;
  if (port.port === undefined || port.port === null) {
    if (hasEnd) errs.push(invalid(`${path}.endPort`, port.endPort, 'may not be specified when `port` is not specified'));
  } else if (typeof port.port === 'number') {
    errs.push(...invalidEach(`${path}.port`, port.port, isValidPortNum(port.port)));
    if (hasEnd) {
      const end = Number(port.endPort);
      if (end < port.port) errs.push(invalid(`${path}.endPort`, end, 'must be greater than or equal to `port`'));
      errs.push(...invalidEach(`${path}.endPort`, end, isValidPortNum(end)));
    }
  } else {
    if (hasEnd) errs.push(invalid(`${path}.endPort`, port.endPort, 'may not be specified when `port` is non-numeric'));
    errs.push(...invalidEach(`${path}.port`, port.port, isValidPortName(String(port.port))));
  }
  return errs;
}

/** ValidateIPBlock (1.31): a bad `except` stops the check there, as the Go code returns early. */
function validateIPBlock(block: IPBlock, path: string): FieldError[] {
  const cidrText = String(block.cidr ?? '');
  if (!cidrText) return [required(`${path}.cidr`)];
  const cidr = parseCidr(cidrText);
  if (!cidr) return [invalid(`${path}.cidr`, cidrText, 'not a valid CIDR')];
  const errs: FieldError[] = [];
  for (const [i, text] of list(block.except).entries()) {
    const except = parseCidr(String(text));
    if (!except) return [...errs, invalid(`${path}.except[${i}]`, String(text), 'not a valid CIDR')];
    if (!isStrictSubset(except, cidr)) errs.push(invalid(`${path}.except[${i}]`, String(text), 'must be a strict subset of `cidr`'));
  }
  return errs;
}

function validatePeer(peer: NetworkPolicyPeer, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let peers = 0;
  if (peer.podSelector) {
    peers++;
    errs.push(...validateLabelSelector(peer.podSelector, `${path}.podSelector`));
  }
  if (peer.namespaceSelector) {
    peers++;
    errs.push(...validateLabelSelector(peer.namespaceSelector, `${path}.namespaceSelector`));
  }
  if (peer.ipBlock) {
    peers++;
    errs.push(...validateIPBlock(peer.ipBlock, `${path}.ipBlock`));
  }
  if (peers === 0) errs.push(required(path, 'must specify a peer'));
  else if (peers > 1 && peer.ipBlock) errs.push(forbidden(path, 'may not specify both ipBlock and another peer'));
  return errs;
}

function validateSpec(spec: NetworkPolicySpec): FieldError[] {
  const errs = validateLabelSelector(spec.podSelector, 'spec.podSelector');
  for (const [i, rule] of list(spec.ingress).entries()) {
    for (const [j, port] of list(rule?.ports).entries()) errs.push(...validatePort(port ?? {}, `spec.ingress[${i}].ports[${j}]`));
    for (const [j, peer] of list(rule?.from).entries()) errs.push(...validatePeer(peer ?? {}, `spec.ingress[${i}].from[${j}]`));
  }
  for (const [i, rule] of list(spec.egress).entries()) {
    for (const [j, port] of list(rule?.ports).entries()) errs.push(...validatePort(port ?? {}, `spec.egress[${i}].ports[${j}]`));
    for (const [j, peer] of list(rule?.to).entries()) errs.push(...validatePeer(peer ?? {}, `spec.egress[${i}].to[${j}]`));
  }
  const types = list(spec.policyTypes);
  if (types.length > POLICY_TYPES.length) {
    const value = `[]networking.PolicyType{${types.map((t) => goQuote(String(t))).join(', ')}}`;
    return [...errs, invalid('spec.policyTypes', new GoValue(value), 'may not specify more than two policyTypes')];
  }
  for (const [i, t] of types.entries()) {
    if (!POLICY_TYPES.includes(String(t))) errs.push(notSupported(`spec.policyTypes[${i}]`, String(t), POLICY_TYPES));
  }
  return errs;
}

export function validateNetworkPolicyCreate(obj: KubeObject): FieldError[] {
  return [...validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain), ...validateSpec((obj as NetworkPolicy).spec ?? {})];
}

export function validateNetworkPolicyUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateSpec((obj as NetworkPolicy).spec ?? {})];
}
