// Admission that keeps learners' pods from reaching the machine they run on (they are real containers under the
// docker runtime): the Pod Security "baseline" checks — no privileged containers, no host network/PID/IPC, no
// hostPath volumes, no added capabilities beyond the default set, no hostPort, no unconfined seccomp — refused with
// Pod Security Admission's own message shape; CPU/memory above the per-container maximum refused as LimitRanger
// words it; and a per-cluster pod cap worded like a ResourceQuota. The defaults a container without limits runs
// with live here too, next to the maxima, and the docker runtime reads them (effectiveLimits).
import { findKind } from '../kinds/registry';
import { forbidden } from '../../api/errors';
import type { KubeObject } from '../../api/types';
import type { AdmissionPlugin, ObjectApi } from '../object-api';
import { parseQuantity } from '../../lib/quantity';

export interface ResourcePolicy {
  /** What a container without limits gets (Kubernetes quantities). */
  defaultCpu: string;
  defaultMemory: string;
  /** The most a container may ask for (limits, or requests without limits). */
  maxCpu: string;
  maxMemory: string;
  /** Processes per container. */
  pidsLimit: number;
  /** Pods that may exist at once in the cluster (finished ones do not count). */
  maxPods: number;
}

export const DEFAULT_RESOURCE_POLICY: ResourcePolicy = {
  defaultCpu: '1',
  defaultMemory: '256Mi',
  maxCpu: '2',
  maxMemory: '1Gi',
  pidsLimit: 512,
  maxPods: 100,
};

/** Capabilities a container may add (the container runtime's defaults, which baseline allows). */
const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);

export const POD_CAP_QUOTA = 'kubelab-pod-limit';

const podRes = findKind('Pod')!;

function allContainers(spec: any): any[] {
  return [...(spec?.initContainers ?? []), ...(spec?.containers ?? []), ...(spec?.ephemeralContainers ?? [])];
}

const quoted = (names: string[]) => names.map((n) => `"${n}"`).join(', ');
const containerWord = (names: string[]) => `${names.length === 1 ? 'container' : 'containers'} ${quoted(names)}`;

/** The baseline violations of a pod spec, in Pod Security Admission's words; empty when it passes. */
export function baselineViolations(spec: any): string[] {
  const out: string[] = [];
  const containers = allContainers(spec);
  const hostNs = (['hostNetwork', 'hostPID', 'hostIPC'] as const).filter((k) => spec?.[k] === true).map((k) => `${k}=true`);
  if (hostNs.length) out.push(`host namespaces (${hostNs.join(', ')})`);
  const privileged = containers.filter((c) => c.securityContext?.privileged === true).map((c) => c.name);
  if (privileged.length) out.push(`privileged (${containerWord(privileged)} must not set securityContext.privileged=true)`);
  const byCaps = new Map<string, string[]>();
  for (const c of containers) {
    const extra = (c.securityContext?.capabilities?.add ?? []).map(String).filter((cap: string) => !BASELINE_CAPABILITIES.has(cap.replace(/^CAP_/, '')));
    if (extra.length) byCaps.set(c.name, extra);
  }
  if (byCaps.size) {
    const parts = [...byCaps].map(([name, caps]) => `${containerWord([name])} must not include ${quoted(caps)} in securityContext.capabilities.add`);
    out.push(`non-default capabilities (${parts.join('; ')})`);
  }
  const hostPaths = (spec?.volumes ?? []).filter((v: any) => v?.hostPath).map((v: any) => v.name);
  if (hostPaths.length) out.push(`hostPath volumes (${hostPaths.length === 1 ? 'volume' : 'volumes'} ${quoted(hostPaths)})`);
  const hostPorts = containers
    .map((c) => ({ name: c.name, ports: (c.ports ?? []).map((p: any) => p.hostPort).filter((p: unknown) => typeof p === 'number' && p !== 0) }))
    .filter((c) => c.ports.length);
  if (hostPorts.length) {
    out.push(`hostPort (${hostPorts.map((c) => `container "${c.name}" uses ${c.ports.length === 1 ? 'hostPort' : 'hostPorts'} ${c.ports.join(', ')}`).join('; ')})`);
  }
  const unmasked = containers.filter((c) => c.securityContext?.procMount && c.securityContext.procMount !== 'Default').map((c) => c.name);
  if (unmasked.length) out.push(`procMount (${containerWord(unmasked)} must not set securityContext.procMount to "Unmasked")`);
  const unconfined: string[] = [];
  if (spec?.securityContext?.seccompProfile?.type === 'Unconfined') unconfined.push('pod');
  for (const c of containers) if (c.securityContext?.seccompProfile?.type === 'Unconfined') unconfined.push(`container "${c.name}"`);
  if (unconfined.length) out.push(`seccompProfile (${unconfined.join(', ')} must not set securityContext.seccompProfile.type to "Unconfined")`);
  return out;
}

/** LimitRanger's "maximum … usage per Container" violations. */
export function resourceViolations(spec: any, policy: ResourcePolicy): string[] {
  const out: string[] = [];
  for (const c of allContainers(spec)) {
    for (const [resource, max] of [['cpu', policy.maxCpu], ['memory', policy.maxMemory]] as const) {
      const limit = c.resources?.limits?.[resource];
      const request = c.resources?.requests?.[resource];
      const [what, value] = limit !== undefined ? ['limit', limit] : ['request', request];
      if (value === undefined) continue;
      if ((parseQuantity(value) ?? 0) > (parseQuantity(max) ?? Infinity)) out.push(`maximum ${resource} usage per Container is ${max}, but ${what} is ${value}`);
    }
  }
  return out;
}

/** What a container runs with: its limits, else its requests raised to the default, never above the maxima. */
export function effectiveLimits(container: any, policy: ResourcePolicy = DEFAULT_RESOURCE_POLICY): { cpuCores: number; memoryBytes: number } {
  const pick = (resource: 'cpu' | 'memory', def: string, max: string) => {
    const limit = parseQuantity(container?.resources?.limits?.[resource]);
    const request = parseQuantity(container?.resources?.requests?.[resource]);
    const value = limit ?? Math.max(request ?? 0, parseQuantity(def) ?? 0);
    return Math.min(value, parseQuantity(max) ?? value);
  };
  return { cpuCores: pick('cpu', policy.defaultCpu, policy.maxCpu), memoryBytes: Math.round(pick('memory', policy.defaultMemory, policy.maxMemory)) };
}

function livePods(api: ObjectApi): number {
  return api.list(podRes, undefined).items.filter((p: KubeObject) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed').length;
}

export function podSecurity(policy: ResourcePolicy = DEFAULT_RESOURCE_POLICY): AdmissionPlugin {
  return {
    name: 'PodSecurity',
    admit(req, api) {
      if (req.res.kind !== 'Pod' || req.operation !== 'CREATE') return;
      const name = String(req.obj.metadata.name ?? '');
      const baseline = baselineViolations(req.obj.spec);
      if (baseline.length) throw forbidden('', 'pods', name, `violates PodSecurity "baseline:latest": ${baseline.join(', ')}`);
      const resources = resourceViolations(req.obj.spec, policy);
      if (resources.length) throw forbidden('', 'pods', name, resources.join(', '));
      const used = livePods(api);
      if (used >= policy.maxPods) {
        throw forbidden('', 'pods', name, `exceeded quota: ${POD_CAP_QUOTA}, requested: pods=1, used: pods=${used}, limited: pods=${policy.maxPods}`);
      }
    },
  };
}
