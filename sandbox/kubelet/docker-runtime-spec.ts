// Pure translation of a pod into Docker containers. The infra container (kubelab/pause) owns the pod's network
// namespace on the cluster network — its IP is the pod IP, DNS points at the cluster's agent — and mounts every
// pod volume, so files can be copied in through it. Each app container joins its namespace (`container:<infra>`:
// one IP, one localhost) with the image, command/args, env, working dir, volume mounts, limits (defaults and
// node's allocatable applied; a pids limit always) and the safe part of its securityContext. Nothing here can ask
// Docker for privileged mode, host namespaces, host paths or capabilities beyond RUNTIME_CAPABILITIES (the runtime
// refuses containers that want more: host-refusals.ts).
import type { Container, Pod } from '../api/objects';
import type { ContainerCaps } from '../apiserver/plugins/container-caps';
import type { ContainerSpec, MountSpec } from '../docker/types';
import { RESOLV_CONF_ENV, resolvConf, type PodDnsConfig, type PodSandboxConfig } from '../network/pod-sandbox-config';
import { expand } from './docker-runtime-env';
import {
  ATTEMPT_LABEL, CONTAINER_LABEL, containerName, INFRA_VOLUME_DIR, infraName, INIT_LABEL, podLabels, ROLE_CONTAINER, ROLE_INFRA,
} from './docker-runtime-names';
import { ROLE_LABEL } from '../docker/labels';
import { RUNTIME_CAPABILITIES } from './host-refusals';

/** A pod volume as Docker knows it. */
export interface PodVolume {
  name: string;
  /** The Docker volume holding its files. */
  dockerVolume: string;
  /** configMap, secret, downwardAPI and projected volumes are always mounted read-only. */
  readOnly: boolean;
}

/** Where a volume with subPath mounts is mounted whole; the subPath becomes a symlink into it. */
export const SUBPATH_VOLUME_DIR = '/.kubelab/volumes';

/** A symlink to create in the container before it starts (subPath mounts). */
export interface SubPathLink {
  volume: string;
  subPath: string;
  /** Absolute path in the container. */
  mountPath: string;
  /** What it points at. */
  target: string;
}

const INFRA_MEMORY = 32 * 1024 * 1024;
const INFRA_PIDS = 16;

/** The pod's hostname, as the kubelet sets it: spec.hostname, else the pod name, cut to 63 characters. */
export function podHostname(pod: Pod): string {
  return String(pod.spec?.hostname ?? pod.metadata.name).slice(0, 63).replace(/[-.]+$/, '');
}

export function infraContainerSpec(input: {
  clusterId: string;
  pod: Pod;
  attempt: number;
  sandbox: PodSandboxConfig;
  volumes: PodVolume[];
  labels: Record<string, string>;
}): ContainerSpec {
  const { pod, sandbox } = input;
  const dnsConfig = pod.spec?.dnsConfig;
  const none = pod.spec?.dnsPolicy === 'None';
  const dns: PodDnsConfig = {
    dns: [...(none ? [] : sandbox.dns), ...(dnsConfig?.nameservers ?? [])],
    dnsSearch: [...(none ? [] : sandbox.dnsSearch), ...(dnsConfig?.searches ?? [])],
    dnsOptions: [...(none ? [] : sandbox.dnsOptions), ...(dnsConfig?.options ?? []).map((o) => (o.value !== undefined ? `${o.name}:${o.value}` : String(o.name)))],
  };
  // The pod's own resolv.conf, as the kubelet writes it (dnsPolicy Default keeps the node's: Docker's resolver).
  const env = sandbox.env.filter((e) => !e.startsWith(`${RESOLV_CONF_ENV}=`));
  if (pod.spec?.dnsPolicy !== 'Default' && dns.dns.length) env.push(`${RESOLV_CONF_ENV}=${resolvConf(dns)}`);
  return {
    name: infraName(input.clusterId, pod, input.attempt),
    image: sandbox.image,
    hostname: podHostname(pod),
    networkMode: sandbox.networkMode,
    env,
    capAdd: sandbox.capAdd,
    ...dns,
    extraHosts: (pod.spec?.hostAliases ?? []).flatMap((a) => (a.hostnames ?? []).map((h) => `${h}:${a.ip}`)),
    memoryBytes: INFRA_MEMORY,
    pidsLimit: INFRA_PIDS,
    mounts: input.volumes.map((v) => ({ type: 'volume', source: v.dockerVolume, target: `${INFRA_VOLUME_DIR}/${v.name}` })),
    restartPolicy: 'no',
    labels: { ...input.labels, ...podLabels(input.clusterId, pod), [ROLE_LABEL]: ROLE_INFRA },
  };
}


/** The part of a securityContext Docker can honour without giving anything away. */
function securityOf(pod: Pod, container: Container): Partial<ContainerSpec> {
  const podSc = pod.spec?.securityContext;
  const sc = container.securityContext;
  const uid = sc?.runAsUser ?? podSc?.runAsUser;
  const gid = sc?.runAsGroup ?? podSc?.runAsGroup;
  const out: Partial<ContainerSpec> = {};
  if (uid !== undefined) out.user = gid !== undefined ? `${uid}:${gid}` : String(uid);
  if (sc?.readOnlyRootFilesystem) out.readonlyRootfs = true;
  const drop = (sc?.capabilities?.drop ?? []).map((c) => String(c).replace(/^CAP_/, ''));
  const add = (sc?.capabilities?.add ?? []).map((c) => String(c).replace(/^CAP_/, '')).filter((c) => RUNTIME_CAPABILITIES.has(c));
  if (drop.length) out.capDrop = drop;
  if (add.length) out.capAdd = add;
  if (sc?.allowPrivilegeEscalation === false) out.securityOpt = ['no-new-privileges'];
  // The process joins the pod's fsGroup (which owns its volumes) and supplementalGroups, as the kubelet sets them.
  const groups = [podSc?.fsGroup, ...(podSc?.supplementalGroups ?? [])].filter((g): g is number => g !== undefined && Number.isInteger(g) && g >= 0).map(String);
  if (groups.length) out.groupAdd = [...new Set(groups)];
  return out;
}

export interface AppContainerInput {
  clusterId: string;
  pod: Pod;
  container: Container;
  init: boolean;
  attempt: number;
  infraId: string;
  image: string;
  env: Map<string, string>;
  volumes: Map<string, PodVolume>;
  /** What the container really gets (container-caps.ts: limits or defaults, within its node). */
  caps: ContainerCaps;
  labels: Record<string, string>;
}

export function appContainerSpec(input: AppContainerInput): { spec: ContainerSpec; links: SubPathLink[] } {
  const { pod, container: c, env } = input;
  const mounts: MountSpec[] = [];
  const links: SubPathLink[] = [];
  const wholeForSubPath = new Set<string>();
  for (const m of c.volumeMounts ?? []) {
    const vol = input.volumes.get(m.name);
    if (!vol) throw new Error(`volume "${m.name}" is not a volume of the pod`);
    const subPath = String(m.subPathExpr ? expand(m.subPathExpr, env) : m.subPath ?? '').replace(/^\/+/, '');
    if (!subPath) {
      mounts.push({ type: 'volume', source: vol.dockerVolume, target: m.mountPath, readOnly: vol.readOnly || !!m.readOnly });
      continue;
    }
    // Docker (API < 1.45) cannot mount a volume's subdirectory: mount the volume whole out of the way, and make
    // the mount path a symlink into it.
    if (!wholeForSubPath.has(vol.name)) {
      wholeForSubPath.add(vol.name);
      mounts.push({ type: 'volume', source: vol.dockerVolume, target: `${SUBPATH_VOLUME_DIR}/${vol.name}`, readOnly: vol.readOnly || !!m.readOnly });
    }
    links.push({ volume: vol.name, subPath, mountPath: m.mountPath, target: `${SUBPATH_VOLUME_DIR}/${vol.name}/${subPath}` });
  }
  const limits = input.caps;
  const command: string[] | undefined = c.command?.length ? c.command.map((s: string) => expand(String(s), env)) : undefined;
  const args: string[] | undefined = c.args?.length ? c.args.map((s: string) => expand(String(s), env)) : undefined;
  const spec: ContainerSpec = {
    name: containerName(input.clusterId, pod, c.name, input.attempt),
    image: input.image,
    entrypoint: command,
    // A command without args must not inherit the image's CMD (Kubernetes semantics).
    cmd: args ?? (command ? [] : undefined),
    env: [...env].map(([k, v]) => `${k}=${v}`),
    workingDir: c.workingDir || undefined,
    tty: !!c.tty,
    openStdin: !!c.stdin,
    stdinOnce: !!c.stdinOnce,
    networkMode: `container:${input.infraId}`,
    mounts,
    memoryBytes: limits.memoryBytes,
    nanoCpus: Math.max(1, Math.round(limits.cpuCores * 1e9)),
    pidsLimit: limits.pids,
    restartPolicy: 'no',
    ...securityOf(pod, c),
    labels: {
      ...input.labels,
      ...podLabels(input.clusterId, pod),
      [ROLE_LABEL]: ROLE_CONTAINER,
      [CONTAINER_LABEL]: c.name,
      [ATTEMPT_LABEL]: String(input.attempt),
      [INIT_LABEL]: String(input.init),
    },
  };
  return { spec, links };
}
