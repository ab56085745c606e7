// kubectl port-forward over SPDY (portforward.k8s.io): for every local connection kubectl opens an `error` and a
// `data` stream carrying the same `requestid` and the pod `port`; the data stream is piped to a TCP connection
// into the pod's network namespace, and a failure to connect is written on the error stream in the kubelet's
// words, which kubectl prints as "an error occurred forwarding 8080 -> 80: …".
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Pod } from '../../api/objects';
import type { ContainerRuntime } from '../../runtime/container-runtime';
import { acceptSpdy, PORT_FORWARD_PROTOCOL } from './spdy';
import type { SpdyStream } from './spdy-session';

interface Pair {
  error?: SpdyStream;
  data?: SpdyStream;
}

export function serveSpdyPortForward(_req: IncomingMessage, socket: Duplex, head: Buffer, pod: Pod, runtime: ContainerRuntime): void {
  const pairs = new Map<string, Pair>();
  const connections = new Set<Duplex>();

  const forward = async (requestId: string, port: number, pair: Pair) => {
    const data = pair.data!;
    const fail = (message: string) => {
      pair.error?.output.end(Buffer.from(`error forwarding port ${port} to pod ${pod.metadata.name}, uid ${pod.metadata.uid}: ${message}`));
      data.output.end();
      pairs.delete(requestId);
    };
    if (!Number.isInteger(port) || port <= 0 || port > 65535) return fail(`invalid port ${port}`);
    let conn: Duplex;
    try {
      conn = await runtime.portForward!(pod, port);
    } catch (e) {
      return fail(String((e as Error)?.message ?? e));
    }
    connections.add(conn);
    conn.on('error', () => undefined);
    data.input.pipe(conn);
    conn.pipe(data.output);
    conn.on('close', () => {
      connections.delete(conn);
      pair.error?.output.end();
      pairs.delete(requestId);
    });
  };

  const session = acceptSpdy(socket, head, PORT_FORWARD_PROTOCOL, (stream) => {
    const { streamtype, requestid, port } = stream.headers;
    const id = requestid ?? '';
    if (streamtype !== 'error' && streamtype !== 'data') return stream.reset();
    const pair = pairs.get(id) ?? {};
    pairs.set(id, pair);
    pair[streamtype] = stream;
    if (streamtype === 'data') void forward(id, Number(port), pair);
  });
  session.onClose(() => {
    for (const c of connections) c.destroy();
  });
}
