// Plain shapes of what kubelab asks of, and reads back from, a Docker engine. The engine module translates them to
// and from Docker's API; everyone else (kubelet, network, images, terminal) speaks only these, never dockerode.

export type RestartPolicy = 'no' | 'always' | 'on-failure' | 'unless-stopped';

export interface MountSpec {
  type: 'volume' | 'bind' | 'tmpfs';
  /** Volume name or host path; unused for tmpfs. */
  source?: string;
  target: string;
  readOnly?: boolean;
}

/** What a container is created with. Deliberately has no `privileged` and no host network/PID switch. */
export interface ContainerSpec {
  name?: string;
  image: string;
  cmd?: string[];
  entrypoint?: string[];
  env?: Record<string, string> | string[];
  labels?: Record<string, string>;
  workingDir?: string;
  user?: string;
  hostname?: string;
  tty?: boolean;
  openStdin?: boolean;
  stdinOnce?: boolean;
  stopSignal?: string;
  stopTimeoutSeconds?: number;
  /** A network name, `container:<id>` (join that container's network namespace, as pod containers do) or `none`. */
  networkMode?: string;
  /** Fixed address and DNS aliases on the `networkMode` network (user-defined networks only). */
  ipv4Address?: string;
  aliases?: string[];
  dns?: string[];
  dnsSearch?: string[];
  dnsOptions?: string[];
  extraHosts?: string[];
  capAdd?: string[];
  capDrop?: string[];
  /** Supplementary groups of the container's process (a pod's fsGroup and supplementalGroups). */
  groupAdd?: string[];
  readonlyRootfs?: boolean;
  memoryBytes?: number;
  nanoCpus?: number;
  pidsLimit?: number;
  /** The largest file a process may write (RLIMIT_FSIZE); writing past it fails with "File size limit exceeded". */
  fileSizeLimitBytes?: number;
  mounts?: MountSpec[];
  restartPolicy?: RestartPolicy;
  init?: boolean;
  /** `container:<id>` shares that container's IPC / PID namespace. */
  ipcMode?: string;
  pidMode?: string;
  securityOpt?: string[];
  sysctls?: Record<string, string>;
  autoRemove?: boolean;
}

export interface ContainerState {
  status: string; // created | running | paused | restarting | removing | exited | dead
  running: boolean;
  exitCode: number;
  oomKilled: boolean;
  error: string;
  pid: number;
  startedAt?: string;
  finishedAt?: string;
}

export interface ContainerNetwork {
  ipAddress: string;
  gateway: string;
  aliases: string[];
}

export interface ContainerInfo {
  id: string;
  name: string;
  image: string;
  imageId: string;
  created: string;
  labels: Record<string, string>;
  state: ContainerState;
  restartCount: number;
  networkMode: string;
  privileged: boolean;
  capAdd: string[];
  /** Per network the container is attached to (empty for `container:` network mode). */
  networks: Record<string, ContainerNetwork>;
}

export interface ContainerSummary {
  id: string;
  name: string;
  image: string;
  labels: Record<string, string>;
  state: string;
  status: string;
}

export interface ImageInfo {
  id: string;
  tags: string[];
  labels: Record<string, string>;
  created: string;
  sizeBytes: number;
}

export interface BuildOptions {
  tags: string[];
  labels?: Record<string, string>;
  buildArgs?: Record<string, string>;
  dockerfile?: string;
  noCache?: boolean;
}

export interface NetworkSpec {
  name: string;
  labels?: Record<string, string>;
  subnet?: string;
  ipRange?: string;
  gateway?: string;
  internal?: boolean;
  driverOptions?: Record<string, string>;
}

export interface NetworkInfo {
  id: string;
  name: string;
  labels: Record<string, string>;
  subnet?: string;
  ipRange?: string;
  gateway?: string;
  internal: boolean;
  /** Attached containers by id. */
  containers: Record<string, { name: string; ipv4Address: string }>;
}

export interface VolumeInfo {
  name: string;
  labels: Record<string, string>;
  mountpoint: string;
}

export interface LogOptions {
  follow?: boolean;
  tail?: number;
  /** Unix seconds. */
  since?: number;
  timestamps?: boolean;
  stdout?: boolean;
  stderr?: boolean;
}

export interface ExecOptions {
  cmd: string[];
  env?: string[];
  user?: string;
  workingDir?: string;
  tty?: boolean;
  stdin?: boolean;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** A Docker engine event (container start/die/oom, network connect, ...). */
export interface EngineEvent {
  type: string;
  action: string;
  id: string;
  attributes: Record<string, string>;
  time: number;
}

/** One reading of a container's resource use (`docker stats --no-stream`), as the kubelet's summary API reports it. */
export interface ContainerStats {
  /** When the engine read it (RFC 3339 with nanoseconds). */
  read: string;
  /** CPU time used since the container started, in nanoseconds (cumulative: a rate needs two readings). */
  cpuUsageNanoseconds: number;
  /** Memory in use minus inactive file cache: the working set metrics-server reports. */
  memoryWorkingSetBytes: number;
}
