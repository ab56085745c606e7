// What `kubectl get -o yaml` shows after applying the seed manifests: the defaults a real API server fills in.
import { create, seed, UID } from './helpers';

describe('defaults', () => {
  it('fills in the pod fields a real cluster shows for simple-echo', () => {
    const { obj, errors } = create(seed('simple-pod.yaml'));
    expect(errors).toEqual([]);
    expect(obj.spec).toMatchObject({
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      schedulerName: 'default-scheduler',
      terminationGracePeriodSeconds: 30,
      securityContext: {},
      serviceAccountName: 'default',
      serviceAccount: 'default',
      enableServiceLinks: true,
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
    });
    expect(obj.spec.containers[0]).toMatchObject({
      imagePullPolicy: 'Always',
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
      resources: {},
      ports: [{ containerPort: 80, protocol: 'TCP' }],
    });
  });

  it('pulls tagged images only when missing, and untagged ones always', () => {
    const pod = seed('simple-pod.yaml');
    pod.spec.containers[0].image = 'nginx:1.27';
    pod.spec.containers[1].image = 'registry.local:5000/echo';
    const { obj } = create(pod);
    expect(obj.spec.containers.map((c: any) => c.imagePullPolicy)).toEqual(['IfNotPresent', 'Always']);
  });

  it('does not add tolerations a pod already has, and defaults probes', () => {
    const pod = seed('simple-pod.yaml');
    pod.spec.tolerations = [{ operator: 'Exists' }];
    pod.spec.containers[0].livenessProbe = { httpGet: { port: 80 } };
    pod.spec.containers[0].resources = { limits: { cpu: '500m' } };
    const { obj, errors } = create(pod);
    expect(errors).toEqual([]);
    expect(obj.spec.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(obj.spec.containers[0].livenessProbe).toEqual({
      httpGet: { port: 80, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3,
    });
    expect(obj.spec.containers[0].resources).toEqual({ limits: { cpu: '500m' }, requests: { cpu: '500m' } });
  });

  it('defaults a Deployment and its template, but not pod-only fields', () => {
    const { obj, errors } = create(seed('deployment.yaml'));
    expect(errors).toEqual([]);
    expect(obj.spec).toMatchObject({
      replicas: 3,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    });
    expect(obj.spec.template.metadata.creationTimestamp).toBeNull();
    expect(obj.spec.template.spec).toMatchObject({ restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', terminationGracePeriodSeconds: 30 });
    expect(obj.spec.template.spec.serviceAccountName).toBeUndefined();
    expect(obj.spec.template.spec.tolerations).toBeUndefined();
  });

  it('gives a ReplicaSet one replica when none is asked for', () => {
    const rs = seed('replicaset.yaml');
    delete rs.spec.replicas;
    expect(create(rs).obj.spec.replicas).toBe(1);
  });

  it('defaults the seed Service: ClusterIP-family fields, TCP, targetPort = port', () => {
    const { obj, errors } = create(seed('service.yaml'));
    expect(errors).toEqual([]);
    expect(obj.spec).toMatchObject({
      type: 'NodePort',
      sessionAffinity: 'None',
      externalTrafficPolicy: 'Cluster',
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 80 }],
    });
    const clusterIP = create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'db' }, spec: { ports: [{ port: 5432 }] } }).obj;
    expect(clusterIP.spec.type).toBe('ClusterIP');
    expect(clusterIP.spec.externalTrafficPolicy).toBeUndefined();
  });

  it('generates a Job selector from its uid and labels the template and the Job', () => {
    const job = {
      apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'pi' },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl:5.34' }] } } },
    };
    const { obj, errors } = create(job);
    expect(errors).toEqual([]);
    expect(obj.spec).toMatchObject({
      completions: 1, parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false, manualSelector: false,
      podReplacementPolicy: 'TerminatingOrFailed',
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': UID } },
    });
    const labels = { 'batch.kubernetes.io/controller-uid': UID, 'batch.kubernetes.io/job-name': 'pi', 'controller-uid': UID, 'job-name': 'pi' };
    expect(obj.spec.template.metadata.labels).toEqual(labels);
    expect(obj.metadata.labels).toEqual(labels);
  });

  it('defaults a CronJob and leaves its job template spec alone', () => {
    const cj = {
      apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'hello' },
      spec: { schedule: '*/1 * * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'busybox' }] } } } } },
    };
    const { obj, errors } = create(cj);
    expect(errors).toEqual([]);
    expect(obj.spec).toMatchObject({ concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
    expect(obj.spec.jobTemplate.spec.backoffLimit).toBeUndefined();
    expect(obj.spec.jobTemplate.spec.template.spec.containers[0].imagePullPolicy).toBe('Always');
  });

  it('defaults StatefulSet and DaemonSet update strategies', () => {
    const template = { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'postgres:16' }] } };
    const sts = create({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' }, spec: { selector: { matchLabels: { app: 'db' } }, serviceName: 'db', template } });
    expect(sts.errors).toEqual([]);
    expect(sts.obj.spec).toMatchObject({
      replicas: 1, podManagementPolicy: 'OrderedReady', revisionHistoryLimit: 10,
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    });
    const ds = create({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent' }, spec: { selector: { matchLabels: { app: 'db' } }, template } });
    expect(ds.errors).toEqual([]);
    expect(ds.obj.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
  });

  it('merges Secret stringData into base64 data and drops it', () => {
    const { obj, errors } = create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, data: { user: 'YWRtaW4=' }, stringData: { password: 's3cr3t' } });
    expect(errors).toEqual([]);
    expect(obj.type).toBe('Opaque');
    expect(obj.data).toEqual({ user: 'YWRtaW4=', password: Buffer.from('s3cr3t').toString('base64') });
    expect(obj.stringData).toBeUndefined();
  });

  it('labels a Namespace with its name and gives it the kubernetes finalizer', () => {
    const { obj, errors } = create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'lab' } });
    expect(errors).toEqual([]);
    expect(obj.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'lab' });
    expect(obj.spec.finalizers).toEqual(['kubernetes']);
    expect(obj.status.phase).toBe('Active');
  });

  it('gives a PersistentVolumeClaim a Filesystem volume mode', () => {
    const pvc = create({
      apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    });
    expect(pvc.errors).toEqual([]);
    expect(pvc.obj.spec.volumeMode).toBe('Filesystem');
    expect(pvc.obj.status.phase).toBe('Pending');
  });
});
