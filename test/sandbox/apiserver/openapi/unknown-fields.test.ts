// What fieldValidation=Strict rejects: fields the kind's schema does not know, named as kube-apiserver names them.
import { unknownFields } from '../../../../sandbox/apiserver/openapi';
import { apiVersionOf } from '../../../../sandbox/api/registry';
import { RESOURCES } from '../../../../sandbox/apiserver/kinds/registry';

const pod = (container: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
  spec: { containers: [{ name: 'c', image: 'nginx', ...container }] },
  ...extra,
});

describe('unknownFields', () => {
  it('names a misspelled container field by its path', () => {
    expect(unknownFields('v1', 'Pod', pod({ imagee: 'nginx:1' }))).toEqual(['spec.containers[0].imagee']);
  });

  it('accepts a well-formed pod, including every kind of nested value', () => {
    const ok = pod({
      ports: [{ containerPort: 80, protocol: 'TCP' }],
      env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'cm', key: 'k' } } }],
      resources: { limits: { cpu: '500m', memory: '128Mi', 'example.com/gpu': 1 } },
      livenessProbe: { httpGet: { path: '/', port: 'http' }, periodSeconds: 5 },
    });
    expect(unknownFields('v1', 'Pod', ok)).toEqual([]);
  });

  it('checks metadata and status too, and the top level', () => {
    const obj = pod({}, { status: { phase: 'Running', podIP: '10.0.0.1', readyy: true }, extra: 1 });
    (obj.metadata as Record<string, unknown>).labelz = { a: 'b' };
    expect(unknownFields('v1', 'Pod', obj)).toEqual(['metadata.labelz', 'status.readyy', 'extra']);
  });

  it('never flags keys of free-form maps and blobs', () => {
    const cm = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'cm',
        annotations: { 'anything/goes': 'x' },
        managedFields: [{ manager: 'kubectl', operation: 'Update', fieldsV1: { 'f:data': { 'f:key': {} } } }],
      },
      data: { 'any-key': 'v', 'other.key': 'w' },
    };
    expect(unknownFields('v1', 'ConfigMap', cm)).toEqual([]);
  });

  it('follows a deployment into its pod template', () => {
    const deploy = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'd' } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
        template: {
          metadata: { labels: { app: 'd' } },
          spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y', volumeMount: [] }] },
        },
      },
    };
    expect(unknownFields('apps/v1', 'Deployment', deploy)).toEqual(['spec.template.spec.containers[1].volumeMount']);
  });

  it('knows the persistent volume claims embedded in a StatefulSet', () => {
    const sts = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 's' },
      spec: {
        selector: { matchLabels: { app: 's' } },
        serviceName: 's',
        template: { metadata: { labels: { app: 's' } }, spec: { containers: [{ name: 'c', image: 'x' }] } },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], storageClass: 'x' } }],
      },
    };
    expect(unknownFields('apps/v1', 'StatefulSet', sts)).toEqual(['spec.volumeClaimTemplates[0].spec.storageClass']);
  });

  it('reports nothing for kinds it has no schema for', () => {
    expect(unknownFields('example.com/v1', 'Widget', { spec: { anything: 1 } })).toEqual([]);
    expect(unknownFields('apps/v2', 'Deployment', { spec: { anything: 1 } })).toEqual([]);
  });

  // metrics.k8s.io is read-only and has no models: nothing is ever written to it.
  it.each(RESOURCES.filter((r) => !r.readOnly).map((r) => [apiVersionOf(r), r.kind]))('knows %s %s', (apiVersion, kind) => {
    expect(unknownFields(apiVersion, kind, { apiVersion, kind, metadata: { name: 'x' }, bogus: true })).toEqual(['bogus']);
  });
});
