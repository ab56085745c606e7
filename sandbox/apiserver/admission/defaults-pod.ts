// Defaults of a pod spec, whether in a Pod or in a workload's template (core/v1 SetDefaults_PodSpec, _Container,
// _Probe, _Volume…), plus what kube-apiserver's default admission plugins add to Pods only: the ServiceAccount
// plugin's `default` account, Priority's 0 / PreemptLowerPriority and DefaultTolerationSeconds' two NoExecute
// tolerations. `kubectl get pod -o yaml` on a real cluster shows all of these, and learners compare.

/** Where a default goes: an object that may still be missing. */
function obj(parent: any, key: string): any {
  if (!parent[key] || typeof parent[key] !== 'object' || Array.isArray(parent[key])) parent[key] = {};
  return parent[key];
}

function setIfAbsent(target: any, key: string, value: unknown): void {
  if (target[key] === undefined || target[key] === null || target[key] === '') target[key] = value;
}

const list = (v: unknown): any[] => (Array.isArray(v) ? v : []);

/** The tag kubelet would pull: no tag (and no digest) means `latest`. */
export function imageTag(image: string): string {
  const [name, digest] = image.split('@');
  const lastSlash = name.lastIndexOf('/');
  const last = name.slice(lastSlash + 1);
  const colon = last.lastIndexOf(':');
  if (colon >= 0) return last.slice(colon + 1);
  return digest ? '' : 'latest';
}

function defaultHTTPGet(handler: any): void {
  if (handler?.httpGet && typeof handler.httpGet === 'object') {
    setIfAbsent(handler.httpGet, 'path', '/');
    setIfAbsent(handler.httpGet, 'scheme', 'HTTP');
  }
  if (handler?.grpc && typeof handler.grpc === 'object' && handler.grpc.service === undefined) handler.grpc.service = '';
}

function defaultProbe(probe: any): void {
  if (!probe || typeof probe !== 'object') return;
  for (const [k, v] of [['timeoutSeconds', 1], ['periodSeconds', 10], ['successThreshold', 1], ['failureThreshold', 3]] as const) {
    if (!probe[k]) probe[k] = v;
  }
  defaultHTTPGet(probe);
}

function defaultFieldRef(ref: any): void {
  if (ref && typeof ref === 'object') setIfAbsent(ref, 'apiVersion', 'v1');
}

function defaultContainer(c: any, hostNetwork: boolean): void {
  if (!c || typeof c !== 'object') return;
  if (!c.imagePullPolicy) c.imagePullPolicy = imageTag(String(c.image ?? '')) === 'latest' ? 'Always' : 'IfNotPresent';
  setIfAbsent(c, 'terminationMessagePath', '/dev/termination-log');
  setIfAbsent(c, 'terminationMessagePolicy', 'File');
  obj(c, 'resources');
  for (const p of list(c.ports)) {
    if (!p || typeof p !== 'object') continue;
    setIfAbsent(p, 'protocol', 'TCP');
    if (hostNetwork && !p.hostPort) p.hostPort = p.containerPort;
  }
  for (const e of list(c.env)) defaultFieldRef(e?.valueFrom?.fieldRef);
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  defaultHTTPGet(c.lifecycle?.postStart);
  defaultHTTPGet(c.lifecycle?.preStop);
}

const VOLUME_SOURCES = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile',
  'configMap', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume', 'scaleIO',
  'storageos', 'csi', 'ephemeral', 'image',
];

export function volumeSources(v: any): string[] {
  return VOLUME_SOURCES.filter((k) => v?.[k] !== undefined && v[k] !== null);
}

function defaultVolume(v: any): void {
  if (!v || typeof v !== 'object') return;
  if (!volumeSources(v).length) v.emptyDir = {};
  if (v.hostPath && typeof v.hostPath === 'object' && v.hostPath.type === undefined) v.hostPath.type = '';
  for (const k of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    if (v[k] && typeof v[k] === 'object' && v[k].defaultMode === undefined) v[k].defaultMode = 420;
  }
  for (const item of list(v.downwardAPI?.items)) defaultFieldRef(item?.fieldRef);
  for (const src of list(v.projected?.sources)) {
    for (const item of list(src?.downwardAPI?.items)) defaultFieldRef(item?.fieldRef);
    if (src?.serviceAccountToken && typeof src.serviceAccountToken === 'object') setIfAbsent(src.serviceAccountToken, 'expirationSeconds', 3600);
  }
  const claim = v.ephemeral?.volumeClaimTemplate?.spec;
  if (claim && typeof claim === 'object') setIfAbsent(claim, 'volumeMode', 'Filesystem');
}

/** SetDefaults_PodSpec and everything nested in it: what pod templates get too. */
export function defaultPodSpec(spec: any): void {
  if (!spec || typeof spec !== 'object') return;
  setIfAbsent(spec, 'dnsPolicy', 'ClusterFirst');
  setIfAbsent(spec, 'restartPolicy', 'Always');
  obj(spec, 'securityContext');
  if (spec.terminationGracePeriodSeconds === undefined || spec.terminationGracePeriodSeconds === null) spec.terminationGracePeriodSeconds = 30;
  setIfAbsent(spec, 'schedulerName', 'default-scheduler');
  // v1 keeps the deprecated `serviceAccount` in step with `serviceAccountName` (conversion does it both ways).
  if (!spec.serviceAccountName && spec.serviceAccount) spec.serviceAccountName = spec.serviceAccount;
  if (spec.serviceAccountName) spec.serviceAccount = spec.serviceAccountName;
  for (const v of list(spec.volumes)) defaultVolume(v);
  const hostNetwork = spec.hostNetwork === true;
  for (const c of [...list(spec.initContainers), ...list(spec.containers), ...list(spec.ephemeralContainers)]) defaultContainer(c, hostNetwork);
}

/** Pod template metadata carries `creationTimestamp: null` on a real cluster (a zero metav1.Time). */
export function defaultTemplate(template: any): void {
  if (!template || typeof template !== 'object') return;
  const meta = obj(template, 'metadata');
  if (!('creationTimestamp' in meta)) meta.creationTimestamp = null;
  defaultPodSpec(obj(template, 'spec'));
}

const NOT_READY = 'node.kubernetes.io/not-ready';
const UNREACHABLE = 'node.kubernetes.io/unreachable';

/** DefaultTolerationSeconds: tolerate an unready or unreachable node for 300 s unless the pod already says otherwise. */
function defaultTolerations(spec: any): void {
  const tolerations = list(spec.tolerations);
  const tolerates = (key: string) =>
    tolerations.some((t) => (t?.key === key || !t?.key) && (t?.effect === 'NoExecute' || !t?.effect));
  const add: any[] = [];
  if (!tolerates(NOT_READY)) add.push({ key: NOT_READY, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
  if (!tolerates(UNREACHABLE)) add.push({ key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
  if (add.length) spec.tolerations = [...tolerations, ...add];
}

/** The built-in PriorityClasses; any other name resolves to 0 here (no PriorityClass API is served). */
const SYSTEM_PRIORITIES: Record<string, number> = { 'system-cluster-critical': 2000000000, 'system-node-critical': 2000001000 };

/** SetDefaults_Pod plus the ServiceAccount, Priority and DefaultTolerationSeconds admission plugins. */
export function defaultPod(pod: any): void {
  const spec = obj(pod, 'spec');
  // Limits without requests request what they limit (pods only, not templates).
  for (const c of [...list(spec.containers), ...list(spec.initContainers)]) {
    const limits = c?.resources?.limits;
    if (!limits || typeof limits !== 'object') continue;
    const requests = obj(c.resources, 'requests');
    for (const [k, v] of Object.entries(limits)) if (requests[k] === undefined) requests[k] = v;
  }
  if (spec.enableServiceLinks === undefined || spec.enableServiceLinks === null) spec.enableServiceLinks = true;
  defaultPodSpec(spec);
  if (!spec.serviceAccountName) {
    spec.serviceAccountName = 'default';
    spec.serviceAccount = 'default';
  }
  if (spec.priority === undefined || spec.priority === null) spec.priority = SYSTEM_PRIORITIES[spec.priorityClassName] ?? 0;
  setIfAbsent(spec, 'preemptionPolicy', 'PreemptLowerPriority');
  defaultTolerations(spec);
}
