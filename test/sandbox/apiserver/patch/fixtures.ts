// Realistic stored objects for the patch tests: what the API server holds after `kubectl apply` of everyday
// manifests (a two-container Deployment with env, ports, volumes, tolerations and status; a Service; a CronJob; a
// Node; a Pod). Each call returns a fresh copy. Also `failure`, which the tests of refused patches share.
import type { StatusError } from '../../../../sandbox/api/errors';

/** The StatusError `fn` throws; fails the test when it throws nothing. */
export function failure(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    return e as StatusError;
  }
  throw new Error('expected the patch to fail');
}

export const deployment = () => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'echo',
    namespace: 'default',
    labels: { app: 'echo' },
    annotations: { 'deployment.kubernetes.io/revision': '2', owner: 'kim' },
    finalizers: ['example.com/a', 'example.com/b'],
    ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'cfg', uid: 'u-1' }],
  },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'echo' } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
    template: {
      metadata: { labels: { app: 'echo' } },
      spec: {
        containers: [
          {
            name: 'nginx',
            image: 'nginx:1.25',
            args: ['--port', '80'],
            env: [{ name: 'BACKEND_HOST', value: 'localhost:8080' }, { name: 'LOG_LEVEL', value: 'info' }],
            ports: [{ containerPort: 80, protocol: 'TCP' }],
            volumeMounts: [{ name: 'html', mountPath: '/usr/share/nginx/html' }],
          },
          { name: 'echo1', image: 'echo:1', ports: [{ containerPort: 8080, protocol: 'TCP' }] },
        ],
        volumes: [{ name: 'html', emptyDir: {} }],
        tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' }],
        hostAliases: [{ ip: '10.0.0.1', hostnames: ['db.local'] }],
      },
    },
  },
  status: {
    replicas: 3,
    conditions: [
      { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
      { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' },
    ],
  },
});

export const service = () => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    selector: { app: 'echo' },
    ports: [
      { name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' },
      { name: 'dns', port: 53, targetPort: 53, protocol: 'UDP' },
    ],
  },
});

export const cronJob = () => ({
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name: 'backup', namespace: 'default' },
  spec: {
    schedule: '*/5 * * * *',
    jobTemplate: {
      spec: {
        template: {
          spec: {
            restartPolicy: 'OnFailure',
            containers: [{ name: 'backup', image: 'busybox:1.36', command: ['sh', '-c', 'date'] }],
          },
        },
      },
    },
  },
});

export const node = () => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name: 'worker-1', labels: { 'kubernetes.io/hostname': 'worker-1' } },
  spec: { podCIDRs: ['10.244.1.0/24'], taints: [{ key: 'gpu', value: 'yes', effect: 'NoSchedule' }] },
  status: {
    addresses: [{ type: 'InternalIP', address: '172.18.0.3' }, { type: 'Hostname', address: 'worker-1' }],
    conditions: [{ type: 'Ready', status: 'True' }],
  },
});

export const pod = () => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-0', namespace: 'default', labels: { app: 'web' } },
  spec: {
    initContainers: [{ name: 'init', image: 'busybox:1.36', command: ['true'] }],
    containers: [{ name: 'web', image: 'nginx:1.25' }],
    imagePullSecrets: [{ name: 'registry' }],
  },
  status: { phase: 'Running', podIPs: [{ ip: '10.244.1.5' }], conditions: [{ type: 'Ready', status: 'True' }] },
});
