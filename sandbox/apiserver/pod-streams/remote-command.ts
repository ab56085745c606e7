// exec and attach, independent of the wire (WebSocket channels or SPDY streams): run the request through the
// runtime with the transport's channels and return the Status the transport sends on its error channel — Success,
// or Failure/NonZeroExitCode with the exit code as a cause, which kubectl turns into "command terminated with exit
// code 3" and its own exit status. Streams are never ended here; the transport closes them after the Status.
import type { Readable, Writable } from 'node:stream';
import type { Status } from '../../api/types';
import type { Pod } from '../../api/objects';
import { RuntimeNotSupportedError, type ContainerRuntime, type TerminalSize } from '../../runtime/container-runtime';
import type { StreamRequest } from './stream-request';

export interface Channels {
  stdin?: Readable;
  stdout?: Writable;
  stderr?: Writable;
  onResize?: (listener: (size: TerminalSize) => void) => void;
  /** Aborted when the client disconnects. */
  signal: AbortSignal;
}

/** The Status a kubelet writes on the error channel: kind and apiVersion left out, as the kubelet leaves them. */
export type StreamStatus = Omit<Status, 'kind' | 'apiVersion'>;

export const SUCCESS: StreamStatus = { metadata: {}, status: 'Success' };

export function exitCodeStatus(command: string[], exitCode: number): StreamStatus {
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${exitCode}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
  };
}

export function internalErrorStatus(message: string): StreamStatus {
  return { metadata: {}, status: 'Failure', message: `Internal error occurred: ${message}`, reason: 'InternalError', code: 500 };
}

export async function runRemoteCommand(
  runtime: ContainerRuntime,
  pod: Pod,
  kind: 'exec' | 'attach',
  req: StreamRequest,
  ch: Channels,
): Promise<StreamStatus> {
  try {
    const streams = {
      tty: req.tty,
      stdin: req.stdin ? ch.stdin : undefined,
      stdout: ch.stdout,
      stderr: ch.stderr,
      onResize: req.tty ? ch.onResize : undefined,
      signal: ch.signal,
    };
    if (kind === 'attach') {
      if (!runtime.attach) throw new RuntimeNotSupportedError('attach is not supported by this runtime; use kubectl logs -f or kubectl exec');
      await runtime.attach(pod, req.container, streams);
      return SUCCESS;
    }
    const code = await runtime.exec(pod, req.container, { ...streams, command: req.command });
    return code === 0 ? SUCCESS : exitCodeStatus(req.command, code);
  } catch (e) {
    return internalErrorStatus(String((e as Error)?.message ?? e));
  }
}

/**
 * Terminal sizes as kubectl sends them on the resize channel: JSON objects `{"Width":80,"Height":24}` one after
 * another, possibly split across messages. Feed chunks; complete objects come out.
 */
export class ResizeDecoder {
  private pending = '';

  push(chunk: Buffer | string): TerminalSize[] {
    this.pending += chunk.toString();
    const out: TerminalSize[] = [];
    let end: number;
    while ((end = this.pending.indexOf('}')) >= 0) {
      const text = this.pending.slice(0, end + 1);
      this.pending = this.pending.slice(end + 1);
      try {
        const v = JSON.parse(text.slice(text.indexOf('{')));
        const width = Number(v.Width ?? v.width);
        const height = Number(v.Height ?? v.height);
        if (width > 0 && height > 0) out.push({ width, height });
      } catch {
        // not a size: ignore it
      }
    }
    return out;
  }
}
