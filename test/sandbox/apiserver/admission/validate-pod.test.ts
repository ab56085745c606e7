// Pod create validation: the errors a learner gets from `kubectl apply` of a broken pod manifest.
import { create, seed } from './helpers';

const pod = (mutate: (p: any) => void) => {
  const p = seed('simple-pod.yaml');
  mutate(p);
  return create(p).errors;
};

describe('pod validation', () => {
  it('accepts the seed pod', () => {
    expect(pod(() => {})).toEqual([]);
  });

  it('refuses a name that is not a DNS-1123 subdomain', () => {
    expect(pod((p) => (p.metadata.name = 'Simple_Echo'))).toEqual([
      `metadata.name: Invalid value: "Simple_Echo": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    ]);
  });

  it('requires an image', () => {
    expect(pod((p) => delete p.spec.containers[0].image)).toEqual(['spec.containers[0].image: Required value']);
  });

  it('requires at least one container', () => {
    expect(pod((p) => (p.spec.containers = []))).toEqual(['spec.containers: Required value']);
  });

  it('reports a duplicate container name on the second container', () => {
    expect(pod((p) => (p.spec.containers[1].name = 'nginx'))).toEqual(['spec.containers[1].name: Duplicate value: "nginx"']);
  });

  it('wants container names to be DNS labels', () => {
    expect(pod((p) => (p.spec.containers[0].name = 'Nginx_1'))[0]).toMatch(
      /^spec\.containers\[0\]\.name: Invalid value: "Nginx_1": a lowercase RFC 1123 label must consist of/,
    );
  });

  it('checks container ports', () => {
    expect(pod((p) => (p.spec.containers[0].ports = [{ containerPort: 70000 }, { name: 'http' }]))).toEqual([
      'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.containers[0].ports[1].containerPort: Required value',
    ]);
    expect(pod((p) => (p.spec.containers[0].ports = [{ containerPort: 80, protocol: 'HTTP' }]))).toEqual([
      'spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
    ]);
  });

  it('refuses two containers on one host port', () => {
    expect(pod((p) => {
      p.spec.containers[0].ports = [{ containerPort: 80, hostPort: 8080 }];
      p.spec.containers[1].ports = [{ containerPort: 8080, hostPort: 8080 }];
    })).toEqual(['spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//8080"']);
  });

  it('lists the restart policies it supports', () => {
    expect(pod((p) => (p.spec.restartPolicy = 'Sometimes'))).toEqual([
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    ]);
  });

  it('checks env var names and valueFrom sources', () => {
    expect(pod((p) => (p.spec.containers[0].env = [{ name: '1ST', value: 'x' }, { name: 'B', valueFrom: {} }]))).toEqual([
      `spec.containers[0].env[0].name: Invalid value: "1ST": a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')`,
      'spec.containers[0].env[1].valueFrom: Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
    ]);
  });

  it('requires volume mounts to name a declared volume', () => {
    expect(pod((p) => {
      p.spec.volumes = [{ name: 'html', emptyDir: {} }];
      p.spec.containers[0].volumeMounts = [{ name: 'data', mountPath: '/usr/share/nginx/html' }];
    })).toEqual(['spec.containers[0].volumeMounts[0].name: Not found: "data"']);
  });

  it('allows one source per volume and requires a hostPath path', () => {
    expect(pod((p) => (p.spec.volumes = [{ name: 'v', emptyDir: {}, hostPath: { path: '/data' } }, { name: 'w', hostPath: {} }]))).toEqual([
      'spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type',
      'spec.volumes[1].hostPath.path: Required value',
    ]);
  });

  it('keeps requests under limits', () => {
    expect(pod((p) => (p.spec.containers[0].resources = { requests: { memory: '256Mi' }, limits: { memory: '128Mi' } }))).toEqual([
      'spec.containers[0].resources.requests: Invalid value: "256Mi": must be less than or equal to memory limit of 128Mi',
    ]);
  });

  it('requires a handler in probes and a successThreshold of 1 for liveness', () => {
    expect(pod((p) => (p.spec.containers[0].livenessProbe = { periodSeconds: 5, successThreshold: 2 }))).toEqual([
      'spec.containers[0].livenessProbe: Required value: must specify a handler type',
      'spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1',
    ]);
  });

  it('validates tolerations', () => {
    expect(pod((p) => (p.spec.tolerations = [{ key: 'gpu', operator: 'Exists', value: 'yes' }, { effect: 'NoRun', operator: 'Exists' }]))).toEqual([
      `spec.tolerations[0].operator: Invalid value: "yes": value must be empty when \`operator\` is 'Exists'`,
      'spec.tolerations[1].effect: Unsupported value: "NoRun": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
    ]);
  });

  it('checks node selector and affinity syntax', () => {
    expect(pod((p) => {
      p.spec.nodeSelector = { 'disk type': 'ssd' };
      p.spec.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In' }] }] } } };
    })).toEqual([
      `spec.nodeSelector: Invalid value: "disk type": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
      "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
    ]);
  });

  it('validates labels and annotation size in metadata', () => {
    expect(pod((p) => (p.metadata.labels = { app: 'echo server' }))[0]).toMatch(/^metadata\.labels: Invalid value: "echo server": a valid label must be an empty string/);
    expect(pod((p) => (p.metadata.annotations = { note: 'x'.repeat(256 * 1024) }))).toEqual(['metadata.annotations: Too long: must have at most 262144 bytes']);
  });
});
