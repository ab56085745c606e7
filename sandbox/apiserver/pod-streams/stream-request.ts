// What an exec or attach request asks for, read from its query string and checked against the pod the way
// kube-apiserver and the kubelet check it, with their messages: which container (and "a container name must be
// specified …" when the pod has several), that the pod is on a node, that the container runs, that at least one
// stream is wanted. tty and stderr together drop stderr, as the kubelet does (a terminal merges both).
import { badRequest, StatusError } from '../../api/errors';
import type { ContainerStatus, Pod } from '../../api/objects';
import { queryBool } from '../http/query';

export interface StreamRequest {
  /** Empty for attach. */
  command: string[];
  container: string;
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

const flag = queryBool;

const names = (list: { name: string }[] | undefined) => (list ?? []).map((c) => c.name);

/** The container a log/exec/attach request means: the named one, or the only one; else the apiserver's 400. */
export function resolveContainer(pod: Pod, requested: string | null | undefined): string {
  const podName = pod.metadata.name;
  const regular = names(pod.spec?.containers);
  const init = names(pod.spec?.initContainers);
  const ephemeral = names(pod.spec?.ephemeralContainers);
  if (!requested) {
    if (regular.length === 1) return regular[0];
    let message = `a container name must be specified for pod ${podName}, choose one of: [${regular.join(' ')}]`;
    if (init.length) message += ` or one of the init containers: [${init.join(' ')}]`;
    if (ephemeral.length) message += ` or one of the ephemeral containers: [${ephemeral.join(' ')}]`;
    throw badRequest(message);
  }
  if (![...regular, ...init, ...ephemeral].includes(requested)) throw badRequest(`container ${requested} is not valid for pod ${podName}`);
  return requested;
}

function containerStatus(pod: Pod, name: string): ContainerStatus | undefined {
  const all = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.ephemeralContainerStatuses ?? [])];
  return all.find((s) => s.name === name);
}

/**
 * The kubelet's answer when the container is not running (GetExec and GetAttach word it differently): kubectl prints
 * "unable to upgrade connection: …", and `kubectl run -i` then falls back to the container's logs.
 */
export function containerNotFound(pod: Pod, container: string, kind: 'exec' | 'attach'): StatusError {
  const message = kind === 'attach' ? `container ${container} not found in pod ${pod.metadata.name}_${pod.metadata.namespace}` : `container not found ("${container}")`;
  return new StatusError(500, 'InternalError', message);
}

export function requireRunning(pod: Pod, container: string, kind: 'exec' | 'attach' = 'exec'): void {
  if (!pod.spec?.nodeName) throw badRequest(`pod ${pod.metadata.name} does not have a host assigned`);
  if (!containerStatus(pod, container)?.state?.running) throw containerNotFound(pod, container, kind);
}

export function parseStreamRequest(query: URLSearchParams, pod: Pod, kind: 'exec' | 'attach'): StreamRequest {
  const container = resolveContainer(pod, query.get('container'));
  const tty = flag(query, 'tty');
  const req: StreamRequest = {
    command: query.getAll('command'),
    container,
    stdin: flag(query, 'stdin'),
    stdout: flag(query, 'stdout'),
    stderr: flag(query, 'stderr') && !tty,
    tty,
  };
  if (!req.stdin && !req.stdout && !req.stderr) throw badRequest('you must specify at least 1 of stdin, stdout, stderr');
  if (kind === 'exec' && !req.command.length) throw badRequest('you must specify at least one command for the container');
  requireRunning(pod, container, kind);
  return req;
}
