// The Pod row of `kubectl get pods`: READY, the STATUS reason (kube-apiserver's printPod logic, including init
// containers, sidecars, Terminating and NodeLost) and RESTARTS with the time since the last one. This is the column
// learners read most, so it follows printers.go case by case.
import type { Container, ContainerState, ContainerStatus, Pod, PodSpec, PodStatus } from '../../api/objects';
import { ageColumn, column, humanDuration, nameColumn, parseTime, since, text, type Printer } from './format';

/** pod.Status.Reason set by the node lifecycle controller when a node stops reporting. */
const NODE_UNREACHABLE_REASON = 'NodeLost';

const isRestartable = (c: Container | undefined): boolean => c?.restartPolicy === 'Always';

function hasCondition(pod: Pod, type: string): boolean {
  return (pod.status?.conditions ?? []).some((c) => c?.type === type && c?.status === 'True');
}

/** Why a container is not running, as printPod words it (`CrashLoopBackOff`, `OOMKilled`, `ExitCode:1`, …). */
function terminatedReason(t: NonNullable<ContainerState['terminated']>, prefix = ''): string {
  if (t.reason) return `${prefix}${t.reason}`;
  return t.signal ? `${prefix}Signal:${t.signal}` : `${prefix}ExitCode:${t.exitCode ?? 0}`;
}

export interface PodSummary {
  ready: string;
  status: string;
  restarts: string;
}

/** READY, STATUS and RESTARTS for one pod. */
export function summarizePod(pod: Pod, now: Date): PodSummary {
  const spec: Partial<PodSpec> = pod.spec ?? {};
  const status: PodStatus = pod.status ?? {};
  const phase = text(status.phase);
  let reason = status.reason ? String(status.reason) : phase;
  if ((status.conditions ?? []).some((c) => c?.type === 'PodScheduled' && c?.reason === 'SchedulingGated')) reason = 'SchedulingGated';

  const initSpecs: Container[] = Array.isArray(spec.initContainers) ? spec.initContainers : [];
  const initByName = new Map<string | undefined, Container>(initSpecs.map((c) => [c?.name, c]));
  const total = (Array.isArray(spec.containers) ? spec.containers.length : 0) + initSpecs.filter(isRestartable).length;
  let ready = 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  let lastRestart: Date | undefined;
  let lastSidecarRestart: Date | undefined;
  const later = (a: Date | undefined, ts: unknown) => {
    const d = parseTime(ts);
    return d && (!a || d > a) ? d : a;
  };

  let initializing = false;
  const initStatuses: ContainerStatus[] = Array.isArray(status.initContainerStatuses) ? status.initContainerStatuses : [];
  for (let i = 0; i < initStatuses.length; i++) {
    const c: Partial<ContainerStatus> = initStatuses[i] ?? {};
    const state: ContainerState = c.state ?? {};
    restarts += c.restartCount ?? 0;
    lastRestart = later(lastRestart, c.lastState?.terminated?.finishedAt);
    const sidecar = isRestartable(initByName.get(c.name));
    if (sidecar) {
      sidecarRestarts += c.restartCount ?? 0;
      lastSidecarRestart = later(lastSidecarRestart, c.lastState?.terminated?.finishedAt);
    }
    if (state.terminated && (state.terminated.exitCode ?? 0) === 0) continue;
    if (sidecar && c.started === true) {
      if (c.ready) ready++;
      continue;
    }
    if (state.terminated) reason = terminatedReason(state.terminated, 'Init:');
    else if (state.waiting?.reason && state.waiting.reason !== 'PodInitializing') reason = `Init:${state.waiting.reason}`;
    else reason = `Init:${i}/${initSpecs.length}`;
    initializing = true;
    break;
  }

  if (!initializing || hasCondition(pod, 'Initialized')) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses: ContainerStatus[] = Array.isArray(status.containerStatuses) ? status.containerStatuses : [];
    // Walked backwards, so the first container's trouble is the one the STATUS column ends up showing.
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c: Partial<ContainerStatus> = statuses[i] ?? {};
      const state: ContainerState = c.state ?? {};
      restarts += c.restartCount ?? 0;
      lastRestart = later(lastRestart, c.lastState?.terminated?.finishedAt);
      if (state.waiting?.reason) reason = state.waiting.reason;
      else if (state.terminated) reason = terminatedReason(state.terminated);
      else if (c.ready && state.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) reason = hasCondition(pod, 'Ready') ? 'Running' : 'NotReady';
  }

  if (pod.metadata.deletionTimestamp && status.reason === NODE_UNREACHABLE_REASON) reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';

  const restartText = restarts !== 0 && lastRestart ? `${restarts} (${humanDuration(now.getTime() - lastRestart.getTime())} ago)` : String(restarts);
  return { ready: `${ready}/${total}`, status: reason, restarts: restartText };
}

function readinessGates(pod: Pod): string {
  const gates = Array.isArray(pod.spec?.readinessGates) ? pod.spec.readinessGates : [];
  if (!gates.length) return '<none>';
  const conditions = pod.status?.conditions ?? [];
  const satisfied = gates.filter((g) => conditions.find((c) => c?.type === g?.conditionType)?.status === 'True').length;
  return `${satisfied}/${gates.length}`;
}

export const podPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    column('Status', 'string', 'The aggregate status of the containers in this pod.'),
    column('Restarts', 'string', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
    ageColumn(),
    column('IP', 'string', 'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.', 1),
    column('Node', 'string', 'NodeName indicates in which node this pod is scheduled.', 1),
    column('Nominated Node', 'string', 'nominatedNodeName is set only when this pod preempts other pods on the node.', 1),
    column('Readiness Gates', 'string', 'If specified, all readiness gates will be evaluated for pod readiness.', 1),
  ],
  cells(pod: Pod, now) {
    const s = summarizePod(pod, now);
    const ip = text(pod.status?.podIPs?.[0]?.ip ?? pod.status?.podIP);
    return [
      pod.metadata.name,
      s.ready,
      s.status,
      s.restarts,
      since(pod.metadata.creationTimestamp, now),
      ip || '<none>',
      text(pod.spec?.nodeName) || '<none>',
      text(pod.status?.nominatedNodeName) || '<none>',
      readinessGates(pod),
    ];
  },
};
