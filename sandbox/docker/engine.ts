// THE module that talks to Docker: a small typed wrapper over dockerode, organised by concern (images, networks,
// containers, exec, volumes in ./engine/*). Only this file and ./engine/* may import dockerode; the rest of kubelab
// passes a DockerEngine around and speaks the plain shapes of ./types.
import Docker from 'dockerode';
import { Images } from './engine/images';
import { Networks } from './engine/networks';
import { Containers } from './engine/containers';
import { Volumes } from './engine/volumes';
import { toEngineError } from './errors';
import { labelFilters } from './labels';
import type { EngineEvent } from './types';
import type { Disposable } from '../api/types';

export interface EngineConnection {
  /** unix socket path; default: $DOCKER_HOST, else /var/run/docker.sock. */
  socketPath?: string;
  /** tcp://host:port or unix:///path, as DOCKER_HOST is written. */
  dockerHost?: string;
}

export class DockerEngine {
  readonly images: Images;
  readonly networks: Networks;
  readonly containers: Containers;
  readonly volumes: Volumes;

  constructor(private readonly docker: Docker) {
    this.images = new Images(docker);
    this.networks = new Networks(docker);
    this.containers = new Containers(docker);
    this.volumes = new Volumes(docker);
  }

  /** True when the engine answers within `timeoutMs`: callers pick the docker runtime or fall back to sim. */
  async ping(timeoutMs = 1500): Promise<boolean> {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    try {
      // dockerode's typings omit ping's options, but it honours abortSignal like every call.
      const ping = this.docker.ping as unknown as (opts: { abortSignal: AbortSignal }) => Promise<unknown>;
      await ping.call(this.docker, { abortSignal: abort.signal });
      return true;
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  async version(): Promise<{ version: string; apiVersion: string; os: string; arch: string; kernelVersion: string }> {
    try {
      const v = await this.docker.version();
      return { version: v.Version, apiVersion: v.ApiVersion, os: v.Os, arch: v.Arch, kernelVersion: v.KernelVersion };
    } catch (e) {
      throw toEngineError(e, 'docker version');
    }
  }

  /** Streams engine events for objects carrying `labels` until disposed (the kubelet learns of exits this way). */
  async events(labels: Record<string, string | true>, onEvent: (e: EngineEvent) => void): Promise<Disposable> {
    const abort = new AbortController();
    let stream: NodeJS.ReadableStream;
    try {
      stream = await this.docker.getEvents({ filters: { label: labelFilters(labels) }, abortSignal: abort.signal } as Docker.GetEventsOptions);
    } catch (e) {
      throw toEngineError(e, 'docker events');
    }
    let pending = '';
    stream.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl).trim();
        pending = pending.slice(nl + 1);
        if (!line) continue;
        try {
          const raw = JSON.parse(line);
          onEvent({
            type: raw.Type ?? '',
            action: raw.Action ?? raw.status ?? '',
            id: raw.Actor?.ID ?? raw.id ?? '',
            attributes: raw.Actor?.Attributes ?? {},
            time: raw.time ?? 0,
          });
        } catch {
          // a partial or foreign line: ignore
        }
      }
    });
    stream.on('error', () => undefined);
    return { dispose: () => abort.abort() };
  }
}

function fromDockerHost(value: string): Docker.DockerOptions {
  if (value.startsWith('unix://')) return { socketPath: value.slice('unix://'.length) };
  const url = new URL(value.replace(/^tcp:/, 'http:'));
  return { host: url.hostname, port: url.port || 2375, protocol: url.protocol === 'https:' ? 'https' : 'http' };
}

/** Connects (lazily: nothing is dialled until the first call) to the engine at DOCKER_HOST or the default socket. */
export function connectEngine(conn: EngineConnection = {}): DockerEngine {
  const opts: Docker.DockerOptions = conn.socketPath
    ? { socketPath: conn.socketPath }
    : conn.dockerHost
      ? fromDockerHost(conn.dockerHost)
      : process.env.DOCKER_HOST
        ? {} // docker-modem reads DOCKER_HOST (and DOCKER_TLS_VERIFY / DOCKER_CERT_PATH) itself
        : { socketPath: '/var/run/docker.sock' };
  return new DockerEngine(new Docker(opts));
}
