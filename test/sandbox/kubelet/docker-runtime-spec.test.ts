// How a pod becomes Docker containers: the infra container owns the network and the volumes, app containers join
// its namespace with Kubernetes' command/args semantics, limits (defaults applied), labels for adoption, and
// nothing that could reach the host.
import { effectiveLimits } from '../../../sandbox/apiserver/plugins/container-caps';
import type { Pod } from '../../../sandbox/api/objects';
import { appContainerSpec, infraContainerSpec, type PodVolume } from '../../../sandbox/kubelet/docker-runtime-spec';
import { podVolumePlan, volumeFiles } from '../../../sandbox/kubelet/docker-runtime-volumes';
import type { Lookup } from '../../../sandbox/kubelet/config-refs';

const pod: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'simple-echo', namespace: 'default', uid: '0000-1111' },
  spec: {
    hostAliases: [{ ip: '10.0.0.9', hostnames: ['db.local'] }],
    volumes: [
      { name: 'cache', emptyDir: {} },
      { name: 'conf', configMap: { name: 'nginx-conf', items: [{ key: 'default.conf', path: 'conf.d/default.conf' }] } },
      { name: 'data', persistentVolumeClaim: { claimName: 'db-data' } },
    ],
    containers: [],
  },
};

const sandbox = { image: 'kubelab/pause:3.9', networkMode: 'kubelab-c1', env: ['KUBELAB_SERVICE_ROUTE=10.96.0.0/16 via 10.224.2.2'], capAdd: ['NET_ADMIN'], dns: ['10.224.2.2'], dnsSearch: ['default.svc.cluster.local'], dnsOptions: ['ndots:5'] };

function app(container: any) {
  const volumes = new Map<string, PodVolume>(podVolumePlan('c1', pod).map((v) => [v.name, v]));
  return appContainerSpec({ clusterId: 'c1', pod, container, init: false, attempt: 2, infraId: 'infra123', image: container.image, env: new Map([['GREETING', 'hi']]), volumes, caps: effectiveLimits(container, undefined, { cpuCores: 2, memoryBytes: 4 * 2 ** 30 }), labels: { extra: 'yes' } });
}

describe('docker runtime container specs', () => {
  it('makes the infra container the owner of the pod network, DNS, host aliases and volumes', () => {
    const spec = infraContainerSpec({ clusterId: 'c1', pod, attempt: 0, sandbox, volumes: podVolumePlan('c1', pod), labels: {} });
    expect(spec).toMatchObject({
      image: 'kubelab/pause:3.9',
      hostname: 'simple-echo',
      networkMode: 'kubelab-c1',
      dns: ['10.224.2.2'],
      extraHosts: ['db.local:10.0.0.9'],
      labels: { 'dev.kubelab.cluster': 'c1', 'dev.kubelab.pod': 'simple-echo', 'dev.kubelab.pod-uid': '0000-1111', 'dev.kubelab.role': 'pod-infra' },
    });
    expect(spec.mounts!.map((m) => m.target)).toEqual(['/kubelab/volumes/cache', '/kubelab/volumes/conf', '/kubelab/volumes/data']);
  });

  it('joins the infra namespace, maps command to entrypoint and args to cmd, and drops the image CMD for a bare command', () => {
    const { spec } = app({ name: 'echo', image: 'gihyodocker/echo:latest', command: ['sh', '-c'], args: ['echo $(GREETING)'] });
    expect(spec).toMatchObject({ networkMode: 'container:infra123', entrypoint: ['sh', '-c'], cmd: ['echo hi'], env: ['GREETING=hi'] });
    expect(app({ name: 'x', image: 'busybox', command: ['sleep', '10'] }).spec.cmd).toEqual([]);
    expect(app({ name: 'x', image: 'busybox', args: ['10'] }).spec.entrypoint).toBeUndefined();
    expect(spec.name).toBe('kl-c1_echo_simple-echo_default_0000-1111_2');
    expect(spec.labels).toMatchObject({ 'dev.kubelab.container': 'echo', 'dev.kubelab.attempt': '2', 'dev.kubelab.role': 'pod-container', extra: 'yes' });
  });

  it('applies default limits and a pids limit, and keeps only the harmless part of a securityContext', () => {
    const { spec } = app({
      name: 'a',
      image: 'busybox',
      securityContext: { privileged: true, runAsUser: 1000, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { add: ['NET_ADMIN', 'SYS_TIME', 'CHOWN'], drop: ['ALL'] } },
    });
    expect(spec).toMatchObject({ memoryBytes: 256 * 2 ** 20, nanoCpus: 5e8, pidsLimit: 128, user: '1000', readonlyRootfs: true, securityOpt: ['no-new-privileges'], capAdd: ['NET_ADMIN', 'CHOWN'], capDrop: ['ALL'] });
    expect(JSON.stringify(spec)).not.toMatch(/privileged|SYS_TIME/i);
  });

  it('gives a container its limits, but never more than its node has', () => {
    expect(app({ name: 'big', image: 'busybox', resources: { limits: { cpu: '64', memory: '2Gi' } } }).spec).toMatchObject({ nanoCpus: 2e9, memoryBytes: 2 * 2 ** 30 });
    expect(app({ name: 'huge', image: 'busybox', resources: { limits: { memory: '64Gi' } } }).spec).toMatchObject({ memoryBytes: 4 * 2 ** 30 });
  });

  it('mounts pod volumes, configMaps read-only, and turns a subPath into a link into the whole volume', () => {
    const { spec, links } = app({
      name: 'nginx',
      image: 'nginx',
      volumeMounts: [
        { name: 'cache', mountPath: '/cache' },
        { name: 'conf', mountPath: '/etc/nginx/conf.d/default.conf', subPath: 'conf.d/default.conf' },
        { name: 'data', mountPath: '/var/lib/db', readOnly: true },
      ],
    });
    expect(spec.mounts).toEqual([
      { type: 'volume', source: 'kl-c1-0000-1111-cache', target: '/cache', readOnly: false },
      { type: 'volume', source: 'kl-c1-0000-1111-conf', target: '/.kubelab/volumes/conf', readOnly: true },
      { type: 'volume', source: 'kl-c1-pvc-default-db-data', target: '/var/lib/db', readOnly: true },
    ]);
    expect(links).toEqual([{ volume: 'conf', subPath: 'conf.d/default.conf', mountPath: '/etc/nginx/conf.d/default.conf', target: '/.kubelab/volumes/conf/conf.d/default.conf' }]);
  });

  it("makes a hostPath the node's own directory in a cluster volume, never the machine's", () => {
    const on = (node: string, path: string) => podVolumePlan('c1', { ...pod, spec: { nodeName: node, containers: [], volumes: [{ name: 'root', hostPath: { path } }] } })[0];
    expect(on('kubelab-worker', '/')).toMatchObject({ source: 'hostPath', readOnly: false, labels: { 'dev.kubelab.node': 'kubelab-worker', 'dev.kubelab.host-path': '/', 'dev.kubelab.role': 'host-path-volume' } });
    expect(on('kubelab-worker', '/mnt/data/').dockerVolume).toBe(on('kubelab-worker', '/mnt//data').dockerVolume);
    expect(on('kubelab-worker', '/mnt/data').dockerVolume).not.toBe(on('kubelab-worker2', '/mnt/data').dockerVolume);
    const pv = { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'task-pv' }, spec: { hostPath: { path: '/mnt/data' } } };
    const claimed = podVolumePlan('c1', { ...pod, spec: { nodeName: 'kubelab-worker', containers: [], volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'task-pvc' } }] } }, {}, () => pv);
    expect(claimed[0].dockerVolume).toBe(on('kubelab-worker', '/mnt/data').dockerVolume);
    const provisioned = { ...pv, metadata: { name: 'pvc-1', annotations: { 'pv.kubernetes.io/provisioned-by': 'kubelab.dev/local-volume' } } };
    expect(podVolumePlan('c1', { ...pod, spec: { nodeName: 'kubelab-worker', containers: [], volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'db' } }] } }, {}, () => provisioned)[0].source).toBe('persistentVolumeClaim');
  });

  it('writes configMap and secret files with their modes', () => {
    const plan = podVolumePlan('c1', {
      ...pod,
      spec: { containers: [], volumes: [{ name: 'conf', configMap: { name: 'nginx-conf', items: [{ key: 'default.conf', path: 'conf.d/default.conf' }] } }, { name: 'creds', secret: { secretName: 'db', defaultMode: 0o400 } }] },
    });
    const lookup = ((kind: string) =>
      kind === 'ConfigMap'
        ? { apiVersion: 'v1', kind, metadata: { name: 'nginx-conf' }, data: { 'default.conf': 'server {}', other: 'x' } }
        : { apiVersion: 'v1', kind, metadata: { name: 'db' }, data: { password: Buffer.from('pw').toString('base64') } }) as Lookup;
    expect(volumeFiles(plan[0], pod, lookup, { podIP: '1.2.3.4' })).toEqual([{ type: 'file', name: 'conf.d/default.conf', content: Buffer.from('server {}'), mode: 0o644 }]);
    expect(volumeFiles(plan[1], pod, lookup, { podIP: '1.2.3.4' })).toEqual([{ type: 'file', name: 'password', content: Buffer.from('pw'), mode: 0o400 }]);
  });
});
