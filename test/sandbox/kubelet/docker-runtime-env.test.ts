// A container's environment as the kubelet builds it: Service link variables, envFrom, env with $(VAR) expansion
// and every valueFrom kind a lesson uses.
import { containerEnv, expand, serviceEnv } from '../../../sandbox/kubelet/docker-runtime-env';
import type { KubeObject } from '../../../sandbox/api/types';
import type { Lookup } from '../../../sandbox/kubelet/config-refs';
import type { Pod, Service } from '../../../sandbox/api/objects';

const pod: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-1', namespace: 'shop', uid: 'u-1', labels: { app: 'web' } },
  spec: { nodeName: 'kubelab-worker', containers: [] },
};

const objects: Record<string, KubeObject> = {
  'ConfigMap/settings': { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { MODE: 'fast', 'bad key': 'x' } },
  'Secret/db': { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, data: { password: Buffer.from('s3cret').toString('base64') } },
};

const ctx = {
  lookup: ((kind: string, name: string) => objects[`${kind}/${name}`]) as Lookup,
  podIP: '10.224.0.5',
  hostIP: '10.224.2.2',
  services: [
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'echo-api', namespace: 'shop' }, spec: { clusterIP: '10.96.1.2', ports: [{ name: 'http', port: 80, protocol: 'TCP' }] } },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'headless', namespace: 'shop' }, spec: { clusterIP: 'None', ports: [{ port: 80 }] } },
  ] as Service[],
  limits: { cpuCores: 0.5, memoryBytes: 128 * 2 ** 20 },
};

describe('container environment (docker runtime)', () => {
  it('expands $(VAR) references it knows, keeps unknown ones and turns $$ into $', () => {
    const vars = new Map([['NAME', 'kube']]);
    expect(expand('hello $(NAME) $(MISSING) $$(NAME) $x', vars)).toBe('hello kube $(MISSING) $(NAME) $x');
  });

  it('writes docker-links style variables for Services with a ClusterIP', () => {
    const env = serviceEnv(ctx.services);
    expect(Object.fromEntries(env)).toEqual({
      ECHO_API_SERVICE_HOST: '10.96.1.2',
      ECHO_API_SERVICE_PORT: '80',
      ECHO_API_SERVICE_PORT_HTTP: '80',
      ECHO_API_PORT: 'tcp://10.96.1.2:80',
      ECHO_API_PORT_80_TCP: 'tcp://10.96.1.2:80',
      ECHO_API_PORT_80_TCP_PROTO: 'tcp',
      ECHO_API_PORT_80_TCP_PORT: '80',
      ECHO_API_PORT_80_TCP_ADDR: '10.96.1.2',
    });
  });

  it('resolves value, configMapKeyRef, secretKeyRef, fieldRef and resourceFieldRef; env wins over envFrom', () => {
    const env = containerEnv(pod, {
      name: 'app',
      envFrom: [{ configMapRef: { name: 'settings' }, prefix: 'CFG_' }, { configMapRef: { name: 'settings' } }],
      env: [
        { name: 'MODE', value: 'slow' },
        { name: 'GREETING', value: 'mode is $(MODE)' },
        { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
        { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        { name: 'POD_NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
        { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
        { name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
        { name: 'MEM_MI', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
        { name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } },
      ],
    }, ctx);
    expect(env.get('CFG_MODE')).toBe('fast');
    expect(env.has('bad key')).toBe(false);
    expect(env.get('MODE')).toBe('slow');
    expect(env.get('GREETING')).toBe('mode is slow');
    expect(env.get('PASSWORD')).toBe('s3cret');
    expect(env.get('POD_NAME')).toBe('web-1');
    expect(env.get('POD_NS')).toBe('shop');
    expect(env.get('POD_IP')).toBe('10.224.0.5');
    expect(env.get('APP')).toBe('web');
    expect(env.get('MEM_MI')).toBe('128');
    expect(env.get('CPU')).toBe('1');
    expect(env.get('ECHO_API_SERVICE_HOST')).toBe('10.96.1.2');
  });

  it('leaves Service links out when enableServiceLinks is false', () => {
    const env = containerEnv({ ...pod, spec: { ...pod.spec!, enableServiceLinks: false } }, { name: 'app' }, ctx);
    expect(env.has('ECHO_API_SERVICE_HOST')).toBe(false);
  });
});
