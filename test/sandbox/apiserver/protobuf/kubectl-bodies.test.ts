// Decodes the protobuf bodies real kubectl 1.33 (and 1.32 for autoscaling/v1) sent to a logging server
// (fixtures/kubectl-bodies.json, our own measurements; see docs/PROTOBUF.md). For every command with a
// `--dry-run=client -o json` form, the decoded object must equal what kubectl itself prints as JSON.
import { decodeProtobufObject } from '../../../../sandbox/apiserver/protobuf';
import { protobufRootOf } from '../../../../sandbox/apiserver/kinds/registry';
import fixtures from './fixtures/kubectl-bodies.json';

/** Bodies decoded with the served kinds' message tables, as the API server decodes them. */
const decode = (body: Buffer) => decodeProtobufObject(body, protobufRootOf);

interface Fixture {
  name: string;
  kubectl: string;
  command: string;
  request: string;
  hex: string;
  json?: any;
  source?: { spec: any };
}

const all = fixtures as Fixture[];

function fixture(name: string, kubectl = '1.33'): Fixture {
  const found = all.find((f) => f.name === name && f.kubectl === kubectl);
  if (!found) throw new Error(`no fixture ${name} for kubectl ${kubectl}`);
  return found;
}

function decoded(name: string, kubectl?: string): any {
  return decode(Buffer.from(fixture(name, kubectl).hex, 'hex'));
}

/** Statuses are decoded as {}: kubectl never fills one in and the server computes it. */
function withoutStatus(obj: any): any {
  const { status: _status, ...rest } = obj;
  return rest;
}

describe('protobuf bodies kubectl sends', () => {
  const withJson = all.filter((f) => f.json).map((f) => [`${f.command} (kubectl ${f.kubectl})`, f] as const);

  it.each(withJson)('decodes `%s` into the JSON kubectl prints for --dry-run=client -o json', (_command, f) => {
    const got = decode(Buffer.from(f.hex, 'hex'));
    expect(withoutStatus(got)).toEqual(withoutStatus(f.json));
    if ('status' in f.json) expect(got.status).toEqual({});
  });

  it('keeps replicas: 0, a pointer field, from kubectl create deployment --replicas=0', () => {
    expect(decoded('create-deployment-zero-replicas').spec.replicas).toBe(0);
  });

  it('carries secret data as base64 and an empty literal as an empty string, as in JSON', () => {
    expect(decoded('create-secret-generic').data).toEqual({ password: Buffer.from('s3cret').toString('base64'), empty: '' });
  });

  it('keeps a named service targetPort as a string and a numeric one as a number', () => {
    const ports = decoded('create-service-clusterip').spec.ports;
    expect(ports.map((p: any) => p.targetPort)).toEqual([8080, 'http-alt']);
  });

  it('decodes the whole pod kubectl debug --copy-to sends, copied from a pod with many fields set', () => {
    const f = fixture('debug-copy-to');
    const pod = decode(Buffer.from(f.hex, 'hex'));
    const source = f.source!.spec;
    expect(pod.metadata).toEqual({ name: 'p1dbg', namespace: 'default', creationTimestamp: null });
    expect(pod.spec.volumes).toEqual(source.volumes);
    expect(pod.spec.securityContext).toEqual(source.securityContext);
    expect(pod.spec.tolerations).toEqual(source.tolerations);
    expect(pod.spec.affinity).toEqual(source.affinity);
    expect(pod.spec.nodeSelector).toEqual(source.nodeSelector);
    // Pointers set to their zero value survive; the copy leaves the node to the scheduler.
    expect(pod.spec.terminationGracePeriodSeconds).toBe(0);
    expect(pod.spec.enableServiceLinks).toBe(false);
    expect(pod.spec.nodeName).toBeUndefined();
    // Go's JSON drops `value: ""` (omitempty), so the decoded copy does too; kubectl strips probes from copies.
    const { livenessProbe: _l, readinessProbe: _r, ...container } = source.containers[0];
    const env = container.env.map((e: any) => (e.value === '' ? { name: e.name } : e));
    expect(pod.spec.containers[0]).toEqual({ ...container, env });
    expect(pod.spec.containers[1]).toMatchObject({ name: 'dbg', image: 'busybox', securityContext: { capabilities: { add: ['SYS_PTRACE'] } } });
  });

  it('decodes the node debugging pod of kubectl debug node/n1', () => {
    const pod = decoded('debug-node');
    expect(pod.metadata.name).toMatch(/^node-debugger-n1-/);
    expect(pod.spec).toMatchObject({
      nodeName: 'n1',
      hostNetwork: true,
      hostPID: true,
      hostIPC: true,
      restartPolicy: 'Never',
      tolerations: [{ operator: 'Exists' }],
      volumes: [{ name: 'host-root', hostPath: { path: '/' } }],
      containers: [{ name: 'debugger', image: 'busybox', volumeMounts: [{ name: 'host-root', mountPath: '/host' }] }],
    });
  });

  it('decodes the DeleteOptions of kubectl drain --disable-eviction, keeping --grace-period=0', () => {
    expect(decoded('drain-disable-eviction')).toEqual({ apiVersion: 'v1', kind: 'DeleteOptions' });
    expect(decoded('drain-grace-period-0')).toEqual({ apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0 });
  });

  it('decodes the TokenRequest of kubectl create token --duration=10m --audience=api', () => {
    expect(decoded('create-token')).toMatchObject({
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: { audiences: ['api'], expirationSeconds: 600 },
    });
  });

  it('decodes the reviews kubectl auth can-i and kubectl auth whoami post', () => {
    expect(decoded('auth-can-i').spec).toEqual({
      resourceAttributes: { namespace: 'default', verb: 'list', group: 'apps', resource: 'deployments', subresource: 'scale' },
    });
    expect(decoded('auth-whoami')).toEqual({
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'SelfSubjectReview',
      metadata: { creationTimestamp: null },
      status: {},
    });
  });

  it('decodes the CertificateSigningRequest kubectl certificate approve PUTs back, with its condition and times', () => {
    const csr = decoded('certificate-approve');
    expect(csr.metadata.creationTimestamp).toBe('2025-01-01T00:00:00Z');
    expect(csr.spec).toMatchObject({ username: 'alice', groups: ['devs'], extra: { team: ['a', 'b'] }, expirationSeconds: 86400 });
    expect(Buffer.from(csr.spec.request, 'base64').toString()).toContain('BEGIN CERTIFICATE REQUEST');
    expect(csr.status.conditions).toEqual([
      {
        type: 'Approved',
        status: 'True',
        reason: 'KubectlApprove',
        message: 'This CSR was approved by kubectl certificate approve.',
        lastUpdateTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        lastTransitionTime: null,
      },
    ]);
    expect(decoded('certificate-deny').status.conditions[0]).toMatchObject({ type: 'Denied', reason: 'KubectlDeny' });
  });

  it('decodes the autoscaling/v1 HorizontalPodAutoscaler kubectl 1.32 autoscale sends (1.33 sends v2)', () => {
    expect(decoded('autoscale', '1.32')).toMatchObject({
      apiVersion: 'autoscaling/v1',
      spec: { minReplicas: 2, maxReplicas: 5, targetCPUUtilizationPercentage: 80 },
    });
    expect(decoded('autoscale').spec.metrics).toEqual([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } },
    ]);
  });
});
