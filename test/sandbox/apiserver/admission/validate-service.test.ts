// Services: ports, names, types and node port ranges as kube-apiserver words them.
import { create, seed, update } from './helpers';

const service = (mutate: (s: any) => void) => {
  const s = seed('service.yaml');
  mutate(s);
  return create(s).errors;
};

describe('service validation', () => {
  it('accepts the seed Service', () => {
    expect(service(() => {})).toEqual([]);
  });

  it('wants Service names to be DNS-1035 labels', () => {
    expect(service((s) => (s.metadata.name = '1echo'))).toEqual([
      `metadata.name: Invalid value: "1echo": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
    ]);
  });

  it('requires ports, and names when there are several', () => {
    expect(service((s) => (s.spec.ports = []))).toEqual(['spec.ports: Required value']);
    expect(service((s) => s.spec.ports.push({ port: 443 }))).toEqual(['spec.ports[1].name: Required value']);
    expect(service((s) => s.spec.ports.push({ name: 'http', port: 443 }))).toEqual(['spec.ports[1].name: Duplicate value: "http"']);
  });

  it('reports a missing port as port 0, twice (targetPort defaults to it)', () => {
    expect(service((s) => (s.spec.ports = [{ name: 'http' }]))).toEqual([
      'spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
      'spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive',
    ]);
  });

  it('refuses the same port twice', () => {
    expect(service((s) => (s.spec.ports = [{ name: 'a', port: 80 }, { name: 'b', port: 80, targetPort: 8080 }]))).toEqual([
      'spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}',
    ]);
  });

  it('lists the supported Service types', () => {
    expect(service((s) => (s.spec.type = 'Foo'))).toEqual([
      'spec.type: Unsupported value: "Foo": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    ]);
  });

  it('checks a requested node port against the range, and refuses one on a ClusterIP Service', () => {
    expect(service((s) => (s.spec.ports[0].nodePort = 8080))).toEqual([
      'spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767',
    ]);
    expect(service((s) => (s.spec.ports[0].nodePort = 30080))).toEqual([]);
    expect(service((s) => {
      s.spec.type = 'ClusterIP';
      s.spec.ports[0].nodePort = 30080;
    })).toEqual(["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"]);
  });

  it('accepts named target ports and refuses bad ones', () => {
    expect(service((s) => (s.spec.ports[0].targetPort = 'web'))).toEqual([]);
    expect(service((s) => (s.spec.ports[0].targetPort = 'Web_Port'))).toEqual([
      'spec.ports[0].targetPort: Invalid value: "Web_Port": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    ]);
  });

  it('requires an external name for ExternalName Services', () => {
    const errors = create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'ext' }, spec: { type: 'ExternalName' } }).errors;
    expect(errors).toEqual(['spec.externalName: Required value']);
    expect(create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'ext' }, spec: { type: 'ExternalName', externalName: 'db.example.com.' } }).errors).toEqual([]);
  });

  it('lets a NodePort Service become ClusterIP, dropping what it no longer uses', () => {
    const stored = create(seed('service.yaml')).obj;
    stored.spec.ports[0].nodePort = 30080;
    stored.spec.clusterIP = '10.96.0.20';
    stored.spec.clusterIPs = ['10.96.0.20'];
    const next = structuredClone(stored);
    next.spec.type = 'ClusterIP';
    const { obj, errors } = update(stored, next);
    expect(errors).toEqual([]);
    expect(obj.spec.ports[0].nodePort).toBeUndefined();
    expect(obj.spec.externalTrafficPolicy).toBeUndefined();
  });
});
