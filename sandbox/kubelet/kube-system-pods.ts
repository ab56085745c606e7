// What `kubectl get pods -n kube-system` shows on a kubeadm cluster: the control plane's static pods (etcd,
// kube-apiserver, kube-controller-manager, kube-scheduler on the control-plane node), CoreDNS behind the kube-dns
// Service, and a kube-proxy on every node. kubelab's control plane runs in-process, so these are mirror pods: API
// objects that report Running and never start a container (the kubelet skips them). Like a kubelet's mirror pods
// they come back when deleted — the static ones under the same name, CoreDNS and kube-proxy under a new one, as their
// ReplicaSet and DaemonSet would make them. All carry the mirror annotation, so `kubectl drain` leaves them alone
// (there is no DaemonSet or ReplicaSet object behind them for it to recognise).
import { createHash, randomBytes } from 'node:crypto';
import { findKind } from '../apiserver/kinds/registry';
import type { Node, Pod, PodCondition, PodSpec, PodStatus } from '../api/objects';
import { isStatusError } from '../api/errors';
import type { ObjectApi } from '../apiserver/object-api';
import { watchOf, type Controller, type WatchSpec } from '../controller-runtime/controller';
import { randomSuffix } from '../util/names';

const podRes = findKind('Pod')!;
const nodeRes = findKind('Node')!;
const NS = 'kube-system';
const KEY = NS;
/** Marks the pods this controller keeps; the kubelet runs no containers for them. */
export const COMPONENT_ANNOTATION = 'kubelab.dev/component-mirror';
const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';
const K8S_VERSION = 'v1.31.0';

export function isComponentPod(pod: Pod | undefined): boolean {
  return !!pod?.metadata.annotations?.[COMPONENT_ANNOTATION] || !!pod?.metadata.annotations?.[MIRROR_ANNOTATION];
}

export interface ComponentAddresses {
  /** The two CoreDNS pods' IPs (under docker: addresses the network agent answers DNS on). */
  dnsPodIps(controlPlane: Node): string[];
}

/** Sim default: the end of the control plane's podCIDR, out of the way of the pods it runs. */
export const SIM_COMPONENT_ADDRESSES: ComponentAddresses = {
  dnsPodIps(cp) {
    const m = /^(\d+\.\d+\.\d+)\.0\/24$/.exec(String(cp.spec?.podCIDR ?? ''));
    return m ? [`${m[1]}.250`, `${m[1]}.251`] : ['10.244.0.250', '10.244.0.251'];
  },
};

interface Static {
  component: string;
  image: string;
  command: string[];
  cpu: string;
}

const STATIC: Static[] = [
  { component: 'etcd', image: 'registry.k8s.io/etcd:3.5.15-0', command: ['etcd', '--data-dir=/var/lib/etcd', '--listen-client-urls=https://127.0.0.1:2379'], cpu: '100m' },
  { component: 'kube-apiserver', image: `registry.k8s.io/kube-apiserver:${K8S_VERSION}`, command: ['kube-apiserver', '--secure-port=6443', '--service-cluster-ip-range=10.96.0.0/16'], cpu: '250m' },
  { component: 'kube-controller-manager', image: `registry.k8s.io/kube-controller-manager:${K8S_VERSION}`, command: ['kube-controller-manager', '--cluster-cidr=10.244.0.0/16'], cpu: '200m' },
  { component: 'kube-scheduler', image: `registry.k8s.io/kube-scheduler:${K8S_VERSION}`, command: ['kube-scheduler', '--leader-elect=true'], cpu: '100m' },
];

const internalIP = (node: Node) => node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
const isControlPlane = (node: Node) => node.metadata.labels?.['node-role.kubernetes.io/control-plane'] !== undefined;
const hex = (s: string, n: number) => createHash('sha256').update(s).digest('hex').slice(0, n);

/** A Running status with every container up, as a kubelet reports a healthy pod. */
function runningStatus(spec: PodSpec | undefined, hostIP: string | undefined, podIP: string | undefined, now: string): PodStatus {
  const cond = (type: string): PodCondition => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: now });
  return {
    phase: 'Running',
    conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map(cond),
    ...(hostIP ? { hostIP, hostIPs: [{ ip: hostIP }] } : {}),
    ...(podIP ? { podIP, podIPs: [{ ip: podIP }] } : {}),
    startTime: now,
    qosClass: 'Burstable',
    // The pods this controller builds all have containers with images.
    containerStatuses: (spec?.containers ?? []).map((c) => {
      const image = c.image ?? '';
      return {
        name: c.name,
        state: { running: { startedAt: now } },
        lastState: {},
        ready: true,
        restartCount: 0,
        image,
        imageID: `${image.split(':')[0]}@sha256:${hex(image, 64)}`,
        containerID: `containerd://${randomBytes(32).toString('hex')}`,
        started: true,
      };
    }),
  };
}

interface Wanted {
  /** A fixed name (static pods) or the prefix of a generated one (CoreDNS, kube-proxy). */
  name?: string;
  prefix?: string;
  /** Which existing pod stands for this one: same static name, or same role (and node). */
  matches(pod: Pod): boolean;
  build(name: string): { pod: Pod; podIP?: string; hostIP?: string };
}

export class KubeSystemPods implements Controller {
  readonly name = 'kube-system-pods';
  readonly watches: WatchSpec[] = [
    watchOf(podRes, (e) => (e.object.metadata.namespace === NS && isComponentPod(e.object) ? [KEY] : [])),
    watchOf(nodeRes, () => [KEY]),
  ];

  constructor(private readonly api: ObjectApi, private readonly addresses: ComponentAddresses = SIM_COMPONENT_ADDRESSES) {}

  private wanted(nodes: Node[]): Wanted[] {
    const out: Wanted[] = [];
    const cp = nodes.find(isControlPlane);
    if (cp) {
      const cpName = String(cp.metadata.name);
      for (const s of STATIC) {
        const name = `${s.component}-${cpName}`;
        out.push({ name, matches: (p) => p.metadata.name === name, build: (n) => this.staticPod(n, s, cp) });
      }
      const ips = this.addresses.dnsPodIps(cp);
      const rs = `coredns-${hex(String(cp.metadata.uid), 10)}`;
      ips.slice(0, 2).forEach((ip, i) => {
        out.push({
          prefix: `${rs}-`,
          matches: (p) => p.metadata.labels?.['k8s-app'] === 'kube-dns' && p.metadata.annotations?.[COMPONENT_ANNOTATION] === `coredns-${i}`,
          build: (n) => this.coreDns(n, i, cp, ip),
        });
      });
    }
    for (const node of nodes) {
      const nodeName = String(node.metadata.name);
      out.push({
        prefix: 'kube-proxy-',
        matches: (p) => p.metadata.labels?.['k8s-app'] === 'kube-proxy' && p.spec?.nodeName === nodeName,
        build: (n) => this.kubeProxy(n, node),
      });
    }
    return out;
  }

  reconcile(): void {
    const nodes = this.api.list(nodeRes, undefined).items;
    const ours = this.api.list(podRes, NS).items.filter(isComponentPod);
    const kept = new Set<string>();
    for (const w of this.wanted(nodes)) {
      let pod = ours.find((p) => !kept.has(String(p.metadata.name)) && w.matches(p));
      if (pod?.metadata.deletionTimestamp) {
        // Deleted: no kubelet has containers to stop; finish it, then bring it back as its owner would.
        this.remove(pod);
        pod = undefined;
      }
      if (pod) {
        kept.add(String(pod.metadata.name));
        continue;
      }
      const name = w.name ?? `${w.prefix}${randomSuffix()}`;
      this.create(w.build(name));
      kept.add(name);
    }
    for (const p of ours) if (!kept.has(String(p.metadata.name)) && !p.metadata.deletionTimestamp) this.remove(p);
  }

  private create(made: { pod: Pod; podIP?: string; hostIP?: string }): void {
    try {
      const created = this.api.create(podRes, NS, made.pod);
      this.api.updateStatus(podRes, NS, String(created.metadata.name), { ...created, status: runningStatus(created.spec, made.hostIP, made.podIP, this.api.now()) });
    } catch (e) {
      if (!(isStatusError(e) && (e.code === 409 || e.code === 403))) throw e;
    }
  }

  private remove(pod: Pod): void {
    try {
      this.api.delete(podRes, NS, String(pod.metadata.name), { gracePeriodSeconds: 0, preconditions: { uid: String(pod.metadata.uid) } });
    } catch (e) {
      if (!(isStatusError(e) && (e.code === 404 || e.code === 409))) throw e;
    }
  }

  private staticPod(name: string, s: Static, node: Node): { pod: Pod; podIP?: string; hostIP?: string } {
    const hash = hex(`${name}/${s.image}`, 32);
    const ip = internalIP(node);
    return {
      podIP: ip,
      hostIP: ip,
      pod: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name,
          namespace: NS,
          labels: { component: s.component, tier: 'control-plane' },
          annotations: {
            [MIRROR_ANNOTATION]: hash,
            'kubernetes.io/config.hash': hash,
            'kubernetes.io/config.seen': this.api.now(),
            'kubernetes.io/config.source': 'file',
            [COMPONENT_ANNOTATION]: 'static',
          },
          ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: String(node.metadata.name), uid: String(node.metadata.uid), controller: true }],
        },
        spec: {
          nodeName: node.metadata.name,
          priorityClassName: 'system-node-critical',
          priority: 2000001000,
          tolerations: [{ operator: 'Exists', effect: 'NoExecute' }],
          containers: [{ name: s.component, image: s.image, command: s.command, resources: { requests: { cpu: s.cpu } } }],
        },
      },
    };
  }

  private coreDns(name: string, index: number, node: Node, ip: string): { pod: Pod; podIP?: string; hostIP?: string } {
    return {
      podIP: ip,
      hostIP: internalIP(node),
      pod: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name,
          namespace: NS,
          labels: { 'k8s-app': 'kube-dns', 'pod-template-hash': name.split('-')[1] },
          annotations: { [COMPONENT_ANNOTATION]: `coredns-${index}`, [MIRROR_ANNOTATION]: hex(name, 32) },
        },
        spec: {
          nodeName: node.metadata.name,
          priorityClassName: 'system-cluster-critical',
          priority: 2000000000,
          tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }, { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
          containers: [
            {
              name: 'coredns',
              image: 'registry.k8s.io/coredns/coredns:v1.11.3',
              args: ['-conf', '/etc/coredns/Corefile'],
              ports: [{ name: 'dns', containerPort: 53, protocol: 'UDP' }, { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' }, { name: 'metrics', containerPort: 9153, protocol: 'TCP' }],
              resources: { limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } },
            },
          ],
        },
      },
    };
  }

  private kubeProxy(name: string, node: Node): { pod: Pod; podIP?: string; hostIP?: string } {
    const ip = internalIP(node);
    return {
      podIP: ip,
      hostIP: ip,
      pod: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name,
          namespace: NS,
          labels: { 'k8s-app': 'kube-proxy', 'controller-revision-hash': hex(K8S_VERSION, 10), 'pod-template-generation': '1' },
          annotations: { [COMPONENT_ANNOTATION]: 'kube-proxy', [MIRROR_ANNOTATION]: hex(name, 32) },
        },
        spec: {
          nodeName: node.metadata.name,
          priorityClassName: 'system-node-critical',
          priority: 2000001000,
          tolerations: [{ operator: 'Exists' }],
          containers: [{ name: 'kube-proxy', image: `registry.k8s.io/kube-proxy:${K8S_VERSION}`, command: ['/usr/local/bin/kube-proxy', '--config=/var/lib/kube-proxy/config.conf', `--hostname-override=${node.metadata.name}`] }],
        },
      },
    };
  }
}
