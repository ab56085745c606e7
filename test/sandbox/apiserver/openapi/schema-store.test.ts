// The generated schemas: real Kubernetes descriptions, types and formats for our kinds, kept in step with the generator.
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { definition, schemaFor } from '../../../../sandbox/apiserver/openapi';
import { apiVersionOf } from '../../../../sandbox/api/registry';
import { RESOURCES } from '../../../../sandbox/apiserver/kinds/registry';

const ROOT = path.resolve(__dirname, '../../../..');

describe('generated schemas', () => {
  // metrics.k8s.io is served without models, as metrics-server's discovery is all kubectl top needs.
  it.each(RESOURCES.filter((r) => !r.readOnly).map((r) => [apiVersionOf(r), r.kind]))('has %s %s with its group-version-kind', (apiVersion, kind) => {
    const schema = schemaFor(apiVersion, kind)!;
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    expect(schema['x-kubernetes-group-version-kind']).toEqual([{ group, kind, version }]);
    expect(schema.description).toBeTruthy();
    expect(schema.properties?.metadata?.$ref).toBe('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
  });

  it('carries field descriptions, enums and required fields from the Kubernetes API', () => {
    const strategy = definition('io.k8s.api.apps.v1.DeploymentStrategy')!;
    expect(strategy.description).toBe('DeploymentStrategy describes how to replace existing pods with new ones.');
    expect(strategy.properties!.type).toMatchObject({ type: 'string', enum: ['Recreate', 'RollingUpdate'] });
    expect(strategy.properties!.type.description).toContain('Possible enum values:\n - `"Recreate"` Kill all existing pods');
    expect(definition('io.k8s.api.core.v1.Container')!.required).toEqual(['name']);
  });

  it('knows integer formats, int-or-string, quantities and timestamps', () => {
    const spec = definition('io.k8s.api.apps.v1.DeploymentSpec')!.properties!;
    expect(spec.replicas).toMatchObject({ type: 'integer', format: 'int32' });
    expect(definition('io.k8s.api.core.v1.PodSpec')!.properties!.activeDeadlineSeconds).toMatchObject({ type: 'integer', format: 'int64' });
    expect(definition('io.k8s.api.apps.v1.RollingUpdateDeployment')!.properties!.maxSurge.$ref).toBe('io.k8s.apimachinery.pkg.util.intstr.IntOrString');
    expect(definition('io.k8s.apimachinery.pkg.util.intstr.IntOrString')).toMatchObject({ format: 'int-or-string' });
    expect(definition('io.k8s.apimachinery.pkg.apis.meta.v1.Time')).toMatchObject({ type: 'string', format: 'date-time' });
    expect(definition('io.k8s.api.core.v1.ResourceRequirements')!.properties!.limits.additionalProperties!.$ref).toBe(
      'io.k8s.apimachinery.pkg.api.resource.Quantity',
    );
  });

  it('carries the strategic merge keys kubectl computes apply patches with', () => {
    expect(definition('io.k8s.api.core.v1.PodSpec')!.properties!.containers).toMatchObject({
      'x-kubernetes-patch-merge-key': 'name',
      'x-kubernetes-patch-strategy': 'merge',
    });
    expect(definition('io.k8s.api.core.v1.Container')!.properties!.ports).toMatchObject({ 'x-kubernetes-patch-merge-key': 'containerPort' });
    expect(definition('io.k8s.api.core.v1.ServiceSpec')!.properties!.ports).toMatchObject({ 'x-kubernetes-patch-merge-key': 'port' });
    expect(definition('io.k8s.api.apps.v1.DeploymentSpec')!.properties!.strategy).toMatchObject({ 'x-kubernetes-patch-strategy': 'retainKeys' });
  });

  it('is what scripts/gen-schema.ts generates from the installed kubernetes-models', () => {
    const out = execFileSync(path.join(ROOT, 'node_modules/.bin/tsx'), ['scripts/gen-schema.ts', '--check'], { cwd: ROOT, encoding: 'utf8' });
    expect(out).toContain('up to date');
  });
});
