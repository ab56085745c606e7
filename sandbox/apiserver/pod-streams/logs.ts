// pods/log: `kubectl logs [-f] [--tail N] [--since 5m] [--timestamps] [--previous] [-c name]`. The container is
// checked against the pod's status first, with the kubelet's messages ("is waiting to start: ContainerCreating",
// "previous terminated container … not found"), then the runtime's log stream is sent as 200 text/plain with the
// headers flushed at once, so `-f` shows lines as they are written and stops when the container does.
import type { Request, Response } from 'express';
import { Transform, type Readable } from 'node:stream';
import { badRequest } from '../../api/errors';
import type { Pod } from '../../api/objects';
import type { ContainerRuntime, LogOptions } from '../../runtime/container-runtime';
import { queryBool } from '../http/query';
import { resolveContainer } from './stream-request';

const int = (v: unknown, name: string): number | undefined => {
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw badRequest(`${name} must be a non-negative integer, got "${v}"`);
  return n;
};


export interface LogRequest extends LogOptions {
  container: string;
  limitBytes?: number;
}

export function parseLogRequest(query: Record<string, unknown>, pod: Pod, now: number): LogRequest {
  const container = resolveContainer(pod, query.container as string | undefined);
  let sinceSeconds = int(query.sinceSeconds, 'sinceSeconds');
  if (query.sinceTime !== undefined) {
    const t = Date.parse(String(query.sinceTime));
    if (Number.isNaN(t)) throw badRequest(`sinceTime must be an RFC3339 time, got "${query.sinceTime}"`);
    if (sinceSeconds !== undefined) throw badRequest('at most one of sinceTime or sinceSeconds may be specified');
    sinceSeconds = Math.max(0, (now - t) / 1000);
  }
  if (sinceSeconds === 0) throw badRequest('sinceSeconds must be greater than 0');
  return {
    container,
    follow: queryBool(query, 'follow'),
    previous: queryBool(query, 'previous'),
    timestamps: queryBool(query, 'timestamps'),
    tailLines: int(query.tailLines, 'tailLines'),
    sinceSeconds,
    limitBytes: int(query.limitBytes, 'limitBytes'),
  };
}

/** validateContainerLogStatus (pkg/kubelet/kubelet_pods.go): is there an instance whose logs can be read? */
export function logStatusError(pod: Pod, container: string, previous: boolean): string | undefined {
  const podName = pod.metadata.name;
  const all = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.ephemeralContainerStatuses ?? [])];
  const s = all.find((x) => x.name === container);
  const last = s?.lastState?.terminated;
  if (previous) return last?.containerID ? undefined : `previous terminated container "${container}" in pod "${podName}" not found`;
  if (s?.state?.running) return undefined;
  if (s?.state?.terminated) return s.state.terminated.containerID || last?.containerID ? undefined : `container "${container}" in pod "${podName}" is terminated`;
  if (last) return last.containerID ? undefined : `container "${container}" in pod "${podName}" is terminated`;
  const reason = s?.state?.waiting?.reason;
  if (reason === 'ErrImagePull') return `container "${container}" in pod "${podName}" is waiting to start: image can't be pulled`;
  if (reason === 'ImagePullBackOff') return `container "${container}" in pod "${podName}" is waiting to start: trying and failing to pull image`;
  if (reason) return `container "${container}" in pod "${podName}" is waiting to start: ${reason}`;
  return `container "${container}" in pod "${podName}" is waiting to start - no logs yet`;
}

/** Passes at most `limit` bytes, then ends. */
function limitTo(limit: number): Transform {
  let left = limit;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      if (left <= 0) return cb();
      const part = chunk.subarray(0, left);
      left -= part.length;
      this.push(part);
      if (left <= 0) this.push(null);
      cb();
    },
  });
}

export async function serveLogs(req: Request, res: Response, pod: Pod, runtime: ContainerRuntime, now: number): Promise<void> {
  const request = parseLogRequest(req.query as Record<string, unknown>, pod, now);
  const problem = logStatusError(pod, request.container, !!request.previous);
  if (problem) throw badRequest(problem);
  let stream: Readable = await runtime.logs(pod, request.container, request);
  if (request.limitBytes !== undefined) stream = stream.pipe(limitTo(request.limitBytes));
  res.status(200).type('text/plain');
  res.flushHeaders();
  // The response closes when the client goes away (kubectl logs -f interrupted): stop following then.
  res.on('close', () => stream.destroy());
  stream.on('error', () => res.end());
  stream.pipe(res);
}
