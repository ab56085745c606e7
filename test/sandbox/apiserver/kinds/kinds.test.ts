// The kind records are the one place a kind's rules live: the served table, name rules, printers and protobuf
// roots all come from them.
import { apiVersionOf } from '../../../../sandbox/api/registry';
import { KINDS } from '../../../../sandbox/apiserver/kinds/all';
import { findKind, kindNamed, protobufRootOf, resolveName, RESOURCES, STORED_RESOURCES } from '../../../../sandbox/apiserver/kinds/registry';
import { tableFor, validateCreate } from '../../../../sandbox/apiserver/kinds/strategy';

describe('kind records', () => {
  it('make the served table, one resource per kind and version, core first', () => {
    expect(RESOURCES.map((r) => r.kind)).toEqual(KINDS.map((k) => k.resource.kind));
    expect(new Set(RESOURCES.map((r) => `${apiVersionOf(r)} ${r.kind}`)).size).toBe(RESOURCES.length);
    // A kind served in two versions is stored, and found by kind, in its preferred one.
    expect(RESOURCES.filter((r) => r.kind === 'HorizontalPodAutoscaler').map(apiVersionOf)).toEqual(['autoscaling/v2', 'autoscaling/v1']);
    expect(STORED_RESOURCES.filter((r) => r.kind === 'HorizontalPodAutoscaler').map(apiVersionOf)).toEqual(['autoscaling/v2']);
    expect(apiVersionOf(findKind('HorizontalPodAutoscaler')!)).toBe('autoscaling/v2');
    expect(RESOURCES[0].group).toBe('');
    expect(resolveName('deploy')?.kind).toBe('Deployment');
    expect(resolveName('deployment.apps')?.kind).toBe('Deployment');
    expect(resolveName('po')?.plural).toBe('pods');
  });

  it('give each kind its name rule through its own validation', () => {
    const meta = (kind: string, name: string) => ({ apiVersion: apiVersionOf(findKind(kind)!), kind, metadata: { name, namespace: 'default' } });
    expect(validateCreate(findKind('Service')!, { ...meta('Service', 'web.svc'), spec: { ports: [{ port: 80 }] } }).map((e) => e.message).join()).toMatch(/DNS-1035/);
    expect(validateCreate(findKind('Namespace')!, meta('Namespace', 'dev.team')).map((e) => e.message).join()).toMatch(/must not contain dots/);
    expect(validateCreate(findKind('ConfigMap')!, meta('ConfigMap', 'web.v1'))).toEqual([]);
  });

  it('print with their own columns, or NAME and CREATED AT without a printer', () => {
    expect(tableFor('Pod', [], new Date()).columnDefinitions[1].name).toBe('Ready');
    expect(tableFor('SelfSubjectReview', [], new Date()).columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Created At']);
  });

  it('name the protobuf table kubectl bodies arrive in, for their own apiVersion only', () => {
    expect(protobufRootOf('apps/v1', 'Deployment')).toBe('Deployment');
    expect(protobufRootOf('apps/v1beta1', 'Deployment')).toBeUndefined();
    expect(protobufRootOf('rbac.authorization.k8s.io/v1', 'Role')).toBe('Role');
    expect(protobufRootOf('autoscaling/v1', 'HorizontalPodAutoscaler')).toBe('HorizontalPodAutoscalerV1');
    expect(protobufRootOf('autoscaling/v2', 'HorizontalPodAutoscaler')).toBe('HorizontalPodAutoscaler');
    expect(kindNamed('Widget')).toBeUndefined();
  });
});
