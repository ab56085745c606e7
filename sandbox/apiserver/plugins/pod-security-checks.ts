// The Pod Security Standards as kubernetes/pod-security-admission checks them (policy/check_*.go, latest version):
// each check returns its ForbiddenReason and ForbiddenDetail in upstream's words, in upstream's order (baseline
// checks by ID, then restricted ones, a restricted check replacing the baseline check it overrides), so a learner's
// refusal or warning reads exactly as on a real cluster. Pure: no API, no I/O.

import type { ObjectMeta } from '../../api/types';
import type { Container, LifecycleHandler, PodSpec, Probe, SELinuxOptions } from '../../api/objects';
import { fieldOf } from '../../api/unchecked';

export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

export interface CheckResult {
  reason: string;
  detail: string;
}

/** One check on a pod's (or pod template's) metadata and spec; both have passed validation, templates only partly. */
type Check = (meta: ObjectMeta | undefined, spec: PodSpec | undefined) => CheckResult | undefined;

const joinQuote = (items: string[]) => (items.length ? `"${items.join('", "')}"` : '');
const pluralize = (singular: string, plural: string, count: number) => (count === 1 ? singular : plural);
/** sets.NewString(...).List(): unique and sorted. */
const sortedSet = (items: Iterable<string>) => [...new Set(items)].sort();
const containers = (what: string[]) => `${pluralize('container', 'containers', what.length)} ${joinQuote(what)}`;

/** visitContainers: init containers, containers, then ephemeral containers. */
function visit(spec: PodSpec | undefined, fn: (c: Container) => void): void {
  // A null entry (possible in a StatefulSet template, which is not validated) is looked at as an empty container.
  for (const c of [...(spec?.initContainers ?? []), ...(spec?.containers ?? []), ...(spec?.ephemeralContainers ?? [])]) fn(c ?? ({} as Container));
}

const sc = (c: Container) => c?.securityContext ?? undefined;
const podSc = (spec: PodSpec | undefined) => spec?.securityContext ?? undefined;
const userNamespaced = (spec: PodSpec | undefined) => spec?.hostUsers === false;

const appArmorProfile: Check = (meta, spec) => {
  const allowedType = (t: unknown) => t === 'RuntimeDefault' || t === 'Localhost';
  const setters: string[] = [];
  const values = new Set<string>();
  const podProfile = podSc(spec)?.appArmorProfile;
  if (podProfile && !allowedType(podProfile.type)) {
    setters.push('pod');
    values.add(String(podProfile.type ?? ''));
  }
  const bad: string[] = [];
  visit(spec, (c) => {
    const p = sc(c)?.appArmorProfile;
    if (p && !allowedType(p.type)) {
      bad.push(c.name);
      values.add(String(p.type ?? ''));
    }
  });
  if (bad.length) setters.push(containers(bad));
  const annotations = Object.entries<string>(meta?.annotations ?? {})
    .filter(([k, v]) => k.startsWith('container.apparmor.security.beta.kubernetes.io/') && !(v === '' || v === 'runtime/default' || String(v).startsWith('localhost/')))
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .sort();
  const valueList = [...sortedSet(values), ...annotations];
  if (annotations.length) setters.push(pluralize('annotation', 'annotations', annotations.length));
  if (!setters.length) return undefined;
  return {
    reason: pluralize('forbidden AppArmor profile', 'forbidden AppArmor profiles', valueList.length),
    detail: `${setters.join(' and ')} must not set AppArmor profile type to ${joinQuote(valueList)}`,
  };
};

/** Docker's default capability set, which baseline allows a container to add. */
export const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);

const capabilitiesBaseline: Check = (_meta, spec) => {
  const bad: string[] = [];
  const caps = new Set<string>();
  visit(spec, (c) => {
    const extra = (sc(c)?.capabilities?.add ?? []).map(String).filter((cap: string) => !BASELINE_CAPABILITIES.has(cap));
    if (!extra.length) return;
    bad.push(c.name);
    for (const cap of extra) caps.add(cap);
  });
  if (!bad.length) return undefined;
  return { reason: 'non-default capabilities', detail: `${containers(bad)} must not include ${joinQuote(sortedSet(caps))} in securityContext.capabilities.add` };
};

const hostNamespaces: Check = (_meta, spec) => {
  const used = (['hostNetwork', 'hostPID', 'hostIPC'] as const).filter((k) => spec?.[k] === true).map((k) => `${k}=true`);
  return used.length ? { reason: 'host namespaces', detail: used.join(', ') } : undefined;
};

const hostPathVolumes: Check = (_meta, spec) => {
  const names = (spec?.volumes ?? []).filter((v) => v?.hostPath).map((v) => String(v.name));
  return names.length ? { reason: 'hostPath volumes', detail: `${pluralize('volume', 'volumes', names.length)} ${joinQuote(names)}` } : undefined;
};

const hostPorts: Check = (_meta, spec) => {
  const bad: string[] = [];
  const ports = new Set<string>();
  visit(spec, (c) => {
    const used = (c.ports ?? []).map((p) => p?.hostPort).filter((p: unknown) => typeof p === 'number' && p !== 0);
    if (!used.length) return;
    bad.push(c.name);
    for (const p of used) ports.add(String(p));
  });
  if (!bad.length) return undefined;
  const list = sortedSet(ports);
  return { reason: 'hostPort', detail: `${containers(bad)} ${pluralize('uses', 'use', bad.length)} ${pluralize('hostPort', 'hostPorts', list.length)} ${list.join(', ')}` };
};

const hostProbesAndHostLifecycle: Check = (_meta, spec) => {
  const bad = new Set<string>();
  const hosts = new Set<string>();
  const look = (c: Container, handler: Probe | LifecycleHandler | undefined) => {
    for (const h of [handler?.httpGet?.host, handler?.tcpSocket?.host]) {
      if (typeof h === 'string' && h !== '') {
        bad.add(c.name);
        hosts.add(h);
      }
    }
  };
  visit(spec, (c) => {
    for (const p of [c.livenessProbe, c.readinessProbe, c.startupProbe, c.lifecycle?.postStart, c.lifecycle?.preStop]) look(c, p);
  });
  if (!bad.size) return undefined;
  const names = sortedSet(bad);
  const list = sortedSet(hosts);
  return {
    reason: 'probe or lifecycle host',
    detail: `${pluralize('container', 'containers', names.length)} ${joinQuote(names)} ${pluralize('uses', 'use', names.length)} ${pluralize('probe or lifecycle host', 'probe or lifecycle hosts', list.length)} ${joinQuote(list)}`,
  };
};

const privileged: Check = (_meta, spec) => {
  const bad: string[] = [];
  visit(spec, (c) => {
    if (sc(c)?.privileged === true) bad.push(c.name);
  });
  return bad.length ? { reason: 'privileged', detail: `${containers(bad)} must not set securityContext.privileged=true` } : undefined;
};

const procMount: Check = (_meta, spec) => {
  if (userNamespaced(spec)) return undefined;
  const bad: string[] = [];
  const types = new Set<string>();
  visit(spec, (c) => {
    const t = sc(c)?.procMount;
    if (t !== undefined && t !== null && t !== 'Default') {
      bad.push(c.name);
      types.add(String(t));
    }
  });
  return bad.length ? { reason: 'procMount', detail: `${containers(bad)} must not set securityContext.procMount to ${joinQuote(sortedSet(types))}` } : undefined;
};

const seLinuxOptions: Check = (_meta, spec) => {
  const allowed = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
  const types = new Set<string>();
  let user = false;
  let role = false;
  const valid = (o: SELinuxOptions) => {
    let ok = true;
    if (!allowed.has(String(o.type ?? ''))) {
      ok = false;
      types.add(String(o.type ?? ''));
    }
    if (o.user) {
      ok = false;
      user = true;
    }
    if (o.role) {
      ok = false;
      role = true;
    }
    return ok;
  };
  const setters: string[] = [];
  const podOptions = podSc(spec)?.seLinuxOptions;
  if (podOptions && !valid(podOptions)) setters.push('pod');
  const bad: string[] = [];
  visit(spec, (c) => {
    const options = sc(c)?.seLinuxOptions;
    if (options && !valid(options)) bad.push(c.name);
  });
  if (bad.length) setters.push(containers(bad));
  if (!setters.length) return undefined;
  const data: string[] = [];
  if (types.size) data.push(`${pluralize('type', 'types', types.size)} ${joinQuote(sortedSet(types))}`);
  if (user) data.push('user may not be set');
  if (role) data.push('role may not be set');
  return { reason: 'seLinuxOptions', detail: `${setters.join(' and ')} set forbidden securityContext.seLinuxOptions: ${data.join('; ')}` };
};

const validSeccomp = (t: unknown) => t === 'RuntimeDefault' || t === 'Localhost';

/** The seccomp check of either level: restricted also wants a profile set somewhere. */
function seccomp(required: boolean): Check {
  return (_meta, spec) => {
    const setters: string[] = [];
    const values = new Set<string>();
    let podSet = false;
    const podProfile = podSc(spec)?.seccompProfile;
    if (podProfile) {
      if (!validSeccomp(podProfile.type)) {
        setters.push('pod');
        values.add(String(podProfile.type ?? ''));
      } else podSet = true;
    }
    const bad: string[] = [];
    const implicit: string[] = [];
    visit(spec, (c) => {
      const p = sc(c)?.seccompProfile;
      if (p) {
        if (!validSeccomp(p.type)) {
          bad.push(c.name);
          values.add(String(p.type ?? ''));
        }
      } else if (!podSet) implicit.push(c.name);
    });
    if (bad.length) setters.push(containers(bad));
    if (setters.length) return { reason: 'seccompProfile', detail: `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedSet(values))}` };
    if (required && implicit.length) {
      return { reason: 'seccompProfile', detail: `pod or ${containers(implicit)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"` };
    }
    return undefined;
  };
}

const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem',
]);

export function isSafeSysctl(name: string): boolean {
  return SAFE_SYSCTLS.has(name);
}

const sysctls: Check = (_meta, spec) => {
  const bad = (podSc(spec)?.sysctls ?? []).map((s) => String(s?.name)).filter((n) => !SAFE_SYSCTLS.has(n));
  return bad.length ? { reason: 'forbidden sysctls', detail: bad.join(', ') } : undefined;
};

const windowsHostProcess: Check = (_meta, spec) => {
  const setters: string[] = [];
  if (podSc(spec)?.windowsOptions?.hostProcess === true) setters.push('pod');
  const bad: string[] = [];
  visit(spec, (c) => {
    if (sc(c)?.windowsOptions?.hostProcess === true) bad.push(c.name);
  });
  if (bad.length) setters.push(containers(bad));
  return setters.length ? { reason: 'hostProcess', detail: `${setters.join(' and ')} must not set securityContext.windowsOptions.hostProcess=true` } : undefined;
};

const isWindows = (spec: PodSpec | undefined) => spec?.os?.name === 'windows';

const allowPrivilegeEscalation: Check = (_meta, spec) => {
  if (isWindows(spec)) return undefined;
  const bad: string[] = [];
  visit(spec, (c) => {
    if (sc(c)?.allowPrivilegeEscalation !== false) bad.push(c.name);
  });
  return bad.length ? { reason: 'allowPrivilegeEscalation != false', detail: `${containers(bad)} must set securityContext.allowPrivilegeEscalation=false` } : undefined;
};

const capabilitiesRestricted: Check = (_meta, spec) => {
  if (isWindows(spec)) return undefined;
  const missingDrop: string[] = [];
  const adding: string[] = [];
  const caps = new Set<string>();
  visit(spec, (c) => {
    const capabilities = sc(c)?.capabilities;
    if (!capabilities) return void missingDrop.push(c.name);
    if (!(capabilities.drop ?? []).includes('ALL')) missingDrop.push(c.name);
    const extra = (capabilities.add ?? []).map(String).filter((cap: string) => cap !== 'NET_BIND_SERVICE');
    if (extra.length) {
      adding.push(c.name);
      for (const cap of extra) caps.add(cap);
    }
  });
  const details: string[] = [];
  if (missingDrop.length) details.push(`${containers(missingDrop)} must set securityContext.capabilities.drop=["ALL"]`);
  if (adding.length) details.push(`${containers(adding)} must not include ${joinQuote(sortedSet(caps))} in securityContext.capabilities.add`);
  return details.length ? { reason: 'unrestricted capabilities', detail: details.join('; ') } : undefined;
};

const ALLOWED_RESTRICTED_VOLUMES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret'];
const KNOWN_VOLUME_TYPES = [
  'hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'nfs', 'iscsi', 'glusterfs', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'fc',
  'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'portworxVolume', 'scaleIO', 'storageos',
];
const GO_TYPE_NAMES: Record<string, string> = { storageos: 'storageos' };

const restrictedVolumes: Check = (_meta, spec) => {
  const bad: string[] = [];
  const types = new Set<string>();
  for (const v of spec?.volumes ?? []) {
    if (ALLOWED_RESTRICTED_VOLUMES.some((k) => fieldOf(v, k) !== undefined && fieldOf(v, k) !== null)) continue;
    bad.push(String(v?.name));
    const known = KNOWN_VOLUME_TYPES.find((k) => fieldOf(v, k) !== undefined && fieldOf(v, k) !== null);
    types.add(known ? GO_TYPE_NAMES[known] ?? known : 'unknown');
  }
  if (!bad.length) return undefined;
  const list = sortedSet(types);
  return {
    reason: 'restricted volume types',
    detail: `${pluralize('volume', 'volumes', bad.length)} ${joinQuote(bad)} ${pluralize('uses', 'use', bad.length)} ${pluralize('restricted volume type', 'restricted volume types', list.length)} ${joinQuote(list)}`,
  };
};

const runAsNonRoot: Check = (_meta, spec) => {
  if (userNamespaced(spec)) return undefined;
  const setters: string[] = [];
  let podNonRoot = false;
  const podValue = podSc(spec)?.runAsNonRoot;
  if (podValue === false) setters.push('pod');
  else if (podValue === true) podNonRoot = true;
  const explicit: string[] = [];
  const implicit: string[] = [];
  visit(spec, (c) => {
    const v = sc(c)?.runAsNonRoot;
    if (v === true || v === false) {
      if (v === false) explicit.push(c.name);
    } else if (!podNonRoot) implicit.push(c.name);
  });
  if (explicit.length) setters.push(containers(explicit));
  if (setters.length) return { reason: 'runAsNonRoot != true', detail: `${setters.join(' and ')} must not set securityContext.runAsNonRoot=false` };
  if (implicit.length) return { reason: 'runAsNonRoot != true', detail: `pod or ${containers(implicit)} must set securityContext.runAsNonRoot=true` };
  return undefined;
};

const runAsUser: Check = (_meta, spec) => {
  if (userNamespaced(spec)) return undefined;
  const setters: string[] = [];
  if (podSc(spec)?.runAsUser === 0) setters.push('pod');
  const bad: string[] = [];
  visit(spec, (c) => {
    if (sc(c)?.runAsUser === 0) bad.push(c.name);
  });
  if (bad.length) setters.push(containers(bad));
  return setters.length ? { reason: 'runAsUser=0', detail: `${setters.join(' and ')} must not set runAsUser=0` } : undefined;
};

/** Baseline checks by ID (Go's byte order), then restricted ones; `overrides` names the baseline check replaced. */
const BASELINE: [string, Check][] = [
  ['appArmorProfile', appArmorProfile],
  ['capabilities_baseline', capabilitiesBaseline],
  ['hostNamespaces', hostNamespaces],
  ['hostPathVolumes', hostPathVolumes],
  ['hostPorts', hostPorts],
  ['hostProbesAndHostLifecycle', hostProbesAndHostLifecycle],
  ['privileged', privileged],
  ['procMount', procMount],
  ['seLinuxOptions', seLinuxOptions],
  ['seccompProfile_baseline', seccomp(false)],
  ['sysctls', sysctls],
  ['windowsHostProcess', windowsHostProcess],
];
const RESTRICTED: [string, Check, string?][] = [
  ['allowPrivilegeEscalation', allowPrivilegeEscalation],
  ['capabilities_restricted', capabilitiesRestricted, 'capabilities_baseline'],
  ['procMount_restricted', procMount, 'procMount'],
  ['restrictedVolumes', restrictedVolumes, 'hostPathVolumes'],
  ['runAsNonRoot', runAsNonRoot],
  ['runAsUser', runAsUser],
  ['seccompProfile_restricted', seccomp(true), 'seccompProfile_baseline'],
];

const overridden = new Set(RESTRICTED.map(([, , o]) => o).filter(Boolean));
const CHECKS: Record<PodSecurityLevel, Check[]> = {
  privileged: [],
  baseline: BASELINE.map(([, c]) => c),
  restricted: [...BASELINE.filter(([id]) => !overridden.has(id)).map(([, c]) => c), ...RESTRICTED.map(([, c]) => c)],
};

/** What the pod (its metadata and spec) violates at this level; empty when it is allowed. */
export function evaluatePod(level: PodSecurityLevel, meta: ObjectMeta | undefined, spec: PodSpec | undefined): CheckResult[] {
  return CHECKS[level].map((check) => check(meta, spec)).filter((r): r is CheckResult => r !== undefined);
}

/** AggregateCheckResult.ForbiddenDetail: "reason (detail), reason (detail)". */
export function forbiddenDetail(results: CheckResult[]): string {
  return results.map((r) => (r.detail ? `${r.reason} (${r.detail})` : r.reason)).join(', ');
}

/** AggregateCheckResult.ForbiddenReason: the reasons alone. */
export function forbiddenReason(results: CheckResult[]): string {
  return results.map((r) => r.reason).join(', ');
}
