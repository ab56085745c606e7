// Container rules (core validateContainers / validateInitContainers / validateContainerCommon): names, images,
// ports, env, probes, lifecycle hooks, pull policy and resources. Error paths and wording follow the real code,
// e.g. `spec.containers[0].image: Required value`, `spec.containers[1].name: Duplicate value: "nginx"`.
import type { FieldError } from '../../api/errors';
import { fieldOf, itemsOf, objectOf } from '../../api/unchecked';
import { duplicate, forbidden, invalid, invalidEach, isOneOf, notSupported, required } from './field-errors';
import { isConfigMapKey, isDNS1123Label, isEnvVarName, isHTTPHeaderName, isQualifiedName, isValidPortName, isValidPortNum, nameIsDNSSubdomain } from '../../lib/names';
import { parseQuantity, quantityString } from '../../lib/quantity';
import { ENV_FIELD_PATHS, validateObjectFieldSelector, validateVolumeMounts } from './validate-volumes';

const list = itemsOf;
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const RESOURCE_FIELD_PATHS = ['limits.cpu', 'limits.ephemeral-storage', 'limits.memory', 'requests.cpu', 'requests.ephemeral-storage', 'requests.memory'];
const NON_NEGATIVE = 'must be greater than or equal to 0';

function validatePorts(ports: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  list(ports).forEach((entry, i) => {
    const port = objectOf(entry);
    const p = `${path}[${i}]`;
    const name = String(port.name ?? '');
    if (name) {
      const msgs = isValidPortName(name);
      if (msgs.length) errs.push(...invalidEach(`${p}.name`, name, msgs));
      else if (names.has(name)) errs.push(duplicate(`${p}.name`, name));
      else names.add(name);
    }
    const containerPort = Number(port.containerPort ?? 0);
    if (!containerPort) errs.push(required(`${p}.containerPort`));
    else errs.push(...invalidEach(`${p}.containerPort`, containerPort, isValidPortNum(containerPort)));
    const hostPort = Number(port.hostPort ?? 0);
    if (hostPort) errs.push(...invalidEach(`${p}.hostPort`, hostPort, isValidPortNum(hostPort)));
    if (!port.protocol) errs.push(required(`${p}.protocol`));
    else if (!isOneOf(PROTOCOLS, port.protocol)) errs.push(notSupported(`${p}.protocol`, String(port.protocol), PROTOCOLS));
  });
  return errs;
}

function validateKeySelector(input: unknown, path: string): FieldError[] {
  const ref = objectOf(input);
  const errs = invalidEach(`${path}.name`, String(ref.name ?? ''), nameIsDNSSubdomain(String(ref.name ?? ''), false));
  if (!ref.key) errs.push(required(`${path}.key`));
  else errs.push(...invalidEach(`${path}.key`, String(ref.key), isConfigMapKey(String(ref.key))));
  return errs;
}

function validateEnv(env: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  list(env).forEach((entry, i) => {
    const ev = objectOf(entry);
    const p = `${path}[${i}]`;
    if (!ev.name) errs.push(required(`${p}.name`));
    else errs.push(...invalidEach(`${p}.name`, String(ev.name), isEnvVarName(String(ev.name))));
    if (!ev.valueFrom) return;
    const from = objectOf(ev.valueFrom);
    const vp = `${p}.valueFrom`;
    let sources = 0;
    if (from.fieldRef) {
      sources++;
      errs.push(...validateObjectFieldSelector(from.fieldRef, ENV_FIELD_PATHS, `${vp}.fieldRef`));
    }
    if (from.resourceFieldRef) {
      sources++;
      const resource = String(fieldOf(from.resourceFieldRef, 'resource') ?? '');
      if (!resource) errs.push(required(`${vp}.resourceFieldRef.resource`));
      else if (!RESOURCE_FIELD_PATHS.includes(resource) && !/^(requests|limits)\.hugepages-/.test(resource)) {
        errs.push(notSupported(`${vp}.resourceFieldRef.resource`, resource, RESOURCE_FIELD_PATHS));
      }
    }
    if (from.configMapKeyRef) {
      sources++;
      errs.push(...validateKeySelector(from.configMapKeyRef, `${vp}.configMapKeyRef`));
    }
    if (from.secretKeyRef) {
      sources++;
      errs.push(...validateKeySelector(from.secretKeyRef, `${vp}.secretKeyRef`));
    }
    if (!sources) errs.push(invalid(vp, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
    else if (ev.value) errs.push(invalid(vp, '', 'may not be specified when `value` is not empty'));
    else if (sources > 1) errs.push(invalid(vp, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}

function validateEnvFrom(envFrom: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  list(envFrom).forEach((entry, i) => {
    const ev = objectOf(entry);
    const p = `${path}[${i}]`;
    if (ev.prefix) errs.push(...invalidEach(`${p}.prefix`, String(ev.prefix), isEnvVarName(String(ev.prefix))));
    let sources = 0;
    for (const key of ['configMapRef', 'secretRef']) {
      if (!ev[key]) continue;
      sources++;
      const name = String(fieldOf(ev[key], 'name') ?? '');
      if (!name) errs.push(required(`${p}.${key}.name`));
      else errs.push(...invalidEach(`${p}.${key}.name`, name, nameIsDNSSubdomain(name, true)));
    }
    if (!sources) errs.push(invalid(path, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (sources > 1) errs.push(invalid(path, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}

function validatePortNumOrName(port: unknown, path: string): FieldError[] {
  if (typeof port === 'string') return invalidEach(path, port, isValidPortName(port));
  const n = Number(port ?? 0);
  return invalidEach(path, n, isValidPortNum(n));
}

const HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc', 'sleep'];

function validateHandler(handler: unknown, gracePeriod: number | undefined, path: string, allowed: readonly string[]): FieldError[] {
  const errs: FieldError[] = [];
  let count = 0;
  for (const kind of HANDLERS) {
    if (!allowed.includes(kind) || !fieldOf(handler, kind)) continue;
    if (count > 0) {
      errs.push(forbidden(`${path}.${kind}`, 'may not specify more than 1 handler type'));
      continue;
    }
    count++;
    const h = objectOf(fieldOf(handler, kind));
    const p = `${path}.${kind}`;
    if (kind === 'exec' && !list(h.command).length) errs.push(required(`${p}.command`));
    if (kind === 'httpGet') {
      if (!h.path) errs.push(required(`${p}.path`));
      errs.push(...validatePortNumOrName(h.port, `${p}.port`));
      if (!isOneOf(['HTTP', 'HTTPS'], h.scheme)) errs.push(notSupported(`${p}.scheme`, String(h.scheme ?? ''), ['HTTP', 'HTTPS']));
      for (const header of list(h.httpHeaders)) {
        const name = String(fieldOf(header, 'name') ?? '');
        errs.push(...invalidEach(`${p}.httpHeaders`, name, isHTTPHeaderName(name)));
      }
    }
    if (kind === 'tcpSocket') errs.push(...validatePortNumOrName(h.port, `${p}.port`));
    if (kind === 'grpc') errs.push(...validatePortNumOrName(Number(h.port ?? 0), `${p}.port`));
    if (kind === 'sleep') {
      const seconds = Number(h.seconds ?? 0);
      if (gracePeriod !== undefined && (seconds <= 0 || seconds > gracePeriod)) {
        errs.push(invalid(p, seconds, `must be greater than 0 and less than terminationGracePeriodSeconds (${gracePeriod})`));
      }
    }
  }
  if (!count) errs.push(required(path, 'must specify a handler type'));
  return errs;
}

function validateProbe(input: unknown, gracePeriod: number | undefined, path: string, kind: 'liveness' | 'readiness' | 'startup'): FieldError[] {
  if (!input || typeof input !== 'object') return [];
  const probe = objectOf(input);
  const errs = validateHandler(probe, gracePeriod, path, ['exec', 'httpGet', 'tcpSocket', 'grpc']);
  for (const k of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    const v = probe[k];
    if (typeof v === 'number' && v < 0) errs.push(invalid(`${path}.${k}`, v, NON_NEGATIVE));
  }
  const grace = probe.terminationGracePeriodSeconds;
  if (typeof grace === 'number' && grace <= 0) {
    errs.push(invalid(`${path}.terminationGracePeriodSeconds`, grace, 'must be greater than 0'));
  }
  if (kind !== 'readiness' && probe.successThreshold !== undefined && probe.successThreshold !== 1) {
    errs.push(invalid(`${path}.successThreshold`, Number(probe.successThreshold), 'must be 1'));
  }
  if (kind === 'readiness' && probe.terminationGracePeriodSeconds !== undefined && probe.terminationGracePeriodSeconds !== null) {
    errs.push(invalid(`${path}.terminationGracePeriodSeconds`, Number(probe.terminationGracePeriodSeconds), 'must not be set for readinessProbes'));
  }
  return errs;
}

function validateLifecycle(lifecycle: unknown, gracePeriod: number | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const hook of ['postStart', 'preStop']) {
    const handler = fieldOf(lifecycle, hook);
    if (handler) errs.push(...validateHandler(handler, gracePeriod, `${path}.${hook}`, ['exec', 'httpGet', 'tcpSocket', 'sleep']));
  }
  return errs;
}

const isHugePages = (name: string) => name.startsWith('hugepages-');
const isNative = (name: string) => !name.includes('/') || name.includes('kubernetes.io/');
const overcommitAllowed = (name: string) => isNative(name) && !isHugePages(name);
const STANDARD_CONTAINER_RESOURCES = ['cpu', 'memory', 'ephemeral-storage'];
const STANDARD_RESOURCES = [...STANDARD_CONTAINER_RESOURCES, 'storage', 'pods', 'services', 'replicationcontrollers', 'resourcequotas', 'secrets', 'configmaps', 'persistentvolumeclaims'];

function validateResourceName(name: string, path: string): FieldError[] {
  const errs = invalidEach(path, name, isQualifiedName(name));
  if (errs.length) return errs;
  if (!name.includes('/')) {
    if (!STANDARD_RESOURCES.includes(name) && !isHugePages(name)) errs.push(invalid(path, name, 'must be a standard resource type or fully qualified'));
    if (!STANDARD_CONTAINER_RESOURCES.includes(name) && !isHugePages(name)) errs.push(invalid(path, name, 'must be a standard resource for containers'));
  } else if (!isNative(name) && name.startsWith('requests.')) {
    errs.push(invalid(path, name, "doesn't follow extended resource name standard"));
  }
  return errs;
}

function validateQuantity(name: string, q: unknown, path: string): FieldError[] {
  const n = parseQuantity(q);
  if (n === undefined) return [];
  if (n < 0) return [invalid(path, quantityString(q), NON_NEGATIVE)];
  if (!isNative(name) && !Number.isInteger(n)) return [invalid(path, quantityString(q), 'must be an integer')];
  return [];
}

function validateResources(resources: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const limits = objectOf(fieldOf(resources, 'limits'));
  const requests = objectOf(fieldOf(resources, 'requests'));
  for (const [name, q] of Object.entries(limits)) {
    errs.push(...validateResourceName(name, `${path}.limits[${name}]`), ...validateQuantity(name, q, `${path}.limits[${name}]`));
  }
  for (const [name, q] of Object.entries(requests)) {
    errs.push(...validateResourceName(name, `${path}.requests[${name}]`), ...validateQuantity(name, q, `${path}.requests[${name}]`));
    if (name in limits) {
      const req = parseQuantity(q);
      const lim = parseQuantity(limits[name]);
      if (req === undefined || lim === undefined) continue;
      if (req !== lim && !overcommitAllowed(name)) {
        errs.push(invalid(`${path}.requests`, quantityString(q), `must be equal to ${name} limit of ${quantityString(limits[name])}`));
      } else if (req > lim) {
        errs.push(invalid(`${path}.requests`, quantityString(q), `must be less than or equal to ${name} limit of ${quantityString(limits[name])}`));
      }
    } else if (!overcommitAllowed(name)) {
      errs.push(required(`${path}.limits`, 'Limit must be set for non overcommitable resources'));
    }
  }
  return errs;
}

/** validateContainerCommon: what regular and init containers share. */
export function validateContainerCommon(entry: unknown, volumes: Set<string>, path: string): FieldError[] {
  const c = objectOf(entry);
  const errs: FieldError[] = [];
  const name = String(c.name ?? '');
  if (!name) errs.push(required(`${path}.name`));
  else errs.push(...invalidEach(`${path}.name`, name, isDNS1123Label(name)));
  if (!c.image) errs.push(required(`${path}.image`));
  const tmp = c.terminationMessagePolicy;
  if (!tmp) errs.push(required(`${path}.terminationMessagePolicy`));
  else if (tmp !== 'File' && tmp !== 'FallbackToLogsOnError') errs.push(notSupported(`${path}.terminationMessagePolicy`, String(tmp), ['File', 'FallbackToLogsOnError']));
  errs.push(...validatePorts(c.ports, `${path}.ports`));
  errs.push(...validateEnv(c.env, `${path}.env`));
  errs.push(...validateEnvFrom(c.envFrom, `${path}.envFrom`));
  errs.push(...validateVolumeMounts(entry, volumes, `${path}.volumeMounts`));
  const pull = c.imagePullPolicy;
  if (!pull) errs.push(required(`${path}.imagePullPolicy`));
  else if (!isOneOf(PULL_POLICIES, pull)) errs.push(notSupported(`${path}.imagePullPolicy`, String(pull), PULL_POLICIES));
  errs.push(...validateResources(c.resources, `${path}.resources`));
  return errs;
}

/** AccumulateUniqueHostPorts: two containers of a pod cannot bind the same host port. */
function hostPortConflicts(containers: unknown[], path: string): FieldError[] {
  const seen = new Set<string>();
  const errs: FieldError[] = [];
  containers.forEach((c, ci) => {
    list(fieldOf(c, 'ports')).forEach((entry, pi) => {
      const p = objectOf(entry);
      if (!p.hostPort) return;
      const key = `${p.protocol ?? ''}/${p.hostIP ?? ''}/${p.hostPort}`;
      if (seen.has(key)) errs.push(duplicate(`${path}[${ci}].ports[${pi}].hostPort`, key));
      else seen.add(key);
    });
  });
  return errs;
}

export function validateContainers(containers: unknown, volumes: Set<string>, gracePeriod: number | undefined, path: string): FieldError[] {
  const cs = list(containers);
  if (!cs.length) return [required(path)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  cs.forEach((entry, i) => {
    const c = objectOf(entry);
    const p = `${path}[${i}]`;
    errs.push(...validateContainerCommon(entry, volumes, p));
    const name = String(c.name ?? '');
    if (names.has(name)) errs.push(duplicate(`${p}.name`, name));
    else names.add(name);
    if (c.lifecycle) errs.push(...validateLifecycle(c.lifecycle, gracePeriod, `${p}.lifecycle`));
    errs.push(...validateProbe(c.livenessProbe, gracePeriod, `${p}.livenessProbe`, 'liveness'));
    errs.push(...validateProbe(c.readinessProbe, gracePeriod, `${p}.readinessProbe`, 'readiness'));
    errs.push(...validateProbe(c.startupProbe, gracePeriod, `${p}.startupProbe`, 'startup'));
    if (c.restartPolicy !== undefined && c.restartPolicy !== null) errs.push(forbidden(`${p}.restartPolicy`, 'may not be set for non-init containers'));
  });
  errs.push(...hostPortConflicts(cs, path));
  return errs;
}

export function validateInitContainers(
  inits: unknown, containers: unknown, volumes: Set<string>, gracePeriod: number | undefined, path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>(list(containers).map((c) => String(fieldOf(c, 'name') ?? '')));
  list(inits).forEach((entry, i) => {
    const c = objectOf(entry);
    const p = `${path}[${i}]`;
    errs.push(...validateContainerCommon(entry, volumes, p));
    let restartAlways = false;
    if (c.restartPolicy !== undefined && c.restartPolicy !== null) {
      if (c.restartPolicy !== 'Always') errs.push(notSupported(`${p}.restartPolicy`, String(c.restartPolicy), ['Always']));
      restartAlways = c.restartPolicy === 'Always';
    }
    const name = String(c.name ?? '');
    if (names.has(name)) errs.push(duplicate(`${p}.name`, name));
    else if (name) names.add(name);
    // Checked one init container at a time (they run one by one), so the real code always reports index 0.
    errs.push(...hostPortConflicts([entry], path));
    if (restartAlways) {
      if (c.lifecycle) errs.push(...validateLifecycle(c.lifecycle, gracePeriod, `${p}.lifecycle`));
      errs.push(...validateProbe(c.livenessProbe, gracePeriod, `${p}.livenessProbe`, 'liveness'));
      errs.push(...validateProbe(c.readinessProbe, gracePeriod, `${p}.readinessProbe`, 'readiness'));
      errs.push(...validateProbe(c.startupProbe, gracePeriod, `${p}.startupProbe`, 'startup'));
    } else {
      for (const k of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) {
        if (c[k]) errs.push(forbidden(`${p}.${k}`, 'may not be set for init containers without restartPolicy=Always'));
      }
    }
  });
  return errs;
}
