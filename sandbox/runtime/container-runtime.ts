// The contract between a kubelet and what runs containers, shaped after the CRI the real kubelet speaks: a pod
// sandbox owns the pod's network (its IP), containers are created and started in it, each start is a new
// container instance with an attempt number, and the runtime tells the kubelet when a container changed by itself
// (PLEG). `sim` fakes processes (sim-runtime.ts); the docker runtime implements the same calls with real
// containers. The kubelet owns pod lifecycle, back-off and API status; a runtime only does what it is told.
import type { Duplex, Readable, Writable } from 'node:stream';
import type { Disposable } from '../api/types';
import type { Container, Pod, Probe } from '../api/objects';

/** The node a sandbox is made on. */
export interface NodeRef {
  name: string;
  /** spec.podCIDR: where the pod's IP comes from (the sim allocates from it; docker uses its network). */
  podCIDR?: string;
  internalIP?: string;
}

export interface PodSandbox {
  id: string;
  ip: string;
  createdAt: string;
}

/** One container instance: every restart of a container is a new instance with attempt + 1. */
export interface RuntimeContainer {
  /** With the runtime's scheme, as containerStatuses show it: `sim://…`, `docker://…`. */
  id: string;
  name: string;
  attempt: number;
  image: string;
  imageID: string;
  state: 'created' | 'running' | 'exited';
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  exitCode?: number;
  /** Completed, Error, OOMKilled, ContainerCannotRun. */
  reason?: string;
  message?: string;
}

export interface RuntimePodStatus {
  sandbox?: PodSandbox;
  /** Every instance the runtime still has for the pod, oldest first. */
  containers: RuntimeContainer[];
}

export interface PulledImage {
  /** What the image resolved to (the imageID containerStatuses show). */
  imageRef: string;
  /** Bytes, when the runtime knows (the Pulled event then says "Image size: N bytes."). */
  size?: number;
}

/** A failed pull; the message is the runtime's error text, shown in events and in the ErrImagePull state. */
export class ImagePullError extends Error {
  override readonly name = 'ImagePullError';
}

/** A runtime that cannot do something at all (the sim has no processes to exec into or read logs from). */
export class RuntimeNotSupportedError extends Error {
  override readonly name = 'RuntimeNotSupportedError';
}

export type ProbeKind = 'readiness' | 'liveness' | 'startup';

export interface ProbeResult {
  success: boolean;
  /** Why it failed, in the prober's words ("HTTP probe failed with statuscode: 500"). */
  message?: string;
}

export interface LogOptions {
  follow?: boolean;
  previous?: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  timestamps?: boolean;
}

export interface TerminalSize {
  width: number;
  height: number;
}

export interface ExecOptions {
  command: string[];
  tty: boolean;
  stdin?: Readable;
  /** Written to, never ended: the caller's transport says when its streams close. */
  stdout?: Writable;
  stderr?: Writable;
  /** Terminal size changes from the client (TTY only): the runtime registers one listener. */
  onResize?: (listener: (size: TerminalSize) => void) => void;
  /** Aborted when the client goes away; the runtime drops the session. */
  signal?: AbortSignal;
}

/** kubectl attach: an exec without a command (the streams go to the container's own process). */
export type AttachOptions = Omit<ExecOptions, 'command'>;

export interface StartContainerOptions {
  sandbox: PodSandbox;
  attempt: number;
  /** The image reference EnsureImageExists resolved. */
  imageRef: string;
  /** Regular container or init container (a sim init container runs to completion by default). */
  init: boolean;
  /** An ephemeral container's targetContainerName: it shares that container's process namespace (kubectl debug --target). */
  targetContainer?: string;
}

/** One reading of a running container's resource use, as the kubelet's summary API gives it to metrics-server. */
export interface ContainerUsage {
  name: string;
  /** When it was read (ms since the epoch). */
  at: number;
  /** CPU time used since the container started, in nanoseconds (cumulative: a rate needs two readings). */
  cpuUsageNanoseconds: number;
  /** Memory in use minus inactive file cache. */
  memoryWorkingSetBytes: number;
}

export interface ContainerRuntime extends Disposable {
  /** `sim` or `docker`; also the scheme of container IDs. */
  readonly name: string;
  /** For node.status.nodeInfo.containerRuntimeVersion. */
  readonly version: string;
  /** PLEG: called with a pod's uid whenever one of its containers changes state on its own (an exit). */
  onPodEvent(listener: (podUid: string) => void): Disposable;
  /** The image's reference when it is present on the machine, undefined when it is not (GetImageRef). */
  imageRef(image: string): Promise<string | undefined>;
  /** Pulls; throws ImagePullError with the runtime's message when the image cannot be had. */
  pullImage(image: string): Promise<PulledImage>;
  /** Creates the pod's sandbox (network, IP) unless it exists; returns it. */
  ensurePodSandbox(pod: Pod, node: NodeRef): Promise<PodSandbox>;
  /** Creates and starts one instance of `container`; throws (message shown as CreateContainerError) on failure. */
  startContainer(pod: Pod, container: Container, opts: StartContainerOptions): Promise<RuntimeContainer>;
  /** Stops a container instance, giving it up to gracePeriodSeconds after SIGTERM. */
  stopContainer(pod: Pod, containerId: string, gracePeriodSeconds: number): Promise<void>;
  /** What the runtime has for the pod right now. */
  podStatus(pod: Pod): Promise<RuntimePodStatus>;
  /** Runs a readiness/liveness/startup probe of a running container. */
  probe(pod: Pod, container: Container, kind: ProbeKind, probe: Probe | undefined, podIP: string | undefined): Promise<ProbeResult>;
  /** Removes every container and the sandbox of a pod; its IP goes back to the pool. */
  removePod(podUid: string): Promise<void>;
  /** Container logs; RuntimeNotSupportedError where there are no processes. */
  logs(pod: Pod, containerName: string, opts: LogOptions): Promise<Readable>;
  /** Runs a command in a container; resolves with its exit code. RuntimeNotSupportedError where not possible. */
  exec(pod: Pod, containerName: string, opts: ExecOptions): Promise<number>;
  /**
   * Connects to the running container's main process (kubectl attach, kubectl run -it): what it writes from now on
   * and, with `stdin`, its input; resolves when it exits or `signal` aborts.
   */
  attach?(pod: Pod, containerName: string, opts: AttachOptions): Promise<void>;
  /** A TCP connection to `port` in the pod's network namespace (kubectl port-forward). */
  portForward?(pod: Pod, port: number): Promise<Duplex>;
  /** Brings the pod's ConfigMap, Secret and downward API volume files up to date (a no-op when nothing changed). */
  /**
   * Why this runtime will not run the container at all (a setting that would reach the machine), or undefined. The
   * kubelet reports it as CreateContainerConfigError, as a real kubelet reports a setting it refuses.
   */
  refusal?(pod: Pod, container: Container): string | undefined;
  /**
   * The kubelet's ephemeral-storage eviction: why this running pod must be evicted for the storage it uses, or
   * undefined. A runtime that has it is asked on every sync, and the pod is looked at again every few seconds.
   */
  storageEviction?(pod: Pod): Promise<string | undefined>;
  refreshVolumes?(pod: Pod): Promise<void>;
  /** Resource use of the pod's running containers (kubectl top, the HorizontalPodAutoscaler); absent: not measured. */
  containerStats?(pod: Pod): Promise<ContainerUsage[]>;
  /** A pod that finished for good (Succeeded/Failed) gives its sandbox up; its exited containers stay for logs. */
  stopPodSandbox?(pod: Pod): Promise<void>;
}
