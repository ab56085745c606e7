// The pod status a kubelet reports, computed purely from the pod, what the runtime has and what the kubelet knows
// (probe results, why a container waits) — pkg/kubelet's generateAPIPodStatus, getPhase and status/generate.go:
// the phase, the conditions in a real cluster's order and wording ("containers with unready status: [app]"), and
// one containerStatus per container (state, lastState, restartCount, ready, started, image, imageID, containerID).
import type { Container, ContainerState, ContainerStatus, Pod, PodCondition, PodStatus } from '../api/objects';
import type { RuntimeContainer, RuntimePodStatus } from '../runtime/container-runtime';
import { asContainer } from './ephemeral-containers';

export interface ContainerFacts {
  /** Why the container waits now (the kubelet's reason cache): ErrImagePull, ImagePullBackOff, CrashLoopBackOff… */
  waiting?: { reason: string; message?: string };
  /** Readiness of the current instance (true when it has no readiness probe). */
  ready?: boolean;
  /** Startup of the current instance (true when it has no startup probe). */
  started?: boolean;
}

export interface StatusInput {
  pod: Pod;
  runtime: RuntimePodStatus;
  facts: Map<string, ContainerFacts>;
  now: string;
  hostIP?: string;
  /** The pod is being stopped for good (deleted): its containers will not restart, so its phase is final. */
  terminal?: boolean;
  /** The kubelet failed the pod itself (activeDeadlineSeconds): phase Failed with this reason and message. */
  failed?: { reason: string; message: string };
}

const isSidecar = (c: Container | undefined) => c?.restartPolicy === 'Always';

function terminated(c: RuntimeContainer): ContainerState {
  return {
    terminated: {
      exitCode: c.exitCode ?? 0,
      reason: c.reason ?? ((c.exitCode ?? 0) === 0 ? 'Completed' : 'Error'),
      ...(c.message ? { message: c.message } : {}),
      startedAt: c.startedAt ?? null,
      finishedAt: c.finishedAt ?? null,
      containerID: c.id,
    },
  };
}

/**
 * One containerStatus from the container's instances (oldest first) and what the kubelet knows of it. A regular
 * init container counts as ready once it has completed successfully, never while it runs.
 */
export function containerStatus(spec: Container, instances: RuntimeContainer[], facts: ContainerFacts, defaultWaiting: string, regularInit = false): ContainerStatus {
  const latest = instances[instances.length - 1];
  const previous = instances[instances.length - 2];
  const waiting = (reason: string, message?: string): ContainerState => ({ waiting: { reason, ...(message ? { message } : {}) } });
  const status: ContainerStatus = {
    name: spec.name,
    state: {},
    lastState: {},
    ready: false,
    restartCount: latest?.attempt ?? 0,
    image: latest?.image ?? spec.image,
    imageID: latest?.imageID ?? '',
    ...(latest ? { containerID: latest.id } : {}),
    started: false,
  };
  if (!latest || latest.state === 'created') {
    status.state = waiting(facts.waiting?.reason ?? defaultWaiting, facts.waiting?.message);
  } else if (latest.state === 'running') {
    status.state = { running: { startedAt: latest.startedAt } };
    status.ready = facts.ready ?? true;
    status.started = facts.started ?? true;
    if (previous) status.lastState = terminated(previous);
  } else if (facts.waiting) {
    // Exited and about to be restarted (or held back): waiting, with the exit as the last state.
    status.state = waiting(facts.waiting.reason, facts.waiting.message);
    status.lastState = terminated(latest);
  } else {
    status.state = terminated(latest);
    if (previous) status.lastState = terminated(previous);
  }
  if (regularInit) status.ready = status.state?.terminated?.exitCode === 0;
  return status;
}

/** status.ephemeralContainerStatuses (undefined when the pod has none): never ready, nothing relies on a debug container. */
function ephemeralContainerStatuses(pod: Pod, runtime: RuntimePodStatus, facts: Map<string, ContainerFacts>): ContainerStatus[] | undefined {
  const specs = pod.spec?.ephemeralContainers ?? [];
  if (!specs.length) return undefined;
  return specs.map((ec) => {
    const instances = runtime.containers.filter((c) => c.name === ec.name).sort((a, b) => a.attempt - b.attempt);
    return { ...containerStatus(asContainer(ec), instances, facts.get(ec.name) ?? {}, 'ContainerCreating'), ready: false };
  });
}

/** getPhase (pkg/kubelet/kubelet_pods.go). */
export function podPhase(pod: Pod, initStatuses: ContainerStatus[], statuses: ContainerStatus[], podIsTerminal: boolean): NonNullable<PodStatus['phase']> {
  const spec = pod.spec;
  const byName = (list: ContainerStatus[], name: string) => list.find((s) => s.name === name);
  let pendingInit = 0;
  let pendingSidecars = 0;
  let failedInit = 0;
  for (const c of spec?.initContainers ?? []) {
    const s = byName(initStatuses, c.name);
    if (isSidecar(c)) {
      if (!s?.state?.running || !s.started) pendingSidecars++;
      continue;
    }
    if (!s || s.state?.running) pendingInit++;
    else if (s.state?.terminated) {
      if (s.state.terminated.exitCode !== 0) failedInit++;
    } else if (s.state?.waiting) {
      if (s.lastState?.terminated) {
        if (s.lastState.terminated.exitCode !== 0) failedInit++;
      } else pendingInit++;
    } else pendingInit++;
  }
  let unknown = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const c of spec?.containers ?? []) {
    const s = byName(statuses, c.name);
    if (!s) unknown++;
    else if (s.state?.running) running++;
    else if (s.state?.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.state?.waiting) {
      if (s.lastState?.terminated) stopped++;
      else waiting++;
    } else unknown++;
  }
  const restartPolicy = spec?.restartPolicy ?? 'Always';
  if (failedInit > 0 && restartPolicy === 'Never') return 'Failed';
  const anyRegularStarted = statuses.some((s) => s.state?.running || s.state?.terminated || s.lastState?.terminated);
  if (pendingInit > 0 || (pendingSidecars > 0 && !anyRegularStarted) || waiting > 0) return 'Pending';
  if (running > 0 && unknown === 0) return 'Running';
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (podIsTerminal) return stopped === succeeded ? 'Succeeded' : 'Failed';
    if (restartPolicy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (restartPolicy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

const list = (names: string[]) => `[${names.join(' ')}]`;

interface Cond {
  status: 'True' | 'False';
  reason?: string;
  message?: string;
}

function containersReady(pod: Pod, statuses: ContainerStatus[], initStatuses: ContainerStatus[], phase: string): Cond {
  if (phase === 'Succeeded') return { status: 'False', reason: 'PodCompleted' };
  if (phase === 'Failed') return { status: 'False', reason: 'PodFailed' };
  const unknown: string[] = [];
  const unready: string[] = [];
  const check = (c: Container, source: ContainerStatus[]) => {
    const s = source.find((x) => x.name === c.name);
    if (!s) unknown.push(c.name);
    else if (!s.ready) unready.push(c.name);
  };
  for (const c of pod.spec?.initContainers ?? []) if (isSidecar(c)) check(c, initStatuses);
  for (const c of pod.spec?.containers ?? []) check(c, statuses);
  const parts = [...(unknown.length ? [`containers with unknown status: ${list(unknown)}`] : []), ...(unready.length ? [`containers with unready status: ${list(unready)}`] : [])];
  return parts.length ? { status: 'False', reason: 'ContainersNotReady', message: parts.join(', ') } : { status: 'True' };
}

function initialized(pod: Pod, statuses: ContainerStatus[], initStatuses: ContainerStatus[], phase: string): Cond {
  const unknown: string[] = [];
  const incomplete: string[] = [];
  for (const c of pod.spec?.initContainers ?? []) {
    const s = initStatuses.find((x) => x.name === c.name);
    if (!s) unknown.push(c.name);
    else if (isSidecar(c) ? !s.started : !(s.state?.terminated && s.state.terminated.exitCode === 0)) incomplete.push(c.name);
  }
  if (phase === 'Succeeded' && !unknown.length) return { status: 'True', reason: 'PodCompleted' };
  if (statuses.some((s) => s.state?.running || s.state?.terminated || s.lastState?.terminated)) return { status: 'True' };
  const parts = [...(unknown.length ? [`containers with unknown status: ${list(unknown)}`] : []), ...(incomplete.length ? [`containers with incomplete status: ${list(incomplete)}`] : [])];
  return parts.length ? { status: 'False', reason: 'ContainersNotInitialized', message: parts.join(', ') } : { status: 'True' };
}

function podReady(pod: Pod, cr: Cond, oldConditions: PodCondition[]): Cond {
  if (cr.status !== 'True') return cr;
  const unready: string[] = [];
  for (const gate of pod.spec?.readinessGates ?? []) {
    const c = oldConditions.find((x) => x.type === gate.conditionType);
    if (!c) unready.push(`corresponding condition of pod readiness gate "${gate.conditionType}" does not exist.`);
    else if (c.status !== 'True') unready.push(`the status of pod readiness gate "${gate.conditionType}" is not "True", but ${c.status}`);
  }
  return unready.length ? { status: 'False', reason: 'ReadinessGatesNotReady', message: unready.join(', ') } : { status: 'True' };
}

const KUBELET_CONDITIONS = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'];

/** The whole status a kubelet writes for the pod. Fields it does not own (qosClass, other conditions) are kept. */
export function generatePodStatus(input: StatusInput): PodStatus {
  const { pod, runtime, facts, now } = input;
  const old: PodStatus = pod.status ?? {};
  const oldConditions = old.conditions ?? [];
  const initSpecs = pod.spec?.initContainers ?? [];
  const specs = pod.spec?.containers ?? [];
  const instances = (name: string) => runtime.containers.filter((c) => c.name === name).sort((a, b) => a.attempt - b.attempt);
  const fact = (name: string) => facts.get(name) ?? {};
  const initStatuses = initSpecs.map((c) => containerStatus(c, instances(c.name), fact(c.name), 'PodInitializing', !isSidecar(c)));
  const initDone = initSpecs.every((c, i) => (isSidecar(c) ? initStatuses[i].started : initStatuses[i].state?.terminated?.exitCode === 0));
  const statuses = specs.map((c) => containerStatus(c, instances(c.name), fact(c.name), initDone ? 'ContainerCreating' : 'PodInitializing'));

  const oldPhase = old.phase;
  const phase = oldPhase === 'Succeeded' || oldPhase === 'Failed' ? oldPhase : input.failed ? 'Failed' : podPhase(pod, initStatuses, statuses, !!input.terminal);
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  const cr = containersReady(pod, statuses, initStatuses, phase);
  const conds: Record<string, Cond> = {
    PodReadyToStartContainers: { status: runtime.sandbox && !terminal && !input.terminal ? 'True' : 'False' },
    Initialized: initialized(pod, statuses, initStatuses, phase),
    Ready: podReady(pod, cr, oldConditions),
    ContainersReady: cr,
  };
  const conditions = KUBELET_CONDITIONS.map((type): PodCondition => {
    const prev = oldConditions.find((c) => c.type === type);
    if (type === 'PodScheduled') return prev ?? { type, status: 'True', lastProbeTime: null, lastTransitionTime: now };
    const c = conds[type];
    return {
      type,
      status: c.status,
      lastProbeTime: null,
      lastTransitionTime: prev?.status === c.status ? prev.lastTransitionTime : now,
      ...(c.reason ? { reason: c.reason } : {}),
      ...(c.message ? { message: c.message } : {}),
    };
  });
  for (const c of oldConditions) if (!KUBELET_CONDITIONS.includes(c.type)) conditions.push(c);

  const ip = runtime.sandbox?.ip || old.podIP;
  const status: PodStatus = {
    ...old,
    phase,
    conditions,
    ...(input.hostIP ? { hostIP: input.hostIP, hostIPs: [{ ip: input.hostIP }] } : {}),
    ...(ip ? { podIP: ip, podIPs: [{ ip }] } : {}),
    startTime: old.startTime ?? now,
    containerStatuses: statuses,
  };
  if (input.failed) Object.assign(status, input.failed);
  if (initSpecs.length) status.initContainerStatuses = initStatuses;
  else delete status.initContainerStatuses;
  const ephemeral = ephemeralContainerStatuses(pod, runtime, facts);
  if (ephemeral) status.ephemeralContainerStatuses = ephemeral;
  else delete status.ephemeralContainerStatuses;
  return status;
}
