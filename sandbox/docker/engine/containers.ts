// Containers: create from a ContainerSpec, lifecycle (start/stop/kill/wait/remove), inspect/list by label, logs,
// files in and out (putArchive/getArchive), and exec (./exec.ts).
import type Docker from 'dockerode';
import { PassThrough, Readable } from 'node:stream';
import { isNotFound, isNotModified, toEngineError } from '../errors';
import { labelFilters } from '../labels';
import type { ContainerInfo, ContainerSpec, ContainerStats, ContainerSummary, ExecOptions, ExecResult, LogOptions } from '../types';
import { combinedOutput } from './frames';
import { type ExecSession, runExec, startExec } from './exec';
import { startAttach, type AttachSession } from './attach';

function envList(env: ContainerSpec['env']): string[] | undefined {
  if (!env) return undefined;
  return Array.isArray(env) ? env : Object.entries(env).map(([k, v]) => `${k}=${v}`);
}

/** Translates our spec to Docker's create body. Kept pure so the mapping is testable without an engine. */
export function createBody(spec: ContainerSpec): Record<string, unknown> {
  const mode = spec.networkMode;
  const userNetwork = mode && mode !== 'none' && mode !== 'bridge' && !mode.startsWith('container:');
  return {
    name: spec.name,
    Image: spec.image,
    Cmd: spec.cmd,
    Entrypoint: spec.entrypoint,
    Env: envList(spec.env),
    Labels: spec.labels,
    WorkingDir: spec.workingDir,
    User: spec.user,
    Hostname: mode?.startsWith('container:') ? undefined : spec.hostname,
    Tty: spec.tty,
    OpenStdin: spec.openStdin,
    StdinOnce: spec.stdinOnce,
    AttachStdin: spec.openStdin,
    StopSignal: spec.stopSignal,
    StopTimeout: spec.stopTimeoutSeconds,
    HostConfig: {
      NetworkMode: mode,
      Dns: spec.dns,
      DnsSearch: spec.dnsSearch,
      DnsOptions: spec.dnsOptions,
      ExtraHosts: spec.extraHosts,
      CapAdd: spec.capAdd,
      CapDrop: spec.capDrop,
      GroupAdd: spec.groupAdd,
      ReadonlyRootfs: spec.readonlyRootfs,
      Memory: spec.memoryBytes,
      NanoCpus: spec.nanoCpus,
      PidsLimit: spec.pidsLimit,
      ...(spec.fileSizeLimitBytes ? { Ulimits: [{ Name: 'fsize', Soft: spec.fileSizeLimitBytes, Hard: spec.fileSizeLimitBytes }] } : {}),
      Mounts: spec.mounts?.map((m) => ({ Type: m.type, Source: m.source, Target: m.target, ReadOnly: m.readOnly })),
      RestartPolicy: spec.restartPolicy ? { Name: spec.restartPolicy } : undefined,
      Init: spec.init,
      IpcMode: spec.ipcMode,
      PidMode: spec.pidMode,
      SecurityOpt: spec.securityOpt,
      Sysctls: spec.sysctls,
      AutoRemove: spec.autoRemove,
    },
    NetworkingConfig: userNetwork
      ? {
          EndpointsConfig: {
            [mode]: {
              Aliases: spec.aliases,
              IPAMConfig: spec.ipv4Address ? { IPv4Address: spec.ipv4Address } : undefined,
            },
          },
        }
      : undefined,
  };
}

function toContainerInfo(raw: any): ContainerInfo {
  const networks: ContainerInfo['networks'] = {};
  for (const [name, n] of Object.entries<any>(raw.NetworkSettings?.Networks ?? {})) {
    networks[name] = { ipAddress: n.IPAddress ?? '', gateway: n.Gateway ?? '', aliases: n.Aliases ?? [] };
  }
  const s = raw.State ?? {};
  return {
    id: raw.Id,
    name: String(raw.Name ?? '').replace(/^\//, ''),
    image: raw.Config?.Image ?? '',
    imageId: raw.Image ?? '',
    created: raw.Created,
    labels: raw.Config?.Labels ?? {},
    state: {
      status: s.Status ?? '',
      running: !!s.Running,
      exitCode: s.ExitCode ?? 0,
      oomKilled: !!s.OOMKilled,
      error: s.Error ?? '',
      pid: s.Pid ?? 0,
      startedAt: s.StartedAt,
      finishedAt: s.FinishedAt,
    },
    restartCount: raw.RestartCount ?? 0,
    networkMode: raw.HostConfig?.NetworkMode ?? '',
    privileged: !!raw.HostConfig?.Privileged,
    capAdd: raw.HostConfig?.CapAdd ?? [],
    networks,
  };
}

export class Containers {
  constructor(private readonly docker: Docker) {}

  /** Creates the container and returns its id. A missing image is a 404 EngineError (the kubelet's ErrImagePull). */
  async create(spec: ContainerSpec): Promise<string> {
    try {
      const c = await this.docker.createContainer(createBody(spec) as Docker.ContainerCreateOptions);
      return c.id;
    } catch (e) {
      throw toEngineError(e, `create container ${spec.name ?? spec.image}`);
    }
  }

  async start(id: string): Promise<void> {
    try {
      await this.docker.getContainer(id).start();
    } catch (e) {
      if (isNotModified(e)) return;
      throw toEngineError(e, `start container ${id}`);
    }
  }

  /** SIGTERM (or the image's StopSignal), then SIGKILL after `timeoutSeconds`. */
  async stop(id: string, timeoutSeconds = 10): Promise<void> {
    try {
      await this.docker.getContainer(id).stop({ t: timeoutSeconds });
    } catch (e) {
      if (isNotModified(e) || isNotFound(e)) return;
      throw toEngineError(e, `stop container ${id}`);
    }
  }

  async kill(id: string, signal = 'SIGKILL'): Promise<void> {
    try {
      await this.docker.getContainer(id).kill({ signal });
    } catch (e) {
      if (isNotFound(e)) return;
      if ((e as { statusCode?: number }).statusCode === 409) return; // not running
      throw toEngineError(e, `kill container ${id}`);
    }
  }

  /** Removes the container (forced: running ones are killed); a missing one is not an error. */
  async remove(id: string, opts: { force?: boolean; volumes?: boolean } = { force: true }): Promise<void> {
    try {
      await this.docker.getContainer(id).remove({ force: opts.force ?? true, v: opts.volumes });
    } catch (e) {
      if (isNotFound(e)) return;
      if ((e as { statusCode?: number }).statusCode === 409 && /already in progress/.test(String((e as Error).message))) return;
      throw toEngineError(e, `remove container ${id}`);
    }
  }

  async inspect(id: string): Promise<ContainerInfo | undefined> {
    try {
      return toContainerInfo(await this.docker.getContainer(id).inspect());
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw toEngineError(e, `inspect container ${id}`);
    }
  }

  /** Bytes written to the container's own filesystem (its writable layer), as `docker ps --size` counts them. */
  async writableLayerSize(id: string): Promise<number | undefined> {
    try {
      const raw: any = await this.docker.getContainer(id).inspect({ size: true } as any);
      return typeof raw.SizeRw === 'number' ? raw.SizeRw : 0;
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw toEngineError(e, `inspect container ${id}`);
    }
  }

  /** One reading of the container's CPU time and working set; undefined when the container is gone or not running. */
  async stats(id: string): Promise<ContainerStats | undefined> {
    try {
      // one-shot: answer at once instead of waiting a second for a second CPU sample (the caller keeps the previous one).
      const raw: any = await this.docker.getContainer(id).stats({ stream: false, 'one-shot': true } as any);
      if (!raw?.read || raw.read.startsWith('0001-')) return undefined;
      const mem = raw.memory_stats ?? {};
      const inactive = mem.stats?.total_inactive_file ?? mem.stats?.inactive_file ?? 0;
      return {
        read: raw.read,
        cpuUsageNanoseconds: Number(raw.cpu_stats?.cpu_usage?.total_usage ?? 0),
        memoryWorkingSetBytes: Math.max(0, Number(mem.usage ?? 0) - Number(inactive)),
      };
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw toEngineError(e, `stats of container ${id}`);
    }
  }

  async list(labels: Record<string, string | true> = {}, opts: { all?: boolean } = { all: true }): Promise<ContainerSummary[]> {
    try {
      const raw = await this.docker.listContainers({ all: opts.all ?? true, filters: { label: labelFilters(labels) } });
      return raw.map((c: any) => ({
        id: c.Id,
        name: String(c.Names?.[0] ?? '').replace(/^\//, ''),
        image: c.Image,
        labels: c.Labels ?? {},
        state: c.State,
        status: c.Status,
      }));
    } catch (e) {
      throw toEngineError(e, 'list containers');
    }
  }

  /** Resolves with the exit code once the container stops. */
  async wait(id: string): Promise<number> {
    try {
      const r = await this.docker.getContainer(id).wait();
      return r.StatusCode;
    } catch (e) {
      throw toEngineError(e, `wait for container ${id}`);
    }
  }

  /** stdout and stderr interleaved as the container wrote them; destroy the stream to stop following. */
  async logs(id: string, opts: LogOptions = {}): Promise<Readable> {
    const c = this.docker.getContainer(id);
    try {
      const tty = !!(await c.inspect()).Config?.Tty;
      const raw: unknown = await c.logs({
        follow: !!opts.follow,
        stdout: opts.stdout ?? true,
        stderr: opts.stderr ?? true,
        tail: opts.tail === undefined ? 'all' : opts.tail,
        since: opts.since ?? 0,
        timestamps: !!opts.timestamps,
      } as never);
      const source = Buffer.isBuffer(raw) ? Readable.from([raw]) : (raw as Readable);
      const out = tty ? new PassThrough() : combinedOutput();
      source.on('error', (err) => out.destroy(err));
      out.on('close', () => {
        if (typeof (source as Readable).destroy === 'function') (source as Readable).destroy();
      });
      source.pipe(out);
      return out;
    } catch (e) {
      throw toEngineError(e, `logs of container ${id}`);
    }
  }

  /** Extracts a tar archive into `path` inside the container (works on created and running containers). */
  async putArchive(id: string, path: string, tar: Buffer | Readable): Promise<void> {
    try {
      await this.docker.getContainer(id).putArchive(tar as never, { path });
    } catch (e) {
      throw toEngineError(e, `copy into container ${id}:${path}`);
    }
  }

  /** A tar archive of `path` inside the container. */
  async getArchive(id: string, path: string): Promise<Readable> {
    try {
      return (await this.docker.getContainer(id).getArchive({ path })) as unknown as Readable;
    } catch (e) {
      throw toEngineError(e, `copy from container ${id}:${path}`);
    }
  }

  /** Runs a command to completion and collects its output. */
  exec(id: string, opts: ExecOptions): Promise<ExecResult> {
    return runExec(this.docker, id, opts);
  }

  /** Starts an interactive command (kubectl exec -it, the terminal): raw stream, resize, exit code. */
  execSession(id: string, opts: ExecOptions): Promise<ExecSession> {
    return startExec(this.docker, id, opts);
  }

  /** Connects to the container's main process (kubectl attach, kubectl run -it): output, optional input, resize. */
  attachSession(id: string, opts: { stdin: boolean }): Promise<AttachSession> {
    return startAttach(this.docker, id, opts);
  }
}
