// apps/v1 workloads: "these three labels must match", selectors are required and immutable, counts non-negative.
import { create, seed, update, updateStatus } from './helpers';

const deployment = (mutate: (d: any) => void) => {
  const d = seed('deployment.yaml');
  mutate(d);
  return create(d).errors;
};

describe('workload validation', () => {
  it('accepts the seed ReplicaSet and Deployment', () => {
    expect(create(seed('replicaset.yaml')).errors).toEqual([]);
    expect(create(seed('deployment.yaml')).errors).toEqual([]);
  });

  it('refuses a selector that does not match the template labels', () => {
    expect(deployment((d) => (d.spec.template.metadata.labels = { app: 'web' }))).toEqual([
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    ]);
    const rs = seed('replicaset.yaml');
    rs.spec.selector.matchLabels = { app: 'echo', tier: 'web' };
    expect(create(rs).errors).toEqual([
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"echo"}: `selector` does not match template `labels`',
    ]);
  });

  it('requires a selector in apps/v1', () => {
    expect(deployment((d) => delete d.spec.selector)).toEqual([
      'spec.selector: Required value',
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"echo"}: `selector` does not match template `labels`',
    ]);
    expect(deployment((d) => (d.spec.selector = {}))).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
    ]);
  });

  it('matches selectors with expressions', () => {
    expect(deployment((d) => (d.spec.selector = { matchExpressions: [{ key: 'app', operator: 'In', values: ['echo', 'web'] }] }))).toEqual([]);
    expect(deployment((d) => (d.spec.selector = { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['echo'] }] }))[0]).toMatch(
      /`selector` does not match template `labels`$/,
    );
  });

  it('refuses negative replicas and a template that does not restart', () => {
    expect(deployment((d) => {
      d.spec.replicas = -1;
      d.spec.template.spec.restartPolicy = 'Never';
    })).toEqual([
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    ]);
  });

  it('validates the template pod spec with template paths', () => {
    expect(deployment((d) => delete d.spec.template.spec.containers[1].image)).toEqual(['spec.template.spec.containers[1].image: Required value']);
  });

  it('checks the rolling update parameters', () => {
    expect(deployment((d) => (d.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } }))).toEqual([
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0',
    ]);
    expect(deployment((d) => (d.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25' } }))).toEqual([
      `spec.strategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"25"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')`,
    ]);
    expect(deployment((d) => (d.spec.strategy = { type: 'BlueGreen' }))).toEqual([
      'spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:"BlueGreen", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: "Recreate", "RollingUpdate"',
    ]);
  });

  it('keeps the selector of a Deployment immutable', () => {
    const stored = create(seed('deployment.yaml')).obj;
    const next = seed('deployment.yaml');
    next.spec.selector.matchLabels.app = 'web';
    next.spec.template.metadata.labels.app = 'web';
    expect(update(stored, next).errors).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ]);
    const scaled = seed('deployment.yaml');
    scaled.spec.replicas = 5;
    scaled.spec.template.spec.containers[0].image = 'gihyodocker/nginx:1.0';
    expect(update(stored, scaled).errors).toEqual([]);
  });

  it('names StatefulSets as DNS labels and fixes most of their spec', () => {
    const sts = {
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web.v1' },
      spec: { serviceName: 'web', selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } },
    };
    expect(create(sts).errors).toEqual(['metadata.name: Invalid value: "web.v1": must not contain dots']);
    sts.metadata.name = 'web';
    const stored = create(sts).obj;
    const next = structuredClone(sts);
    next.spec.serviceName = 'other';
    expect(update(stored, next).errors).toEqual([
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ]);
  });

  it('keeps controller status counts consistent', () => {
    const stored = create(seed('deployment.yaml')).obj;
    expect(updateStatus(stored, { replicas: 3, readyReplicas: 3, availableReplicas: 3, updatedReplicas: 3, observedGeneration: 1 })).toEqual([]);
    expect(updateStatus(stored, { replicas: 1, readyReplicas: 2, availableReplicas: 2 })).toEqual([
      'status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas',
      'status.availableReplicas: Invalid value: 2: cannot be greater than status.replicas',
    ]);
  });
});
