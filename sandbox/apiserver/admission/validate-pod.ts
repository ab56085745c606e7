// Pod and pod-template validation (core ValidatePodSpec, validatePodMetadataAndSpec, ValidatePodTemplateSpec):
// the spec-level fields, tolerations and affinity, then the containers (validate-containers.ts) and volumes
// (validate-volumes.ts). Workloads reuse validatePodTemplateSpec for their templates.
import type { FieldError } from '../../api/errors';
import type { KubeObject } from '../../api/types';
import { fieldOf, itemsOf, objectOf, pathOf, type JsonObject } from '../../api/unchecked';
import { forbidden, invalid, invalidEach, isOneOf, notSupported, required } from './field-errors';
import { inclusiveRangeError, isDNS1123Label, isDNS1123Subdomain, isIP, isValidLabelValue, nameIsDNSLabel, nameIsDNSSubdomain } from '../../lib/names';
import { validateContainers, validateInitContainers } from './validate-containers';
import { validateAnnotations, validateLabelName, validateLabelSelector, validateLabels, validateObjectMeta } from './validate-meta';
import { validateVolumes } from './validate-volumes';

const list = itemsOf;
const MAX_INT32 = 2147483647;
const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

export function validateRestartPolicy(policy: unknown, path: string): FieldError[] {
  if (!policy) return [required(path)];
  return RESTART_POLICIES.includes(String(policy)) ? [] : [notSupported(path, String(policy), RESTART_POLICIES)];
}

export function validateTolerations(tolerations: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  list(tolerations).forEach((entry, i) => {
    const t = objectOf(entry);
    const p = `${path}[${i}]`;
    const key = String(t.key ?? '');
    const operator = String(t.operator ?? '');
    const effect = String(t.effect ?? '');
    if (key) errs.push(...validateLabelName(key, `${p}.key`));
    if (!key && operator !== 'Exists') {
      errs.push(invalid(`${p}.operator`, operator, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && effect !== 'NoExecute') {
      errs.push(invalid(`${p}.effect`, effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    if (operator === 'Equal' || operator === '') {
      const msgs = isValidLabelValue(String(t.value ?? ''));
      if (msgs.length) errs.push(invalid(`${p}.operator`, String(t.value ?? ''), msgs.join(';')));
    } else if (operator === 'Exists') {
      if (t.value) errs.push(invalid(`${p}.operator`, String(t.value), "value must be empty when `operator` is 'Exists'"));
    } else {
      errs.push(notSupported(`${p}.operator`, operator, ['Equal', 'Exists']));
    }
    if (effect && !TAINT_EFFECTS.includes(effect)) errs.push(notSupported(`${p}.effect`, effect, TAINT_EFFECTS));
  });
  return errs;
}

function validateNodeSelectorTerm(term: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  list(fieldOf(term, 'matchExpressions')).forEach((entry, j) => {
    const rq = objectOf(entry);
    const p = `${path}.matchExpressions[${j}]`;
    const values = list(rq.values);
    switch (rq.operator) {
      case 'In':
      case 'NotIn':
        if (!values.length) errs.push(required(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length) errs.push(forbidden(`${p}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        break;
      case 'Gt':
      case 'Lt':
        if (values.length !== 1) errs.push(required(`${p}.values`, "must be specified single value when `operator` is 'Lt' or 'Gt'"));
        break;
      default:
        errs.push(invalid(`${p}.operator`, String(rq.operator ?? ''), 'not a valid selector operator'));
    }
    errs.push(...validateLabelName(String(rq.key ?? ''), `${p}.key`));
  });
  list(fieldOf(term, 'matchFields')).forEach((entry, j) => {
    const rq = objectOf(entry);
    const p = `${path}.matchFields[${j}]`;
    if (rq.operator === 'In' || rq.operator === 'NotIn') {
      if (list(rq.values).length !== 1) errs.push(required(`${p}.values`, "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
    } else errs.push(invalid(`${p}.operator`, String(rq.operator ?? ''), 'not a valid selector operator'));
    if (rq.key !== 'metadata.name') errs.push(invalid(`${p}.key`, String(rq.key ?? ''), 'not a valid field selector key'));
  });
  return errs;
}

function validatePodAffinityTerm(input: unknown, path: string): FieldError[] {
  const term = objectOf(input);
  const errs = [...validateLabelSelector(term.labelSelector, `${path}.labelSelector`), ...validateLabelSelector(term.namespaceSelector, `${path}.namespaceSelector`)];
  for (const ns of list(term.namespaces)) errs.push(...invalidEach(`${path}.namespace`, String(ns), nameIsDNSLabel(String(ns), false)));
  if (!term.topologyKey) errs.push(required(`${path}.topologyKey`, 'can not be empty'));
  errs.push(...validateLabelName(String(term.topologyKey ?? ''), `${path}.topologyKey`));
  return errs;
}

function validateWeighted(terms: unknown, path: string, inner: string, check: (t: unknown, p: string) => FieldError[]): FieldError[] {
  return list(terms).flatMap((t, i) => {
    const weight = Number(fieldOf(t, 'weight') ?? 0);
    const errs = weight <= 0 || weight > 100 ? [invalid(`${path}[${i}].weight`, weight, 'must be in the range 1-100')] : [];
    return [...errs, ...check(fieldOf(t, inner), `${path}[${i}].${inner}`)];
  });
}

function validateAffinity(input: unknown, path: string): FieldError[] {
  if (!input || typeof input !== 'object') return [];
  const affinity = objectOf(input);
  const errs: FieldError[] = [];
  const na = affinity.nodeAffinity;
  const requiredTerms = fieldOf(na, 'requiredDuringSchedulingIgnoredDuringExecution');
  if (requiredTerms) {
    const p = `${path}.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`;
    const terms = list(fieldOf(requiredTerms, 'nodeSelectorTerms'));
    if (!terms.length) errs.push(required(p, 'must have at least one node selector term'));
    terms.forEach((t, i) => errs.push(...validateNodeSelectorTerm(t, `${p}[${i}]`)));
  }
  errs.push(...validateWeighted(fieldOf(na, 'preferredDuringSchedulingIgnoredDuringExecution'), `${path}.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution`, 'preference', validateNodeSelectorTerm));
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const a = affinity[kind];
    list(fieldOf(a, 'requiredDuringSchedulingIgnoredDuringExecution')).forEach((t, i) => {
      errs.push(...validatePodAffinityTerm(t, `${path}.${kind}.requiredDuringSchedulingIgnoredDuringExecution[${i}]`));
    });
    errs.push(...validateWeighted(fieldOf(a, 'preferredDuringSchedulingIgnoredDuringExecution'), `${path}.${kind}.preferredDuringSchedulingIgnoredDuringExecution`, 'podAffinityTerm', validatePodAffinityTerm));
  }
  return errs;
}

function validateDNSConfig(config: unknown, policy: unknown, path: string): FieldError[] {
  if (policy === 'None') {
    if (!config) return [required(path, 'must provide `dnsConfig` when `dnsPolicy` is None')];
    if (!list(fieldOf(config, 'nameservers')).length) return [required(`${path}.nameservers`, 'must provide at least one DNS nameserver when `dnsPolicy` is None')];
  }
  if (!config) return [];
  const errs: FieldError[] = [];
  list(fieldOf(config, 'nameservers')).forEach((ns, i) => {
    if (!isIP(String(ns))) errs.push(invalid(`${path}.nameservers[${i}]`, String(ns), 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
  });
  list(fieldOf(config, 'searches')).forEach((s, i) => {
    const search = String(s).replace(/\.$/, '');
    errs.push(...invalidEach(`${path}.searches[${i}]`, search, isDNS1123Subdomain(search)));
  });
  list(fieldOf(config, 'options')).forEach((o, i) => {
    if (!fieldOf(o, 'name')) errs.push(required(`${path}.options[${i}]`, 'must not be empty'));
  });
  return errs;
}

function validateHostNetworkPorts(spec: JsonObject, path: string, isPod: boolean): FieldError[] {
  if (spec.hostNetwork !== true) return [];
  return list(spec.containers).flatMap((c, i) =>
    list(fieldOf(c, 'ports')).flatMap((p, j) => {
      const hp = Number(fieldOf(p, 'hostPort') ?? 0);
      const cp = Number(fieldOf(p, 'containerPort') ?? 0);
      return (isPod || hp !== 0) && hp !== cp
        ? [invalid(`${path}.containers[${i}].ports[${j}].hostPort`, hp, 'must match `containerPort` when `hostNetwork` is true')]
        : [];
    }),
  );
}

function validateNamed(value: unknown, path: string, check: (v: string) => string[]): FieldError[] {
  return value ? invalidEach(path, String(value), check(String(value))) : [];
}

/** ValidatePodSpec: shared by Pods and every pod template. */
export function validatePodSpec(input: unknown, path: string, isPod: boolean): FieldError[] {
  const spec = input && typeof input === 'object' ? objectOf(input) : {};
  const errs: FieldError[] = [];
  const grace = spec.terminationGracePeriodSeconds;
  if (grace === undefined || grace === null) errs.push(required(`${path}.terminationGracePeriodSeconds`));
  const gracePeriod = typeof grace === 'number' ? grace : undefined;
  const volumes = validateVolumes(spec.volumes, `${path}.volumes`);
  errs.push(...volumes.errors);
  errs.push(...validateContainers(spec.containers, volumes.names, gracePeriod, `${path}.containers`));
  errs.push(...validateInitContainers(spec.initContainers, spec.containers, volumes.names, gracePeriod, `${path}.initContainers`));
  errs.push(...validateHostNetworkPorts(spec, path, isPod));
  errs.push(...validateRestartPolicy(spec.restartPolicy, `${path}.restartPolicy`));
  if (!spec.dnsPolicy) errs.push(required(`${path}.dnsPolicy`));
  else if (!isOneOf(DNS_POLICIES, spec.dnsPolicy)) errs.push(notSupported(`${path}.dnsPolicy`, String(spec.dnsPolicy), DNS_POLICIES));
  errs.push(...validateLabels(spec.nodeSelector, `${path}.nodeSelector`));
  errs.push(...validateAffinity(spec.affinity, `${path}.affinity`));
  errs.push(...validateDNSConfig(spec.dnsConfig, spec.dnsPolicy, `${path}.dnsConfig`));
  errs.push(...validateNamed(spec.serviceAccountName, `${path}.serviceAccountName`, (v) => nameIsDNSSubdomain(v, false)));
  errs.push(...validateNamed(spec.nodeName, `${path}.nodeName`, (v) => nameIsDNSSubdomain(v, false)));
  if (spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds !== null) {
    const v = Number(spec.activeDeadlineSeconds);
    if (v < 1 || v > MAX_INT32) errs.push(invalid(`${path}.activeDeadlineSeconds`, v, inclusiveRangeError(1, MAX_INT32)));
  }
  errs.push(...validateNamed(spec.hostname, `${path}.hostname`, isDNS1123Label));
  errs.push(...validateNamed(spec.subdomain, `${path}.subdomain`, isDNS1123Label));
  errs.push(...validateTolerations(spec.tolerations, `${path}.tolerations`));
  errs.push(...validateNamed(spec.priorityClassName, `${path}.priorityClassName`, (v) => nameIsDNSSubdomain(v, false)));
  const runtimeClassName = spec.runtimeClassName;
  if (typeof runtimeClassName === 'string') errs.push(...invalidEach(`${path}.runtimeClassName`, runtimeClassName, isDNS1123Subdomain(runtimeClassName)));
  if (spec.preemptionPolicy !== undefined && spec.preemptionPolicy !== null) {
    if (!spec.preemptionPolicy) errs.push(required(`${path}.preemptionPolicy`));
    else if (!isOneOf(['PreemptLowerPriority', 'Never'], spec.preemptionPolicy)) {
      errs.push(notSupported(`${path}.preemptionPolicy`, String(spec.preemptionPolicy), ['PreemptLowerPriority', 'Never']));
    }
  }
  return errs;
}

/** ValidatePodTemplateSpec: note the real code reports template labels at `<path>.labels`, not `.metadata.labels`. */
export function validatePodTemplateSpec(template: unknown, path: string): FieldError[] {
  const meta = fieldOf(template, 'metadata') ?? {};
  const errs = [...validateLabels(fieldOf(meta, 'labels'), `${path}.labels`), ...validateAnnotations(fieldOf(meta, 'annotations'), `${path}.annotations`)];
  errs.push(...validatePodSpec(fieldOf(template, 'spec'), `${path}.spec`, false));
  if (list(pathOf(template, 'spec', 'ephemeralContainers')).length) errs.push(forbidden(`${path}.spec.ephemeralContainers`, 'ephemeral containers not allowed in pod template'));
  return errs;
}

/** validatePodMetadataAndSpec: metadata, spec and the checks that apply to Pods but not to templates. */
export function validatePodMetadataAndSpec(pod: KubeObject): FieldError[] {
  const spec = objectOf(pod.spec);
  const errs = [...validateObjectMeta(pod.metadata, true, nameIsDNSSubdomain), ...validatePodSpec(pod.spec ?? {}, 'spec', true)];
  if (!spec.serviceAccountName) {
    list(spec.volumes).forEach((v, vi) => {
      list(pathOf(v, 'projected', 'sources')).forEach((s, si) => {
        if (fieldOf(s, 'serviceAccountToken')) errs.push(forbidden(`spec.volumes[${vi}].projected.sources[${si}].serviceAccountToken`, 'must not be specified when serviceAccountName is not set'));
      });
    });
  }
  for (const kind of ['containers', 'initContainers']) {
    list(spec[kind]).forEach((c, i) => {
      const image = String(fieldOf(c, 'image') ?? '');
      if (image.trim() !== image) errs.push(invalid(`spec.${kind}[${i}].image`, image, 'must not have leading or trailing whitespace'));
    });
  }
  return errs;
}

export function validatePodCreate(pod: KubeObject): FieldError[] {
  const errs = validatePodMetadataAndSpec(pod);
  const spec = objectOf(pod.spec);
  if (list(spec.ephemeralContainers).length) errs.push(forbidden('spec.ephemeralContainers', 'cannot be set on create'));
  if (spec.nodeName && list(spec.schedulingGates).length) errs.push(forbidden('spec.nodeName', 'cannot be set until all schedulingGates have been cleared'));
  return errs;
}
