// The pod streams of a cluster — pods/log over plain HTTP; exec, attach and port-forward over upgraded
// connections — for a runtime with processes, or refusals that say why for one without (sim). The Cluster
// composition root picks one pair and hands `http` to the API router and `upgrade` to its server's 'upgrade'.
import type { Request, Response } from 'express';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { badRequest } from '../../api/errors';
import type { Pod } from '../../api/objects';
import type { ContainerRuntime, RuntimePodStatus } from '../../runtime/container-runtime';
import type { Clock } from '../../util/clock';
import type { PodStreamHandler } from '../http/routes';
import { serveLogs } from './logs';
import { serveSpdyPortForward } from './port-forward';
import { runRemoteCommand, type Channels } from './remote-command';
import { EXEC_PROTOCOL, offeredProtocols, PORT_FORWARD_PROTOCOL, serveSpdyRemoteCommand } from './spdy';
import { containerNotFound, parseStreamRequest } from './stream-request';
import type { PodStreamUpgrade } from './upgrade';
import { pickWebSocketProtocol, serveWebSocket } from './websocket';

export interface PodStreams {
  http: PodStreamHandler;
  upgrade: PodStreamUpgrade;
}

export { handlePodStreamUpgrade, refuseUpgrade, type PodStreamUpgrade } from './upgrade';

const upgradeRequired = () => badRequest('Upgrade request required');

function transportOf(req: IncomingMessage): 'websocket' | 'spdy' | undefined {
  const upgrade = String(req.headers.upgrade ?? '').toLowerCase();
  if (upgrade === 'websocket') return 'websocket';
  if (upgrade.startsWith('spdy/3.1')) return 'spdy';
  return undefined;
}

/** Whether the container's newest instance is running, as the runtime sees it now. */
function runningInRuntime(rt: RuntimePodStatus, container: string): boolean {
  const latest = rt.containers.filter((c) => c.name === container).sort((a, b) => b.attempt - a.attempt)[0];
  return latest?.state === 'running';
}

export function runtimePodStreams(runtime: ContainerRuntime, clock: Clock): PodStreams {
  const http: PodStreamHandler = (req: Request, res: Response, pod: Pod, sub: string) => {
    if (sub === 'log') return serveLogs(req, res, pod, runtime, clock.now().getTime());
    throw upgradeRequired();
  };

  const upgrade: PodStreamUpgrade = (req, socket, head, pod, sub) => {
    const query = new URL(req.url ?? '/', 'http://cluster').searchParams;
    const transport = transportOf(req);
    if (!transport) throw upgradeRequired();
    if (sub === 'portforward') {
      // Only SPDY: refusing the WebSocket (tunnelled SPDY) makes kubectl 1.31+ fall back to it.
      if (transport !== 'spdy' || !offeredProtocols(req).includes(PORT_FORWARD_PROTOCOL)) throw badRequest('port-forward is served over SPDY/3.1 (portforward.k8s.io) only');
      if (!runtime.portForward) throw badRequest('port-forward is not supported by this runtime');
      if (!pod.spec?.nodeName || !pod.status?.podIP) throw badRequest(`pod ${pod.metadata.name} does not have a host assigned`);
      if (pod.status?.phase !== 'Running') throw badRequest(`pod ${pod.metadata.name} is not running`);
      return serveSpdyPortForward(req, socket, head, pod, runtime);
    }
    const kind = sub === 'attach' ? 'attach' : 'exec';
    const request = parseStreamRequest(query, pod, kind);
    const run = (channels: Channels) => runRemoteCommand(runtime, pod, kind, request, channels);
    if (transport === 'websocket') {
      if (!pickWebSocketProtocol(req.headers['sec-websocket-protocol'])) throw badRequest('none of the offered subprotocols is supported (v5.channel.k8s.io, v4.channel.k8s.io)');
    } else if (!offeredProtocols(req).includes(EXEC_PROTOCOL)) {
      throw badRequest(`unable to negotiate a stream protocol: ${EXEC_PROTOCOL} is required`);
    }
    const serve = () => (transport === 'websocket' ? serveWebSocket(req, socket, head, request, run) : serveSpdyRemoteCommand(req, socket, head, request, run));
    // The pod's status can lag behind a container that has just exited (kubectl run -i of a short command): the
    // kubelet looks at the runtime before it upgrades, so kubectl gets its refusal and falls back to the logs.
    return runtime.podStatus(pod).then((rt) => {
      if (!runningInRuntime(rt, request.container)) throw containerNotFound(pod, request.container, kind);
      serve();
    });
  };

  return { http, upgrade };
}

/** For runtimes without processes: every stream says what it needs. */
export function unsupportedPodStreams(why: (sub: string, pod: Pod) => string): PodStreams {
  return {
    http: (_req, _res, pod, sub) => {
      throw badRequest(why(sub, pod));
    },
    // Thrown, so the front door refuses it (and records the refusal) like any other.
    upgrade: (_req: IncomingMessage, _socket: Duplex, _head: Buffer, pod: Pod, sub: string) => {
      throw badRequest(why(sub, pod));
    },
  };
}
