// Ingress in networking.k8s.io/v1: pathType is required and backends name a Service by name and port.
import { create, seed } from './helpers';

const ingress = (mutate: (i: any) => void) => {
  const i = seed('ingress.yaml');
  mutate(i);
  return create(i).errors;
};

describe('ingress validation', () => {
  it('accepts the seed Ingress', () => {
    expect(ingress(() => {})).toEqual([]);
  });

  it('requires a pathType on every path', () => {
    expect(ingress((i) => delete i.spec.rules[0].http.paths[0].pathType)).toEqual([
      'spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified',
    ]);
    expect(ingress((i) => (i.spec.rules[0].http.paths[0].pathType = 'Regex'))).toEqual([
      'spec.rules[0].http.paths[0].pathType: Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"',
    ]);
  });

  it('refuses a v1beta1-style backend (serviceName/servicePort) in v1', () => {
    expect(ingress((i) => (i.spec.rules[0].http.paths[0].backend = { serviceName: 'echo', servicePort: 80 }))).toEqual([
      'spec.rules[0].http.paths[0].backend: Invalid value: "": resource or service backend is required',
    ]);
  });

  it('checks the backend service name and port', () => {
    expect(ingress((i) => (i.spec.rules[0].http.paths[0].backend.service = { name: 'echo', port: {} }))).toEqual([
      'spec.rules[0].http.paths[0].backend: Required value: port name or number is required',
    ]);
    expect(ingress((i) => (i.spec.rules[0].http.paths[0].backend.service = { port: { number: 99999 } }))).toEqual([
      'spec.rules[0].http.paths[0].backend.service.name: Required value',
      'spec.rules[0].http.paths[0].backend.service.port.number: Invalid value: 99999: must be between 1 and 65535, inclusive',
    ]);
  });

  it('wants absolute paths and DNS host names', () => {
    expect(ingress((i) => {
      i.spec.rules[0].host = '10.0.0.1';
      i.spec.rules[0].http.paths[0].path = 'api';
    })).toEqual([
      'spec.rules[0].host: Invalid value: "10.0.0.1": must be a DNS name, not an IP address',
      'spec.rules[0].http.paths[0].path: Invalid value: "api": must be an absolute path',
    ]);
  });

  it('needs rules or a default backend', () => {
    expect(ingress((i) => delete i.spec.rules)).toEqual([
      'spec: Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified',
    ]);
  });
});
