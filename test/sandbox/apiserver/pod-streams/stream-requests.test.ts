// What exec/attach/log requests are checked for before anything runs, with the messages kubectl prints; and the
// Status a finished command reports on the error channel.
import { parseLogRequest, logStatusError } from '../../../../sandbox/apiserver/pod-streams/logs';
import { exitCodeStatus, ResizeDecoder, SUCCESS } from '../../../../sandbox/apiserver/pod-streams/remote-command';
import { parseStreamRequest, resolveContainer } from '../../../../sandbox/apiserver/pod-streams/stream-request';
import type { Pod } from '../../../../sandbox/api/objects';

const pod = (status: any = {}): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'simple-echo', namespace: 'default' },
  spec: { nodeName: 'kubelab-worker', initContainers: [{ name: 'setup' }], containers: [{ name: 'nginx' }, { name: 'echo' }] },
  status,
}) as Pod;

const running = { containerStatuses: [{ name: 'nginx', state: { running: {} } }, { name: 'echo', state: { waiting: { reason: 'ContainerCreating' } } }] };

describe('pod stream requests', () => {
  it('asks for a container name when the pod has several, listing them', () => {
    expect(() => resolveContainer(pod(), undefined)).toThrow('a container name must be specified for pod simple-echo, choose one of: [nginx echo] or one of the init containers: [setup]');
    expect(() => resolveContainer(pod(), 'php')).toThrow('container php is not valid for pod simple-echo');
    expect(resolveContainer({ ...pod(), spec: { containers: [{ name: 'only' }] } } as Pod, undefined)).toBe('only');
  });

  it('reads exec flags, drops stderr with a TTY, and refuses a container that does not run', () => {
    const q = new URLSearchParams('command=sh&command=-c&command=ls&container=nginx&stdin=true&stdout=true&stderr=true&tty=true');
    expect(parseStreamRequest(q, pod(running), 'exec')).toEqual({ command: ['sh', '-c', 'ls'], container: 'nginx', stdin: true, stdout: true, stderr: false, tty: true });
    expect(() => parseStreamRequest(new URLSearchParams('command=ls&container=echo&stdout=true'), pod(running), 'exec')).toThrow('container not found ("echo")');
    expect(() => parseStreamRequest(new URLSearchParams('command=ls&container=nginx'), pod(running), 'exec')).toThrow('you must specify at least 1 of stdin, stdout, stderr');
  });

  it('explains why a container has no logs yet, as the kubelet does', () => {
    expect(logStatusError(pod(running), 'echo', false)).toBe('container "echo" in pod "simple-echo" is waiting to start: ContainerCreating');
    expect(logStatusError(pod(running), 'nginx', true)).toBe('previous terminated container "nginx" in pod "simple-echo" not found');
    expect(logStatusError(pod(running), 'nginx', false)).toBeUndefined();
    const pulling = { containerStatuses: [{ name: 'echo', state: { waiting: { reason: 'ImagePullBackOff' } } }] };
    expect(logStatusError(pod(pulling), 'echo', false)).toBe('container "echo" in pod "simple-echo" is waiting to start: trying and failing to pull image');
  });

  it('reads the logs of a debug container that has run (kubectl debug falls back to them once it exited)', () => {
    const ran = { ephemeralContainerStatuses: [{ name: 'debugger', state: { terminated: { exitCode: 0, reason: 'Completed', containerID: 'docker://d1' } } }] };
    expect(logStatusError(pod(ran), 'debugger', false)).toBeUndefined();
  });

  it('reads log options: tail, since, timestamps, previous', () => {
    const now = Date.parse('2026-01-01T00:10:00Z');
    expect(parseLogRequest({ container: 'echo', follow: 'true', tailLines: '5', timestamps: 'true' }, pod(), now)).toMatchObject({ container: 'echo', follow: true, tailLines: 5, timestamps: true, previous: false });
    expect(parseLogRequest({ container: 'echo', sinceTime: '2026-01-01T00:05:00Z' }, pod(), now).sinceSeconds).toBe(300);
    expect(() => parseLogRequest({ container: 'echo', tailLines: '-1' }, pod(), now)).toThrow('tailLines must be a non-negative integer');
  });

  it('reports a non-zero exit as kubectl expects it (NonZeroExitCode with the code as a cause)', () => {
    expect(SUCCESS).toEqual({ metadata: {}, status: 'Success' });
    expect(exitCodeStatus(['sh', '-c', 'exit 3'], 3)).toMatchObject({
      status: 'Failure',
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: '3' }] },
    });
  });

  it('decodes terminal sizes sent back to back or split across messages', () => {
    const d = new ResizeDecoder();
    expect(d.push('{"Width":80,"Height":24}{"Width":100,')).toEqual([{ width: 80, height: 24 }]);
    expect(d.push('"Height":30}')).toEqual([{ width: 100, height: 30 }]);
  });
});
