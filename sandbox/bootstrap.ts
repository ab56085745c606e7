// What a fresh cluster already holds before a learner types anything: the four system namespaces, the nodes
// (one control plane tainted NoSchedule, as seed 000 explains, plus workers), their leases, the `kubernetes`
// Service, and the default ClusterRoles and ClusterRoleBindings. Idempotent, so a restarted cluster keeps what it
// has and only fills gaps — as kube-apiserver puts back a default role someone deleted.
import { SYSTEM_PRIORITY_CLASSES } from './apiserver/admission/validate-scheduling';
import { findKind } from './apiserver/kinds/registry';
import type { Node, Taint } from './api/objects';
import type { ObjectApi } from './apiserver/object-api';
import { DNS_SERVICE_IP, KUBERNETES_SERVICE_IP } from './api/service-network';
import { DEFAULT_CLASS_ANNOTATION } from './apiserver/plugins/default-storage-class';
import { KUBELAB_PROVISIONER } from './api/storage';
import { bootstrapClusterRoleBindings, bootstrapClusterRoles } from './apiserver/auth/bootstrap-policy';
import { aggregatedRules } from './controllers/clusterrole-aggregation';

export const CONTROL_PLANE_TAINT: Taint = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };

export interface NodeSpecOptions {
  name: string;
  controlPlane: boolean;
  internalIP: string;
  podCIDR: string;
  cpu: string;
  memory: string;
  pods: string;
  runtimeVersion: string;
}

export function nodeNames(workers: number): string[] {
  const names = ['kubelab-control-plane'];
  for (let i = 1; i <= workers; i++) names.push(i === 1 ? 'kubelab-worker' : `kubelab-worker${i}`);
  return names;
}

export function nodeObject(o: NodeSpecOptions, now: string): Node {
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': o.name,
    'kubernetes.io/os': 'linux',
  };
  if (o.controlPlane) {
    labels['node-role.kubernetes.io/control-plane'] = '';
    labels['node.kubernetes.io/exclude-from-external-load-balancers'] = '';
  }
  const capacity = { cpu: o.cpu, memory: o.memory, pods: o.pods, 'ephemeral-storage': '100Gi' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: o.name, labels, annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'kubelab.dev/heartbeat': 'kubelet' } },
    spec: { podCIDR: o.podCIDR, podCIDRs: [o.podCIDR], ...(o.controlPlane ? { taints: [CONTROL_PLANE_TAINT] } : {}) },
    status: {
      capacity,
      allocatable: capacity,
      conditions: [
        { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
        { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
        { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
        { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
      ].map((c) => ({ ...c, lastHeartbeatTime: now, lastTransitionTime: now })),
      addresses: [
        { type: 'InternalIP', address: o.internalIP },
        { type: 'Hostname', address: o.name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: 'amd64',
        operatingSystem: 'linux',
        osImage: 'kubelab (simulated node)',
        kernelVersion: 'kubelab',
        containerRuntimeVersion: o.runtimeVersion,
        kubeletVersion: 'v1.31.0-kubelab',
        kubeProxyVersion: 'v1.31.0-kubelab',
        machineID: '',
        systemUUID: '',
        bootID: '',
      },
    },
  };
}

export interface BootstrapOptions {
  workers: number;
  runtimeVersion: string;
}

export function bootstrap(api: ObjectApi, opts: BootstrapOptions): void {
  const nsRes = findKind('Namespace')!;
  for (const name of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
    if (!api.tryGet(nsRes, undefined, name)) api.create(nsRes, undefined, { metadata: { name } });
  }
  const svcRes = findKind('Service')!;
  if (!api.tryGet(svcRes, 'default', 'kubernetes')) {
    api.create(svcRes, 'default', {
      metadata: { name: 'kubernetes', labels: { component: 'apiserver', provider: 'kubernetes' } },
      spec: { clusterIP: KUBERNETES_SERVICE_IP, ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] },
    });
  }
  // Cluster DNS, as kubeadm installs it: every pod's resolv.conf names this address (kube-system-pods.ts keeps CoreDNS).
  if (!api.tryGet(svcRes, 'kube-system', 'kube-dns')) {
    api.create(svcRes, 'kube-system', {
      metadata: {
        name: 'kube-dns',
        labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
        annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' },
      },
      spec: {
        clusterIP: DNS_SERVICE_IP,
        selector: { 'k8s-app': 'kube-dns' },
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
          { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
          { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
        ],
      },
    });
  }
  const epRes = findKind('Endpoints')!;
  if (!api.tryGet(epRes, 'default', 'kubernetes')) {
    api.create(epRes, 'default', {
      metadata: { name: 'kubernetes', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
      subsets: [{ addresses: [{ ip: '172.18.0.2' }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }],
    });
  }
  // The default StorageClass, as kind ships `standard`: claims without a class are provisioned by kubelab.
  const scRes = findKind('StorageClass')!;
  if (!api.tryGet(scRes, undefined, 'standard')) {
    api.create(scRes, undefined, {
      metadata: { name: 'standard', annotations: { [DEFAULT_CLASS_ANNOTATION]: 'true' } },
      provisioner: KUBELAB_PROVISIONER,
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'Immediate',
    });
  }
  // The built-in PriorityClasses, as kube-apiserver's post-start hook makes them in every cluster.
  const pcRes = findKind('PriorityClass')!;
  for (const c of SYSTEM_PRIORITY_CLASSES) {
    if (!api.tryGet(pcRes, undefined, c.name)) api.create(pcRes, undefined, { metadata: { name: c.name }, value: c.value, description: c.description });
  }
  bootstrapPolicy(api);
  const nodeRes = findKind('Node')!;
  nodeNames(opts.workers).forEach((name, i) => {
    if (api.tryGet(nodeRes, undefined, name)) return;
    const node = nodeObject(
      {
        name,
        controlPlane: i === 0,
        internalIP: `172.18.0.${i + 2}`,
        podCIDR: `10.244.${i}.0/24`,
        cpu: '2',
        memory: '4Gi',
        pods: '110',
        runtimeVersion: opts.runtimeVersion,
      },
      api.now(),
    );
    api.create(nodeRes, undefined, node);
  });
}

/** The bootstrap ClusterRoles (admin, edit and view already aggregated) and ClusterRoleBindings that are missing. */
function bootstrapPolicy(api: ObjectApi): void {
  const roleRes = findKind('ClusterRole')!;
  const bindingRes = findKind('ClusterRoleBinding')!;
  const roles = bootstrapClusterRoles();
  // view feeds edit, which feeds admin: aggregate until nothing changes, as the controller would.
  for (let pass = 0; pass < 3; pass++) for (const role of roles) if (role.aggregationRule) role.rules = aggregatedRules(role, roles);
  for (const role of roles) if (!api.tryGet(roleRes, undefined, role.metadata.name!)) api.create(roleRes, undefined, role);
  for (const binding of bootstrapClusterRoleBindings()) {
    if (!api.tryGet(bindingRes, undefined, binding.metadata.name!)) api.create(bindingRes, undefined, binding);
  }
}
