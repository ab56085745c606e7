// What the docker runtime knows about one pod, rebuilt from the engine (labels + inspect) whenever it has to be:
// the infra container and every app container instance, mapped to the kubelet's RuntimeContainer shape. Exit
// reasons are the kubelet's (Completed, Error, OOMKilled, StartError) and times are metav1.Time (seconds).
import type { ContainerInfo } from '../docker/types';
import { rfc3339 } from '../util/clock';
import { ROLE_LABEL } from '../docker/labels';
import { ATTEMPT_LABEL, CONTAINER_LABEL, INIT_LABEL, ROLE_CONTAINER, ROLE_INFRA } from './docker-runtime-names';
import type { RuntimeContainer, RuntimePodStatus } from '../runtime/container-runtime';
import { normalizeImage } from './sim-runtime';

export interface Instance extends RuntimeContainer {
  dockerId: string;
  init: boolean;
}

export interface InfraState {
  dockerId: string;
  ip: string;
  createdAt: string;
  running: boolean;
  attempt: number;
}

export interface PodState {
  uid: string;
  infra?: InfraState;
  instances: Instance[];
}

/** Docker's zero time ("0001-01-01T00:00:00Z") means "never". */
function time(t: string | undefined): string | undefined {
  if (!t || t.startsWith('0001-')) return undefined;
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? undefined : rfc3339(d);
}

/** A container that was created but never started, and did not fail to start: left by a crash mid-start. */
export function isUnstarted(info: ContainerInfo): boolean {
  return info.state.status === 'created' && !time(info.state.startedAt) && !info.state.error;
}

export function instanceOf(info: ContainerInfo): Instance {
  const s = info.state;
  const running = s.running || s.status === 'paused' || s.status === 'restarting';
  const exited = !running && !isUnstarted(info);
  const c: Instance = {
    id: `docker://${info.id}`,
    dockerId: info.id,
    name: info.labels[CONTAINER_LABEL] ?? info.name,
    attempt: Number(info.labels[ATTEMPT_LABEL] ?? 0) || 0,
    init: info.labels[INIT_LABEL] === 'true',
    image: normalizeImage(info.image),
    imageID: info.imageId,
    state: running ? 'running' : exited ? 'exited' : 'created',
    createdAt: time(info.created) ?? rfc3339(new Date()),
    startedAt: time(s.startedAt),
  };
  if (exited) {
    c.finishedAt = time(s.finishedAt) ?? c.startedAt ?? c.createdAt;
    c.startedAt ??= c.finishedAt;
    // A process that never ran exits 128 in the kubelet's report, whatever the engine recorded.
    c.exitCode = s.error && !s.exitCode ? 128 : s.exitCode;
    c.reason = s.oomKilled ? 'OOMKilled' : s.error ? 'StartError' : s.exitCode === 0 ? 'Completed' : 'Error';
    if (s.error) c.message = s.error;
  }
  return c;
}

/** A sandbox is alive only while its infra container runs on the cluster network (a rebuilt network strands it). */
export function infraOf(info: ContainerInfo, networkName: string): InfraState {
  return {
    dockerId: info.id,
    ip: info.networks[networkName]?.ipAddress ?? '',
    createdAt: time(info.created) ?? rfc3339(new Date()),
    running: info.state.running && !!info.networks[networkName]?.ipAddress,
    attempt: Number(info.labels[ATTEMPT_LABEL] ?? 0) || 0,
  };
}

export const isInfra = (info: { labels: Record<string, string> }) => info.labels[ROLE_LABEL] === ROLE_INFRA;
export const isAppContainer = (info: { labels: Record<string, string> }) => info.labels[ROLE_LABEL] === ROLE_CONTAINER;

/**
 * Sorts a pod's containers into what to keep and what to remove: the newest running infra (else the newest),
 * and one instance per container name and attempt; unstarted leftovers go.
 */
export function reconcileInspected(infos: ContainerInfo[], networkName: string): { state: Omit<PodState, 'uid'>; remove: string[] } {
  const remove: string[] = [];
  const infras = infos.filter(isInfra).sort((a, b) => Number(b.state.running) - Number(a.state.running) || Date.parse(b.created) - Date.parse(a.created));
  const [keep, ...stale] = infras;
  remove.push(...stale.map((i) => i.id));
  const byKey = new Map<string, ContainerInfo>();
  for (const info of infos.filter(isAppContainer).sort((a, b) => Date.parse(b.created) - Date.parse(a.created))) {
    if (isUnstarted(info)) {
      remove.push(info.id);
      continue;
    }
    const key = `${info.labels[CONTAINER_LABEL]}/${info.labels[ATTEMPT_LABEL]}`;
    if (byKey.has(key)) remove.push(info.id);
    else byKey.set(key, info);
  }
  const instances = [...byKey.values()].map(instanceOf).sort((a, b) => a.attempt - b.attempt);
  return { state: { infra: keep ? infraOf(keep, networkName) : undefined, instances }, remove };
}

/** Instances beyond the newest two of each container name: the kubelet keeps only the current and previous. */
export function surplusInstances(instances: Instance[]): Instance[] {
  const byName = new Map<string, Instance[]>();
  for (const i of instances) byName.set(i.name, [...(byName.get(i.name) ?? []), i]);
  return [...byName.values()].flatMap((list) => list.sort((a, b) => a.attempt - b.attempt).slice(0, -2));
}

/** What the kubelet is told of the pod: its sandbox while the infra container runs, and each instance. */
export function runtimePodStatus(pod: PodState): RuntimePodStatus {
  const sandbox = pod.infra?.running ? { id: pod.infra.dockerId, ip: pod.infra.ip, createdAt: pod.infra.createdAt } : undefined;
  return { sandbox, containers: pod.instances.map(({ dockerId: _d, init: _i, ...c }) => ({ ...c })) };
}
