// Services (core ValidateService / ValidateServiceUpdate): DNS-1035 names, ports (named when there are several,
// unique, in range), known types and policies, node ports only where they mean something. Picking free cluster IPs
// and node ports is the ServiceAllocation plugin's job; only the range of a requested node port is checked here.
import type { FieldError } from '../../api/errors';
import type { KubeObject } from '../../api/types';
import { fieldOf, itemsOf, objectOf, pathOf, type JsonObject } from '../../api/unchecked';
import { badValue, duplicate, forbidden, GoValue, goQuote, invalid, invalidEach, isOneOf, notSupported, required } from './field-errors';
import { isDNS1123Label, isDNS1123Subdomain, isIP, isQualifiedName, isValidPortName, isValidPortNum, nameIsDNS1035Label } from '../../lib/names';
import { validateLabels, validateObjectMeta, validateObjectMetaUpdate } from './validate-meta';

const list = itemsOf;
const absent = (v: unknown) => v === undefined || v === null;
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const NODE_PORT_MIN = 30000;
const NODE_PORT_MAX = 32767;
const KUBELET_PORT = 10250;

const isHeadless = (spec: JsonObject) => spec.clusterIP === 'None';
const externallyAccessible = (spec: JsonObject) =>
  spec.type === 'LoadBalancer' || spec.type === 'NodePort' || (spec.type === 'ClusterIP' && list(spec.externalIPs).length > 0);
const usesNodePorts = (type: unknown) => type === 'NodePort' || type === 'LoadBalancer';

function validateServicePort(entry: unknown, requireName: boolean, names: Set<string>, path: string): FieldError[] {
  const sp = objectOf(entry);
  const errs: FieldError[] = [];
  const name = String(sp.name ?? '');
  if (requireName && !name) errs.push(required(`${path}.name`));
  else if (name) {
    errs.push(...invalidEach(`${path}.name`, name, isDNS1123Label(name)));
    if (names.has(name)) errs.push(duplicate(`${path}.name`, name));
    else names.add(name);
  }
  const port = Number(sp.port ?? 0);
  errs.push(...invalidEach(`${path}.port`, port, isValidPortNum(port)));
  if (!sp.protocol) errs.push(required(`${path}.protocol`));
  else if (!isOneOf(PROTOCOLS, sp.protocol)) errs.push(notSupported(`${path}.protocol`, String(sp.protocol), PROTOCOLS));
  const target = sp.targetPort;
  if (typeof target === 'string') errs.push(...invalidEach(`${path}.targetPort`, target, isValidPortName(target)));
  else errs.push(...invalidEach(`${path}.targetPort`, Number(target ?? 0), isValidPortNum(Number(target ?? 0))));
  const appProtocol = sp.appProtocol;
  if (typeof appProtocol === 'string') errs.push(...invalidEach(`${path}.appProtocol`, appProtocol, isQualifiedName(appProtocol)));
  return errs;
}

/** The (protocol, port) key the real code reports duplicates with, as %#v of a core.ServicePort. */
function servicePortKey(protocol: string, port: number): GoValue {
  return new GoValue(
    `core.ServicePort{Name:"", Protocol:${goQuote(protocol)}, AppProtocol:(*string)(nil), Port:${port}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`,
  );
}

export function validateService(svc: KubeObject): FieldError[] {
  const errs = validateObjectMeta(svc.metadata, true, nameIsDNS1035Label);
  const spec = objectOf(svc.spec);
  const ports = list(spec.ports);
  if (!ports.length && !isHeadless(spec) && spec.type !== 'ExternalName') errs.push(required('spec.ports'));
  if (spec.type === 'LoadBalancer') {
    ports.forEach((p, i) => {
      if (Number(fieldOf(p, 'port')) === KUBELET_PORT) errs.push(invalid(`spec.ports[${i}]`, KUBELET_PORT, `may not expose port ${KUBELET_PORT} externally since it is used by kubelet`));
    });
  }
  if (usesNodePorts(spec.type) && isHeadless(spec)) {
    errs.push(invalid('spec.clusterIPs[0]', 'None', `may not be set to 'None' for ${spec.type} services`));
  }
  if (spec.type === 'ExternalName') {
    if (list(spec.clusterIPs).length || (spec.clusterIP && spec.clusterIP !== '')) errs.push(forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
    if (list(spec.ipFamilies).length) errs.push(forbidden('spec.ipFamilies', 'may not be set for ExternalName services'));
    if (!absent(spec.ipFamilyPolicy)) errs.push(forbidden('spec.ipFamilyPolicy', 'may not be set for ExternalName services'));
    const cname = String(spec.externalName ?? '').replace(/\.$/, '');
    if (cname) errs.push(...invalidEach('spec.externalName', cname, isDNS1123Subdomain(cname)));
    else errs.push(required('spec.externalName'));
  }
  const names = new Set<string>();
  ports.forEach((p, i) => errs.push(...validateServicePort(p, ports.length > 1, names, `spec.ports[${i}]`)));
  if (spec.selector) errs.push(...validateLabels(spec.selector, 'spec.selector'));
  const affinity = spec.sessionAffinity;
  if (!affinity) errs.push(required('spec.sessionAffinity'));
  else if (affinity !== 'ClientIP' && affinity !== 'None') errs.push(notSupported('spec.sessionAffinity', String(affinity), ['ClientIP', 'None']));
  if (affinity === 'ClientIP') {
    const timeout = pathOf(spec.sessionAffinityConfig, 'clientIP', 'timeoutSeconds');
    if (!spec.sessionAffinityConfig) errs.push(required('spec.sessionAffinityConfig', 'when session affinity type is ClientIP'));
    else if (!fieldOf(spec.sessionAffinityConfig, 'clientIP')) errs.push(required('spec.sessionAffinityConfig.clientIP', 'when session affinity type is ClientIP'));
    else if (absent(timeout)) errs.push(required('spec.sessionAffinityConfig.clientIP.timeoutSeconds', 'when session affinity type is ClientIP'));
    else if (Number(timeout) <= 0 || Number(timeout) > 86400) errs.push(invalid('spec.sessionAffinityConfig.clientIP.timeoutSeconds', badValue(timeout), 'must be greater than 0 and less than 86400'));
  } else if (affinity === 'None' && spec.sessionAffinityConfig) {
    errs.push(forbidden('spec.sessionAffinityConfig', 'must not be set when session affinity is None'));
  }
  if (spec.type !== 'ExternalName') {
    list(spec.ipFamilies).forEach((f, i) => {
      if (f !== 'IPv4' && f !== 'IPv6') errs.push(notSupported(`spec.ipFamilies[${i}]`, String(f), ['IPv4', 'IPv6']));
      if (list(spec.ipFamilies).indexOf(f) < i) errs.push(duplicate(`spec.ipFamilies[${i}]`, String(f)));
    });
    if (!absent(spec.ipFamilyPolicy) && !isOneOf(['PreferDualStack', 'RequireDualStack', 'SingleStack'], spec.ipFamilyPolicy)) {
      errs.push(notSupported('spec.ipFamilyPolicy', String(spec.ipFamilyPolicy), ['PreferDualStack', 'RequireDualStack', 'SingleStack']));
    }
    if (spec.clusterIP && spec.clusterIP !== 'None' && !isIP(String(spec.clusterIP))) {
      errs.push(invalid('spec.clusterIPs[0]', String(spec.clusterIP), 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
    }
  }
  list(spec.externalIPs).forEach((ip, i) => {
    if (!isIP(String(ip))) errs.push(invalid(`spec.externalIPs[${i}]`, String(ip), 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
  });
  if (!spec.type) errs.push(required('spec.type'));
  else if (!isOneOf(SERVICE_TYPES, spec.type)) errs.push(notSupported('spec.type', String(spec.type), SERVICE_TYPES));
  if (spec.type === 'ClusterIP') {
    ports.forEach((p, i) => {
      if (fieldOf(p, 'nodePort')) errs.push(forbidden(`spec.ports[${i}].nodePort`, "may not be used when `type` is 'ClusterIP'"));
    });
  }
  // A requested node port must fall in the cluster's range (kube-apiserver's allocator says so in these words).
  if (usesNodePorts(spec.type)) {
    ports.forEach((p, i) => {
      const np = Number(fieldOf(p, 'nodePort') ?? 0);
      if (np && (np < NODE_PORT_MIN || np > NODE_PORT_MAX)) {
        errs.push(invalid(`spec.ports[${i}].nodePort`, np, `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}`));
      }
    });
  }
  const nodePorts = new Set<string>();
  ports.forEach((entry, i) => {
    const p = objectOf(entry);
    if (!p.nodePort) return;
    const key = `${p.protocol}/${p.nodePort}`;
    if (nodePorts.has(key)) errs.push(duplicate(`spec.ports[${i}].nodePort`, Number(p.nodePort)));
    nodePorts.add(key);
  });
  const seen = new Set<string>();
  ports.forEach((entry, i) => {
    const p = objectOf(entry);
    const key = `${p.protocol}/${p.port}`;
    if (seen.has(key)) errs.push(duplicate(`spec.ports[${i}]`, servicePortKey(String(p.protocol ?? ''), Number(p.port ?? 0))));
    seen.add(key);
  });
  if (list(spec.loadBalancerSourceRanges).length && spec.type !== 'LoadBalancer') {
    errs.push(forbidden('spec.LoadBalancerSourceRanges', "may only be used when `type` is 'LoadBalancer'"));
  }
  if (!absent(spec.allocateLoadBalancerNodePorts) && spec.type !== 'LoadBalancer') {
    errs.push(forbidden('spec.allocateLoadBalancerNodePorts', "may only be used when `type` is 'LoadBalancer'"));
  }
  if (!externallyAccessible(spec)) {
    if (spec.externalTrafficPolicy) errs.push(invalid('spec.externalTrafficPolicy', String(spec.externalTrafficPolicy), 'may only be set for externally-accessible services'));
  } else if (!spec.externalTrafficPolicy) {
    errs.push(required('spec.externalTrafficPolicy'));
  } else if (!isOneOf(['Cluster', 'Local'], spec.externalTrafficPolicy)) {
    errs.push(notSupported('spec.externalTrafficPolicy', String(spec.externalTrafficPolicy), ['Cluster', 'Local']));
  }
  const needsHealthCheck = spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local';
  if (!needsHealthCheck && spec.healthCheckNodePort) {
    errs.push(invalid('spec.healthCheckNodePort', Number(spec.healthCheckNodePort), "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
  }
  const itp = spec.internalTrafficPolicy;
  if (absent(itp) && isOneOf(['NodePort', 'LoadBalancer', 'ClusterIP'], spec.type)) errs.push(required('spec.internalTrafficPolicy'));
  if (!absent(itp) && !isOneOf(['Cluster', 'Local'], itp)) errs.push(notSupported('spec.internalTrafficPolicy', String(itp), ['Cluster', 'Local']));
  if (!absent(spec.trafficDistribution) && spec.trafficDistribution !== 'PreferClose') {
    errs.push(notSupported('spec.trafficDistribution', String(spec.trafficDistribution), ['PreferClose']));
  }
  return errs;
}

/**
 * The service strategy's dropTypeDependentFields, run before validating an update: switching a NodePort Service
 * back to ClusterIP (or to ExternalName) drops the node ports, traffic policy and addresses it no longer uses,
 * as long as the user left them as they were.
 */
export function dropTypeDependentFields(newSpec: unknown, previous: unknown): void {
  if (!newSpec || !previous) return;
  // Both are written through (the fields are deleted in place) when they are objects, as the caller expects.
  const spec = objectOf(newSpec);
  const oldSpec = objectOf(previous);
  const sameList = (a: unknown, b: unknown) => JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
  if (oldSpec.type !== 'ExternalName' && spec.type === 'ExternalName') {
    if ((spec.clusterIP ?? '') === (oldSpec.clusterIP ?? '') && sameList(spec.clusterIPs, oldSpec.clusterIPs)) {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    }
    if (sameList(spec.ipFamilies, oldSpec.ipFamilies)) delete spec.ipFamilies;
    if (spec.ipFamilyPolicy === oldSpec.ipFamilyPolicy) delete spec.ipFamilyPolicy;
  }
  if (usesNodePorts(oldSpec.type) && !usesNodePorts(spec.type)) {
    for (const entry of list(spec.ports)) {
      const p = objectOf(entry);
      const before = list(oldSpec.ports).find((o) => fieldOf(o, 'port') === p.port && (fieldOf(o, 'protocol') ?? 'TCP') === (p.protocol ?? 'TCP'));
      if (entry && before && p.nodePort === fieldOf(before, 'nodePort')) delete p.nodePort;
    }
  }
  if (externallyAccessible(oldSpec) && !externallyAccessible(spec) && spec.externalTrafficPolicy === oldSpec.externalTrafficPolicy) {
    delete spec.externalTrafficPolicy;
  }
  if (oldSpec.type === 'LoadBalancer' && spec.type !== 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === oldSpec.allocateLoadBalancerNodePorts) {
    delete spec.allocateLoadBalancerNodePorts;
  }
  if (spec.type !== 'LoadBalancer' || spec.externalTrafficPolicy !== 'Local') {
    if (spec.healthCheckNodePort === oldSpec.healthCheckNodePort) delete spec.healthCheckNodePort;
  }
}

export function validateServiceUpdate(svc: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(svc.metadata, old.metadata);
  const spec = objectOf(svc.spec);
  const oldSpec = objectOf(old.spec);
  // IP families are fixed once set, except around ExternalName and headless Services (validateUpgradeDowngradeIPFamilies).
  const families = list(spec.ipFamilies);
  const oldFamilies = list(oldSpec.ipFamilies);
  const skip = spec.type === 'ExternalName' || oldSpec.type === 'ExternalName' || isHeadless(spec) || isHeadless(oldSpec);
  if (!skip && families.length === oldFamilies.length) {
    for (let i = 0; i < oldFamilies.length; i++) {
      if (oldFamilies[i] !== families[i]) {
        errs.push(invalid('spec.ipFamilies[0]', new GoValue(`[]core.IPFamily{${families.map((f) => goQuote(String(f))).join(', ')}}`), 'may not change once set'));
      }
    }
  }
  return [...errs, ...validateService(svc)];
}
