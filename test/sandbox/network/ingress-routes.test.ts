// Ingress rules flattened in the precedence order the spec (and ingress-nginx) use.
import type { Ingress } from '../../../sandbox/api/objects';
import { ingressRoutes, isOurIngress } from '../../../sandbox/network/ingress-routes';

const ing = (name: string, spec: any, extra: Partial<Ingress['metadata']> = {}): Ingress => ({
  metadata: { name, namespace: 'default', creationTimestamp: `2026-01-01T00:00:0${name.length % 10}Z`, ...extra },
  spec,
});
const path = (p: string, pathType: string, service: string, port: number | string = 80) => ({
  path: p, pathType, backend: { service: { name: service, port: typeof port === 'number' ? { number: port } : { name: port } } },
});
const resolve = (ns: string, svc: string, port: number | string) => (svc === 'missing' ? [] : [`${ns}/${svc}:${port}`]);

describe('ingressRoutes', () => {
  it('orders exact hosts, then wildcards, then host-less rules; longest path first, Exact before Prefix', () => {
    const { routes } = ingressRoutes(
      [
        ing('a', {
          rules: [
            { http: { paths: [path('/', 'Prefix', 'catchall')] } },
            { host: '*.example.com', http: { paths: [path('/', 'Prefix', 'wild')] } },
            { host: 'Test.Host', http: { paths: [path('/', 'Prefix', 'root'), path('/api/', 'Prefix', 'api'), path('/api', 'Exact', 'api-exact')] } },
          ],
        }),
      ],
      resolve,
    );
    expect(routes.map((r) => `${r.host} ${r.exact ? 'exact' : 'prefix'} ${r.path} ${r.endpoints[0]}`)).toEqual([
      'test.host exact /api default/api-exact:80',
      'test.host prefix /api default/api:80',
      'test.host prefix / default/root:80',
      '*.example.com prefix / default/wild:80',
      '* prefix / default/catchall:80',
    ]);
  });

  it('lets the older Ingress keep a host and path two Ingresses claim', () => {
    const older = ing('old', { rules: [{ host: 'h', http: { paths: [path('/', 'Prefix', 'first')] } }] }, { creationTimestamp: '2026-01-01T00:00:00Z' });
    const newer = ing('new', { rules: [{ host: 'h', http: { paths: [path('/', 'Prefix', 'second')] } }] }, { creationTimestamp: '2026-01-02T00:00:00Z' });
    expect(ingressRoutes([newer, older], resolve).routes.map((r) => r.endpoints)).toEqual([['default/first:80']]);
  });

  it('takes the default backend, resolves named ports, and keeps routes to services without endpoints (503)', () => {
    const out = ingressRoutes(
      [ing('a', { defaultBackend: { service: { name: 'fallback', port: { number: 8080 } } }, rules: [{ host: 'h', http: { paths: [path('/x', 'ImplementationSpecific', 'missing'), path('/y', 'Prefix', 'svc', 'http')] } }] })],
      resolve,
    );
    expect(out.defaultBackend).toEqual(['default/fallback:8080']);
    expect(out.routes).toEqual([
      { host: 'h', exact: false, path: '/x', endpoints: [] },
      { host: 'h', exact: false, path: '/y', endpoints: ['default/svc:http'] },
    ]);
  });

  it('serves the kubelab class and class-less Ingresses only', () => {
    expect(isOurIngress(ing('a', { ingressClassName: 'kubelab' }))).toBe(true);
    expect(isOurIngress(ing('a', {}))).toBe(true);
    expect(isOurIngress(ing('a', { ingressClassName: 'nginx' }))).toBe(false);
    expect(isOurIngress(ing('a', {}, { annotations: { 'kubernetes.io/ingress.class': 'traefik' } }))).toBe(false);
    expect(ingressRoutes([ing('a', { ingressClassName: 'nginx', rules: [{ host: 'h', http: { paths: [path('/', 'Prefix', 's')] } }] })], resolve).routes).toEqual([]);
  });
});
