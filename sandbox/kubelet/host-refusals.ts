// What the docker runtime never gives a pod, whatever its namespace's Pod Security labels say: a container in
// privileged mode, the machine's network/PID/IPC namespaces, capabilities that act on the machine rather than on the
// pod (SYS_TIME sets the machine's clock), unconfined seccomp or AppArmor, unmasked /proc, sysctls outside the
// namespaced safe set. The pod is admitted (a privileged namespace allows it, as upstream) and its kubelet refuses to
// create the containers: each waits in CreateContainerConfigError with an event that says why, the way a real kubelet
// reports a setting it will not run. hostPath is not here: it never reaches the machine's files (a per-node Docker
// volume of the cluster, docker-runtime-volumes.ts). Pure.
import type { Container, Pod } from '../api/objects';
import { BASELINE_CAPABILITIES, isSafeSysctl } from '../apiserver/plugins/pod-security-checks';

/** Capabilities a container may add: Docker's defaults, plus those that act only inside the pod's own namespaces. */
export const RUNTIME_CAPABILITIES = new Set([...BASELINE_CAPABILITIES, 'NET_ADMIN', 'NET_RAW']);

const WHY = 'kubelab runs every pod as a container on a machine shared with other learners, so this is never given, whatever the namespace\'s Pod Security level';

export const capName = (c: unknown) => String(c).replace(/^CAP_/, '');

function podLevel(pod: Pod): string[] {
  const spec = pod.spec;
  const out: string[] = [];
  const hostNs = (['hostNetwork', 'hostPID', 'hostIPC'] as const).filter((k) => spec?.[k] === true).map((k) => `${k}=true`);
  if (hostNs.length) out.push(`the pod asks for the node's namespaces (${hostNs.join(', ')})`);
  const sc = spec?.securityContext ?? {};
  if (sc.seccompProfile?.type === 'Unconfined') out.push('the pod sets securityContext.seccompProfile.type to "Unconfined"');
  if (sc.appArmorProfile?.type === 'Unconfined') out.push('the pod sets securityContext.appArmorProfile.type to "Unconfined"');
  const sysctls = (sc.sysctls ?? []).map((s) => String(s?.name)).filter((n) => !isSafeSysctl(n));
  if (sysctls.length) out.push(`the pod sets sysctls outside the safe set (${sysctls.join(', ')})`);
  if (spec?.hostUsers === false) out.push('the pod asks for a user namespace (hostUsers=false), which this runtime does not provide');
  return out;
}

function containerLevel(c: Container): string[] {
  const sc = c?.securityContext ?? {};
  const out: string[] = [];
  if (sc.privileged === true) out.push(`container "${c.name}" sets securityContext.privileged=true`);
  const caps = (sc.capabilities?.add ?? []).map(capName).filter((cap) => !RUNTIME_CAPABILITIES.has(cap));
  if (caps.length) out.push(`container "${c.name}" adds ${caps.map((x) => `"${x}"`).join(', ')} to securityContext.capabilities.add (beyond the default set only NET_ADMIN and NET_RAW, which act on the pod's own network, are given)`);
  if (sc.seccompProfile?.type === 'Unconfined') out.push(`container "${c.name}" sets securityContext.seccompProfile.type to "Unconfined"`);
  if (sc.appArmorProfile?.type === 'Unconfined') out.push(`container "${c.name}" sets securityContext.appArmorProfile.type to "Unconfined"`);
  if (sc.procMount && sc.procMount !== 'Default') out.push(`container "${c.name}" sets securityContext.procMount to "${sc.procMount}"`);
  if (sc.windowsOptions?.hostProcess === true) out.push(`container "${c.name}" sets securityContext.windowsOptions.hostProcess=true`);
  return out;
}

/** Why the runtime will not create this container, or undefined when it may. */
export function hostRefusal(pod: Pod, container: Container): string | undefined {
  const reasons = [...podLevel(pod), ...containerLevel(container)];
  return reasons.length ? `${reasons.join('; ')}: ${WHY}` : undefined;
}
