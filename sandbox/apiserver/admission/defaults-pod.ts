// Defaults of a pod spec, whether in a Pod or in a workload's template (core/v1 SetDefaults_PodSpec, _Container,
// _Probe, _Volume…), plus what kube-apiserver's default admission plugins add to Pods only: the ServiceAccount
// plugin's `default` account, Priority's 0 / PreemptLowerPriority and DefaultTolerationSeconds' two NoExecute
// tolerations. `kubectl get pod -o yaml` on a real cluster shows all of these, and learners compare.

import type { KubeObject } from '../../api/types';
import { fieldOf, isObject, itemsOf, objectOf, pathOf, type JsonObject } from '../../api/unchecked';

/** Where a default goes: an object that may still be missing (or not be an object: then it is replaced). */
export function obj(parent: JsonObject, key: string): JsonObject {
  const current = parent[key];
  if (isObject(current)) return current;
  const fresh: JsonObject = {};
  parent[key] = fresh;
  return fresh;
}

function setIfAbsent(target: JsonObject, key: string, value: unknown): void {
  if (target[key] === undefined || target[key] === null || target[key] === '') target[key] = value;
}

/** Nothing has been validated yet: defaults go only where the body already has an object (or array) to hold them. */
const isContainer = (v: unknown): v is JsonObject => !!v && typeof v === 'object';

const list = itemsOf;

/** The tag kubelet would pull: no tag (and no digest) means `latest`. */
export function imageTag(image: string): string {
  const [name, digest] = image.split('@');
  const lastSlash = name.lastIndexOf('/');
  const last = name.slice(lastSlash + 1);
  const colon = last.lastIndexOf(':');
  if (colon >= 0) return last.slice(colon + 1);
  return digest ? '' : 'latest';
}

function defaultHTTPGet(handler: unknown): void {
  const httpGet = fieldOf(handler, 'httpGet');
  if (isContainer(httpGet)) {
    setIfAbsent(httpGet, 'path', '/');
    setIfAbsent(httpGet, 'scheme', 'HTTP');
  }
  const grpc = fieldOf(handler, 'grpc');
  if (isContainer(grpc) && grpc.service === undefined) grpc.service = '';
}

function defaultProbe(probe: unknown): void {
  if (!isContainer(probe)) return;
  for (const [k, v] of [['timeoutSeconds', 1], ['periodSeconds', 10], ['successThreshold', 1], ['failureThreshold', 3]] as const) {
    if (!probe[k]) probe[k] = v;
  }
  defaultHTTPGet(probe);
}

function defaultFieldRef(ref: unknown): void {
  if (isContainer(ref)) setIfAbsent(ref, 'apiVersion', 'v1');
}

function defaultContainer(c: unknown, hostNetwork: boolean): void {
  if (!isContainer(c)) return;
  if (!c.imagePullPolicy) c.imagePullPolicy = imageTag(String(c.image ?? '')) === 'latest' ? 'Always' : 'IfNotPresent';
  setIfAbsent(c, 'terminationMessagePath', '/dev/termination-log');
  setIfAbsent(c, 'terminationMessagePolicy', 'File');
  obj(c, 'resources');
  for (const p of list(c.ports)) {
    if (!isContainer(p)) continue;
    setIfAbsent(p, 'protocol', 'TCP');
    if (hostNetwork && !p.hostPort) p.hostPort = p.containerPort;
  }
  for (const e of list(c.env)) defaultFieldRef(pathOf(e, 'valueFrom', 'fieldRef'));
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  defaultHTTPGet(pathOf(c.lifecycle, 'postStart'));
  defaultHTTPGet(pathOf(c.lifecycle, 'preStop'));
}

const VOLUME_SOURCES = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile',
  'configMap', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume', 'scaleIO',
  'storageos', 'csi', 'ephemeral', 'image',
];

export function volumeSources(v: unknown): string[] {
  return VOLUME_SOURCES.filter((k) => fieldOf(v, k) !== undefined && fieldOf(v, k) !== null);
}

function defaultVolume(v: unknown): void {
  if (!isContainer(v)) return;
  if (!volumeSources(v).length) v.emptyDir = {};
  const hostPath = v.hostPath;
  if (isContainer(hostPath) && hostPath.type === undefined) hostPath.type = '';
  for (const k of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    const source = v[k];
    if (isContainer(source) && source.defaultMode === undefined) source.defaultMode = 420;
  }
  for (const item of list(pathOf(v.downwardAPI, 'items'))) defaultFieldRef(fieldOf(item, 'fieldRef'));
  for (const src of list(pathOf(v.projected, 'sources'))) {
    for (const item of list(pathOf(src, 'downwardAPI', 'items'))) defaultFieldRef(fieldOf(item, 'fieldRef'));
    const token = fieldOf(src, 'serviceAccountToken');
    if (isContainer(token)) setIfAbsent(token, 'expirationSeconds', 3600);
  }
  const claim = pathOf(v.ephemeral, 'volumeClaimTemplate', 'spec');
  if (isContainer(claim)) setIfAbsent(claim, 'volumeMode', 'Filesystem');
}

/** SetDefaults_PodSpec and everything nested in it: what pod templates get too. */
export function defaultPodSpec(spec: unknown): void {
  if (!isContainer(spec)) return;
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
export function defaultTemplate(template: unknown): void {
  if (!isContainer(template)) return;
  const meta = obj(template, 'metadata');
  if (!('creationTimestamp' in meta)) meta.creationTimestamp = null;
  defaultPodSpec(obj(template, 'spec'));
}

const NOT_READY = 'node.kubernetes.io/not-ready';
const UNREACHABLE = 'node.kubernetes.io/unreachable';

/** DefaultTolerationSeconds: tolerate an unready or unreachable node for 300 s unless the pod already says otherwise. */
function defaultTolerations(spec: JsonObject): void {
  const tolerations = list(spec.tolerations);
  const tolerates = (key: string) =>
    tolerations.some((t) => (fieldOf(t, 'key') === key || !fieldOf(t, 'key')) && (fieldOf(t, 'effect') === 'NoExecute' || !fieldOf(t, 'effect')));
  const add: JsonObject[] = [];
  if (!tolerates(NOT_READY)) add.push({ key: NOT_READY, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
  if (!tolerates(UNREACHABLE)) add.push({ key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
  if (add.length) spec.tolerations = [...tolerations, ...add];
}

/**
 * SetDefaults_Pod plus the ServiceAccount and DefaultTolerationSeconds admission plugins (spec.priority and
 * preemptionPolicy are the Priority plugin's: plugins/priority.ts).
 */
export function defaultPod(pod: KubeObject): void {
  const spec = obj(pod, 'spec');
  // Limits without requests request what they limit (pods only, not templates).
  for (const c of [...list(spec.containers), ...list(spec.initContainers)]) {
    const limits = pathOf(c, 'resources', 'limits');
    if (!isContainer(limits)) continue;
    const requests = obj(objectOf(fieldOf(c, 'resources')), 'requests');
    for (const [k, v] of Object.entries(limits)) if (requests[k] === undefined) requests[k] = v;
  }
  if (spec.enableServiceLinks === undefined || spec.enableServiceLinks === null) spec.enableServiceLinks = true;
  defaultPodSpec(spec);
  if (!spec.serviceAccountName) {
    spec.serviceAccountName = 'default';
    spec.serviceAccount = 'default';
  }
  defaultTolerations(spec);
}
