// The ClusterRoles and ClusterRoleBindings a kubeadm cluster starts with: kube-apiserver's bootstrap policy (facts
// from kubernetes plugin/pkg/auth/authorizer/rbac/bootstrappolicy, testdata/cluster-roles.yaml) — the user-facing
// roles (cluster-admin; admin, edit and view aggregated from system:aggregate-to-*), the system:* roles of the
// control-plane components — plus what kubeadm and CoreDNS add (kubeadm:cluster-admins, whose group the owner's
// kubeconfig is in) and metrics-server's aggregated reader. The controller-manager's per-controller roles
// (system:controller:*) are left out.
import type { ClusterRole, ClusterRoleBinding, PolicyRule, Subject } from '../../api/objects';

const GROUP = 'rbac.authorization.k8s.io';
const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];
const ALL_RW = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

const r = (verbs: string[], apiGroups: string[], resources: string[], resourceNames?: string[]): PolicyRule => ({
  ...(apiGroups.length ? { apiGroups } : {}),
  ...(resourceNames ? { resourceNames } : {}),
  resources,
  verbs,
});
const urls = (verbs: string[], nonResourceURLs: string[]): PolicyRule => ({ nonResourceURLs, verbs });

const EVENTS = r(['create', 'patch', 'update'], ['', 'events.k8s.io'], ['events']);

/** The aggregation labels: a ClusterRole with one of these lends its rules to admin, edit or view. */
export const AGGREGATE_TO = (role: 'admin' | 'edit' | 'view') => `rbac.authorization.k8s.io/aggregate-to-${role}`;

interface RoleSpec {
  rules?: PolicyRule[];
  aggregate?: 'admin' | 'edit' | 'view';
  labels?: Record<string, string>;
  /** Not kube-apiserver's own (kubeadm's, CoreDNS's): no rbac-defaults label or autoupdate annotation. */
  addon?: boolean;
}

const ROLES: Record<string, RoleSpec> = {
  admin: { aggregate: 'admin' },
  'cluster-admin': { rules: [r(['*'], ['*'], ['*']), urls(['*'], ['*'])] },
  edit: { aggregate: 'edit', labels: { [AGGREGATE_TO('admin')]: 'true' } },
  'system:aggregate-to-admin': {
    labels: { [AGGREGATE_TO('admin')]: 'true' },
    rules: [r(['create'], ['authorization.k8s.io'], ['localsubjectaccessreviews']), r(ALL_RW, [GROUP], ['rolebindings', 'roles'])],
  },
  'system:aggregate-to-edit': {
    labels: { [AGGREGATE_TO('edit')]: 'true' },
    rules: [
      r(READ, [''], ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'secrets', 'services/proxy']),
      r(['impersonate'], [''], ['serviceaccounts']),
      r(WRITE, [''], ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy']),
      r(['create'], [''], ['pods/eviction']),
      r(WRITE, [''], ['configmaps', 'events', 'persistentvolumeclaims', 'replicationcontrollers', 'replicationcontrollers/scale', 'secrets', 'serviceaccounts', 'services', 'services/proxy']),
      r(['create'], [''], ['serviceaccounts/token']),
      r(WRITE, ['apps'], ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'replicasets', 'replicasets/scale', 'statefulsets', 'statefulsets/scale']),
      r(WRITE, ['autoscaling'], ['horizontalpodautoscalers']),
      r(WRITE, ['batch'], ['cronjobs', 'jobs']),
      r(WRITE, ['extensions'], ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'ingresses', 'networkpolicies', 'replicasets', 'replicasets/scale', 'replicationcontrollers/scale']),
      r(WRITE, ['policy'], ['poddisruptionbudgets']),
      r(WRITE, ['networking.k8s.io'], ['ingresses', 'networkpolicies']),
      r(ALL_RW, ['coordination.k8s.io'], ['leases']),
    ],
  },
  'system:aggregate-to-view': {
    labels: { [AGGREGATE_TO('view')]: 'true' },
    rules: [
      r(READ, [''], ['configmaps', 'endpoints', 'persistentvolumeclaims', 'persistentvolumeclaims/status', 'pods', 'replicationcontrollers', 'replicationcontrollers/scale', 'serviceaccounts', 'services', 'services/status']),
      r(READ, [''], ['bindings', 'events', 'limitranges', 'namespaces/status', 'pods/log', 'pods/status', 'replicationcontrollers/status', 'resourcequotas', 'resourcequotas/status']),
      r(READ, [''], ['namespaces']),
      r(READ, ['discovery.k8s.io'], ['endpointslices']),
      r(READ, ['apps'], ['controllerrevisions', 'daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status', 'replicasets', 'replicasets/scale', 'replicasets/status', 'statefulsets', 'statefulsets/scale', 'statefulsets/status']),
      r(READ, ['autoscaling'], ['horizontalpodautoscalers', 'horizontalpodautoscalers/status']),
      r(READ, ['batch'], ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status']),
      r(READ, ['extensions'], ['daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status', 'ingresses', 'ingresses/status', 'networkpolicies', 'replicasets', 'replicasets/scale', 'replicasets/status', 'replicationcontrollers/scale']),
      r(READ, ['policy'], ['poddisruptionbudgets', 'poddisruptionbudgets/status']),
      r(READ, ['networking.k8s.io'], ['ingresses', 'ingresses/status', 'networkpolicies']),
    ],
  },
  'system:auth-delegator': { rules: [r(['create'], ['authentication.k8s.io'], ['tokenreviews']), r(['create'], ['authorization.k8s.io'], ['subjectaccessreviews'])] },
  'system:basic-user': { rules: [r(['create'], ['authorization.k8s.io'], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews']), r(['create'], ['authentication.k8s.io'], ['selfsubjectreviews'])] },
  'system:certificates.k8s.io:certificatesigningrequests:nodeclient': { rules: [r(['create'], ['certificates.k8s.io'], ['certificatesigningrequests/nodeclient'])] },
  'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient': { rules: [r(['create'], ['certificates.k8s.io'], ['certificatesigningrequests/selfnodeclient'])] },
  'system:certificates.k8s.io:kube-apiserver-client-approver': { rules: [r(['approve'], ['certificates.k8s.io'], ['signers'], ['kubernetes.io/kube-apiserver-client'])] },
  'system:certificates.k8s.io:kube-apiserver-client-kubelet-approver': { rules: [r(['approve'], ['certificates.k8s.io'], ['signers'], ['kubernetes.io/kube-apiserver-client-kubelet'])] },
  'system:certificates.k8s.io:kubelet-serving-approver': { rules: [r(['approve'], ['certificates.k8s.io'], ['signers'], ['kubernetes.io/kubelet-serving'])] },
  'system:certificates.k8s.io:legacy-unknown-approver': { rules: [r(['approve'], ['certificates.k8s.io'], ['signers'], ['kubernetes.io/legacy-unknown'])] },
  'system:discovery': { rules: [urls(['get'], ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'])] },
  'system:heapster': { rules: [r(READ, [''], ['events', 'namespaces', 'nodes', 'pods']), r(READ, ['extensions'], ['deployments'])] },
  'system:kube-aggregator': { rules: [r(READ, [''], ['endpoints', 'services'])] },
  'system:kube-controller-manager': {
    rules: [
      EVENTS,
      r(['create'], ['coordination.k8s.io'], ['leases']),
      r(['get', 'update'], ['coordination.k8s.io'], ['leases'], ['kube-controller-manager']),
      r(['create'], [''], ['secrets', 'serviceaccounts']),
      r(['delete'], [''], ['secrets']),
      r(['get'], [''], ['configmaps', 'namespaces', 'secrets', 'serviceaccounts']),
      r(['update'], [''], ['secrets', 'serviceaccounts']),
      r(['create'], ['authentication.k8s.io'], ['tokenreviews']),
      r(['create'], ['authorization.k8s.io'], ['subjectaccessreviews']),
      r(['list', 'watch'], ['*'], ['*']),
      r(['create'], [''], ['serviceaccounts/token']),
    ],
  },
  'system:kube-dns': { rules: [r(['list', 'watch'], [''], ['endpoints', 'services'])] },
  'system:kube-scheduler': {
    rules: [
      EVENTS,
      r(['create'], ['coordination.k8s.io'], ['leases']),
      r(['get', 'update'], ['coordination.k8s.io'], ['leases'], ['kube-scheduler']),
      r(READ, [''], ['nodes']),
      r(['delete', 'get', 'list', 'watch'], [''], ['pods']),
      r(['create'], [''], ['bindings', 'pods/binding']),
      r(['patch', 'update'], [''], ['pods/status']),
      r(READ, [''], ['replicationcontrollers', 'services']),
      r(READ, ['apps', 'extensions'], ['replicasets']),
      r(READ, ['apps'], ['statefulsets']),
      r(READ, ['policy'], ['poddisruptionbudgets']),
      r(READ, [''], ['persistentvolumeclaims', 'persistentvolumes']),
      r(['create'], ['authentication.k8s.io'], ['tokenreviews']),
      r(['create'], ['authorization.k8s.io'], ['subjectaccessreviews']),
      r(READ, ['storage.k8s.io'], ['csinodes']),
      r(READ, [''], ['namespaces']),
      r(READ, ['storage.k8s.io'], ['csidrivers']),
      r(READ, ['storage.k8s.io'], ['csistoragecapacities']),
    ],
  },
  'system:kubelet-api-admin': { rules: [r(READ, [''], ['nodes']), r(['proxy'], [''], ['nodes']), r(['*'], [''], ['nodes/log', 'nodes/metrics', 'nodes/proxy', 'nodes/stats'])] },
  'system:monitoring': { rules: [urls(['get'], ['/healthz', '/healthz/*', '/livez', '/livez/*', '/metrics', '/metrics/slis', '/readyz', '/readyz/*'])] },
  'system:node': {
    rules: [
      r(['create'], ['authentication.k8s.io'], ['tokenreviews']),
      r(['create'], ['authorization.k8s.io'], ['localsubjectaccessreviews', 'subjectaccessreviews']),
      r(READ, [''], ['services']),
      r(['create', 'get', 'list', 'watch'], [''], ['nodes']),
      r(['patch', 'update'], [''], ['nodes/status']),
      r(['patch', 'update'], [''], ['nodes']),
      r(['create', 'patch', 'update'], [''], ['events']),
      r(READ, [''], ['pods']),
      r(['create', 'delete'], [''], ['pods']),
      r(['patch', 'update'], [''], ['pods/status']),
      r(['create'], [''], ['pods/eviction']),
      r(READ, [''], ['configmaps', 'secrets']),
      r(['get'], [''], ['persistentvolumeclaims', 'persistentvolumes']),
      r(['get'], [''], ['endpoints']),
      r(['create', 'get', 'list', 'watch'], ['certificates.k8s.io'], ['certificatesigningrequests']),
      r(['create', 'delete', 'get', 'patch', 'update'], ['coordination.k8s.io'], ['leases']),
      r(['get'], ['storage.k8s.io'], ['volumeattachments']),
      r(['create'], [''], ['serviceaccounts/token']),
      r(['get', 'patch', 'update'], [''], ['persistentvolumeclaims/status']),
      r(READ, ['storage.k8s.io'], ['csidrivers']),
      r(['create', 'delete', 'get', 'patch', 'update'], ['storage.k8s.io'], ['csinodes']),
      r(READ, ['node.k8s.io'], ['runtimeclasses']),
    ],
  },
  'system:node-bootstrapper': { rules: [r(['create', 'get', 'list', 'watch'], ['certificates.k8s.io'], ['certificatesigningrequests'])] },
  'system:node-problem-detector': { rules: [r(['get'], [''], ['nodes']), r(['patch'], [''], ['nodes/status']), EVENTS] },
  'system:node-proxier': { rules: [r(['list', 'watch'], [''], ['endpoints', 'services']), r(READ, [''], ['nodes']), EVENTS, r(['list', 'watch'], ['discovery.k8s.io'], ['endpointslices'])] },
  'system:persistent-volume-provisioner': {
    rules: [
      r(['create', 'delete', 'get', 'list', 'watch'], [''], ['persistentvolumes']),
      r(['get', 'list', 'update', 'watch'], [''], ['persistentvolumeclaims']),
      r(READ, ['storage.k8s.io'], ['storageclasses']),
      r(['watch'], [''], ['events']),
      EVENTS,
    ],
  },
  'system:public-info-viewer': { rules: [urls(['get'], ['/healthz', '/livez', '/readyz', '/version', '/version/'])] },
  'system:service-account-issuer-discovery': { rules: [urls(['get'], ['/.well-known/openid-configuration', '/openid/v1/jwks'])] },
  'system:volume-scheduler': { rules: [r(['get', 'list', 'patch', 'update', 'watch'], [''], ['persistentvolumes']), r(READ, ['storage.k8s.io'], ['storageclasses']), r(['get', 'list', 'patch', 'update', 'watch'], [''], ['persistentvolumeclaims'])] },
  view: { aggregate: 'view', labels: { [AGGREGATE_TO('edit')]: 'true' } },
  // kubeadm's and CoreDNS's own.
  'kubeadm:get-nodes': { addon: true, rules: [r(['get'], [''], ['nodes'])] },
  // metrics-server's (the cluster serves metrics.k8s.io as metrics-server would): kubectl top for admin, edit and view.
  'system:aggregated-metrics-reader': {
    addon: true,
    labels: { 'k8s-app': 'metrics-server', [AGGREGATE_TO('admin')]: 'true', [AGGREGATE_TO('edit')]: 'true', [AGGREGATE_TO('view')]: 'true' },
    rules: [r(READ, ['metrics.k8s.io'], ['pods', 'nodes'])],
  },
  'system:coredns': { addon: true, rules: [r(['list', 'watch'], [''], ['endpoints', 'services', 'pods', 'namespaces']), r(['list', 'watch'], ['discovery.k8s.io'], ['endpointslices'])] },
};

const user = (name: string): Subject => ({ apiGroup: GROUP, kind: 'User', name });
const group = (name: string): Subject => ({ apiGroup: GROUP, kind: 'Group', name });
const sa = (namespace: string, name: string): Subject => ({ kind: 'ServiceAccount', name, namespace });

const BINDINGS: Record<string, { role: string; subjects: Subject[]; addon?: boolean }> = {
  'cluster-admin': { role: 'cluster-admin', subjects: [group('system:masters')] },
  'kubeadm:cluster-admins': { role: 'cluster-admin', subjects: [group('kubeadm:cluster-admins')], addon: true },
  'kubeadm:get-nodes': { role: 'kubeadm:get-nodes', subjects: [group('system:bootstrappers:kubeadm:default-node-token')], addon: true },
  'kubeadm:kubelet-bootstrap': { role: 'system:node-bootstrapper', subjects: [group('system:bootstrappers:kubeadm:default-node-token')], addon: true },
  'kubeadm:node-autoapprove-bootstrap': { role: 'system:certificates.k8s.io:certificatesigningrequests:nodeclient', subjects: [group('system:bootstrappers:kubeadm:default-node-token')], addon: true },
  'kubeadm:node-autoapprove-certificate-rotation': { role: 'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient', subjects: [group('system:nodes')], addon: true },
  'kubeadm:node-proxier': { role: 'system:node-proxier', subjects: [sa('kube-system', 'kube-proxy')], addon: true },
  'system:basic-user': { role: 'system:basic-user', subjects: [group('system:authenticated')] },
  'system:coredns': { role: 'system:coredns', subjects: [sa('kube-system', 'coredns')], addon: true },
  'system:discovery': { role: 'system:discovery', subjects: [group('system:authenticated')] },
  'system:kube-controller-manager': { role: 'system:kube-controller-manager', subjects: [user('system:kube-controller-manager')] },
  'system:kube-dns': { role: 'system:kube-dns', subjects: [sa('kube-system', 'kube-dns')] },
  'system:kube-scheduler': { role: 'system:kube-scheduler', subjects: [user('system:kube-scheduler')] },
  'system:monitoring': { role: 'system:monitoring', subjects: [group('system:monitoring')] },
  'system:node': { role: 'system:node', subjects: [] },
  'system:node-proxier': { role: 'system:node-proxier', subjects: [user('system:kube-proxy')] },
  'system:public-info-viewer': { role: 'system:public-info-viewer', subjects: [group('system:authenticated'), group('system:unauthenticated')] },
  'system:service-account-issuer-discovery': { role: 'system:service-account-issuer-discovery', subjects: [group('system:serviceaccounts')] },
  'system:volume-scheduler': { role: 'system:volume-scheduler', subjects: [user('system:kube-scheduler')] },
};

function defaultsMeta(name: string, addon: boolean | undefined, labels: Record<string, string> = {}) {
  if (addon) return { name, ...(Object.keys(labels).length ? { labels } : {}) };
  return { name, annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' }, labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults', ...labels } };
}

export function bootstrapClusterRoles(): ClusterRole[] {
  return Object.entries(ROLES).map(([name, spec]) => ({
    apiVersion: `${GROUP}/v1`,
    kind: 'ClusterRole',
    metadata: defaultsMeta(name, spec.addon, spec.labels),
    ...(spec.aggregate ? { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [AGGREGATE_TO(spec.aggregate)]: 'true' } }] } } : {}),
    rules: spec.rules ?? [],
  }));
}

export function bootstrapClusterRoleBindings(): ClusterRoleBinding[] {
  return Object.entries(BINDINGS).map(([name, b]) => ({
    apiVersion: `${GROUP}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: defaultsMeta(name, b.addon),
    roleRef: { apiGroup: GROUP, kind: 'ClusterRole', name: b.role },
    ...(b.subjects.length ? { subjects: b.subjects } : {}),
  }));
}
