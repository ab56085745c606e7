// Everything a cluster needs to run its pods as real containers, started in order: the lab images (built offline
// when missing), the cluster network and its agent, the docker runtime, nodes with InternalIPs the agent answers
// on (each node its own), and a clean slate (containers of pods deleted while kubelab was down are removed). The Cluster
// composition root calls this once and keeps the handle: dispose() on shutdown leaves pods running for the next
// start to adopt; destroy() removes every container, volume and network of the cluster.
import path from 'node:path';
import { findKind } from '../apiserver/kinds/registry';
import type { ObjectApi } from '../apiserver/object-api';
import type { ResourcePolicy } from '../apiserver/plugins/container-caps';
import type { DockerEngine } from '../docker/engine';
import { ensureImageFor, ensureImages } from '../images/builder';
import type { ImageRecipe } from '../images/catalog';
import { startClusterNetwork, type ClusterNetwork } from '../network/cluster-network';
import { APISERVER_PORT } from '../network/agent-state';
import { DockerRuntime } from '../kubelet/docker-runtime';
import type { TokenRequester } from '../kubelet/token-manager';
import { OWNER_LABEL, STATE_LABEL } from '../kubelet/docker-runtime-names';
import { processIdentity } from '../docker/ownership';
import { removeClusterResources, removeOrphanPods, type RemovedResources } from './recovery';

const nodeRes = findKind('Node')!;
const podRes = findKind('Pod')!;
const endpointsRes = findKind('Endpoints')!;
/** The longest a deleted pod's containers wait for the network to stop routing to it. */
const DRAIN_WAIT_MS = 2000;

export interface DockerClusterOptions {
  engine: DockerEngine;
  api: ObjectApi;
  clusterId: string;
  /** Absolute path of the cluster's state file, or undefined for an in-memory cluster (owned by this process). */
  stateFile?: string;
  /** Extra labels on everything (tests mark theirs). */
  labels?: Record<string, string>;
  policy?: ResourcePolicy;
  /**
   * Lab images to make sure of first: all that every cluster needs (default), only these catalog names, or none.
   * The course images (nginx, redis…) are built when a pod first pulls one.
   */
  images?: 'all' | string[] | false;
  /** The images kubelab can build when a pod pulls them (default: the lab catalog; tests add their own). */
  catalog?: readonly ImageRecipe[];
  /** Rebuild a removed network agent or network (default true). */
  repairNetwork?: boolean;
  /** TokenRequest for pods' projected ServiceAccount tokens. */
  requestToken?: TokenRequester;
  /** Where the API server listens for this cluster's pods (the `kubernetes` Service leads there), if anywhere. */
  apiServer?: () => { ip: string; port: number } | undefined;
  log?: (m: string) => void;
}

export interface DockerClusterRuntime {
  readonly runtime: DockerRuntime;
  readonly network: ClusterNetwork;
  /** Stops following the engine; containers and the network stay for the next start. */
  dispose(): Promise<void>;
  /** Removes every container, volume and network of the cluster. */
  destroy(): Promise<RemovedResources>;
}

/** The labels that let a later sweep, in any process, decide whether this cluster still exists. */
export function ownershipLabels(stateFile: string | undefined): Record<string, string> {
  const owner = processIdentity();
  return { [STATE_LABEL]: stateFile ? path.resolve(stateFile) : 'memory', ...(owner ? { [OWNER_LABEL]: owner } : {}) };
}

/** Node addresses and runtime facts a learner sees in `kubectl get nodes -o wide`. */
function describeNodes(api: ObjectApi, network: ClusterNetwork, engineVersion: { version: string; kernelVersion: string }): void {
  for (const node of api.list(nodeRes, undefined).items) {
    const internalIP = network.nodeAddress(String(node.metadata.name));
    const addresses = (node.status?.addresses ?? []).map((a: any) => (a.type === 'InternalIP' ? { ...a, address: internalIP } : a));
    const nodeInfo = { ...(node.status?.nodeInfo ?? {}), osImage: `kubelab (containers on Docker ${engineVersion.version})`, kernelVersion: engineVersion.kernelVersion };
    api.updateStatus(nodeRes, undefined, String(node.metadata.name), { ...node, status: { ...node.status, addresses, nodeInfo } });
  }
}

/**
 * The `kubernetes` Service's Endpoints: the control plane node's address and kubeadm's port 6443, where the network
 * agent answers for the API server (kube-apiserver's endpoint reconciler keeps them pointing at itself).
 */
function publishApiServerEndpoint(api: ObjectApi, network: ClusterNetwork): void {
  const current = api.tryGet(endpointsRes, 'default', 'kubernetes');
  const subsets = [{ addresses: [{ ip: network.agentIp }], ports: [{ name: 'https', port: APISERVER_PORT, protocol: 'TCP' as const }] }];
  if (!current) api.create(endpointsRes, 'default', { metadata: { name: 'kubernetes', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } }, subsets });
  else if (JSON.stringify(current.subsets) !== JSON.stringify(subsets)) api.update(endpointsRes, 'default', 'kubernetes', { ...current, subsets });
}

/** Whether any Service still sends traffic to this address. */
function routed(api: ObjectApi, ip: string): boolean {
  return api.list(endpointsRes, undefined).items.some((ep) => (ep.subsets ?? []).some((s: any) => (s.addresses ?? []).some((a: any) => a.ip === ip)));
}

/** Until the endpoints controller has dropped the pod and the agent applied it (bounded: a stuck controller must not hold deletion). */
async function drained(api: ObjectApi, network: ClusterNetwork, ip: string | undefined): Promise<void> {
  const deadline = Date.now() + DRAIN_WAIT_MS;
  while (ip && routed(api, ip) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await network.synced(Math.max(100, deadline - Date.now())).catch(() => undefined);
}

export async function startDockerClusterRuntime(opts: DockerClusterOptions): Promise<DockerClusterRuntime> {
  const { engine, api, clusterId } = opts;
  const log = opts.log ?? (() => undefined);
  if (opts.images !== false) {
    // A failed image is logged by ensureImages; pods using it show ErrImagePull, the rest run.
    await ensureImages(engine, log, { ...(opts.images && opts.images !== 'all' ? { only: opts.images } : {}), ...(opts.catalog ? { catalog: opts.catalog } : {}) });
  }
  const labels = { ...opts.labels, ...ownershipLabels(opts.stateFile) };
  const engineVersion = await engine.version();
  const network = await startClusterNetwork({ engine, api, clusterId, labels, log, repair: opts.repairNetwork, apiServer: opts.apiServer });
  let runtime: DockerRuntime;
  try {
    runtime = await DockerRuntime.start({
      engine,
      api,
      clusterId,
      network,
      version: `docker://${engineVersion.version}`,
      policy: opts.policy,
      labels,
      log,
      beforePodTermination: (pod) => drained(api, network, pod.status?.podIP),
      makeImage: async (image) => {
        const made = await ensureImageFor(engine, image, log, opts.catalog);
        return made?.action === 'failed' ? made.error : undefined;
      },
      requestToken: opts.requestToken,
    });
    describeNodes(api, network, engineVersion);
    publishApiServerEndpoint(api, network);
    // A rebuilt network stranded every pod's sandbox; the kubelets make new ones (and the node address may move).
    network.onRepaired(({ networkReplaced }) => {
      if (!networkReplaced) return;
      describeNodes(api, network, engineVersion);
      publishApiServerEndpoint(api, network);
      runtime.sandboxesLost();
    });
    const live = new Set(api.list(podRes, undefined).items.map((p) => String(p.metadata.uid)));
    const removed = await removeOrphanPods(engine, clusterId, live);
    if (removed) log(`removed the containers of ${removed} pods deleted while kubelab was down`);
  } catch (e) {
    await network.dispose();
    throw e;
  }
  // The network's dispose takes { keepNetwork } (its interface does not say so yet): pods stay attached.
  const leave = network.dispose as (o?: { keepNetwork?: boolean }) => Promise<void>;
  return {
    runtime,
    network,
    dispose: async () => {
      runtime.dispose();
      await leave.call(network, { keepNetwork: true });
    },
    destroy: async () => {
      network.stopRepairs();
      // Creates in flight finish first (a pod sync may be half-way through one), then everything is removed.
      await runtime.stop();
      const removed = await removeClusterResources(engine, clusterId);
      await network.dispose();
      return removed;
    },
  };
}
