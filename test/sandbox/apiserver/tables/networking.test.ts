import type { KubeObject } from '../../../../sandbox/api/types';
import { tableFor } from '../../../../sandbox/apiserver/kinds/strategy';

const NOW = new Date('2024-05-01T12:00:00Z');
const meta = (name: string) => ({ name, namespace: 'default', creationTimestamp: '2024-05-01T11:00:00Z' });
const cells = (kind: string, obj: KubeObject) => tableFor(kind, [obj], NOW).rows[0].cells;

describe('Service table', () => {
  it('shows a ClusterIP service with <none> external IP and port/protocol', () => {
    const svc = { metadata: meta('echo'), spec: { type: 'ClusterIP', clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], ports: [{ port: 80, protocol: 'TCP' }], selector: { app: 'echo' } } };
    expect(cells('Service', svc)).toEqual(['echo', 'ClusterIP', '10.96.0.10', '<none>', '80/TCP', '60m', 'app=echo']);
  });

  it('shows node ports as port:nodePort/protocol', () => {
    const svc = {
      metadata: meta('web'),
      spec: { type: 'NodePort', clusterIPs: ['10.96.0.11'], ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }, { port: 53, nodePort: 30053, protocol: 'UDP' }] },
    };
    expect(cells('Service', svc).slice(1, 5)).toEqual(['NodePort', '10.96.0.11', '<none>', '80:30080/TCP,53:30053/UDP']);
  });

  it('shows <pending> for a load balancer without an address, the address once it has one', () => {
    const spec = { type: 'LoadBalancer', clusterIPs: ['10.96.0.12'], ports: [{ port: 443, nodePort: 31443, protocol: 'TCP' }] };
    expect(cells('Service', { metadata: meta('lb'), spec })[3]).toBe('<pending>');
    expect(cells('Service', { metadata: meta('lb'), spec, status: { loadBalancer: { ingress: [{ ip: '172.18.0.5' }] } } })[3]).toBe('172.18.0.5');
  });

  it('shows headless and external-name services', () => {
    expect(cells('Service', { metadata: meta('db'), spec: { type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'] } }).slice(2, 5)).toEqual(['None', '<none>', '<none>']);
    expect(cells('Service', { metadata: meta('ext'), spec: { type: 'ExternalName', externalName: 'example.com' } }).slice(2, 4)).toEqual(['<none>', 'example.com']);
  });
});

describe('Endpoints and EndpointSlice tables', () => {
  it('lists up to three ip:port pairs and counts the rest', () => {
    const subsets = [{ addresses: [{ ip: '10.1.0.1' }, { ip: '10.1.0.2' }, { ip: '10.1.0.3' }, { ip: '10.1.0.4' }], ports: [{ port: 8080 }] }];
    expect(cells('Endpoints', { metadata: meta('web'), subsets })[1]).toBe('10.1.0.1:8080,10.1.0.2:8080,10.1.0.3:8080 + 1 more...');
    expect(cells('Endpoints', { metadata: meta('web') })[1]).toBe('<none>');
  });

  it('shows slice ports and addresses, <unset> when empty', () => {
    const slice = { metadata: meta('web-abc'), addressType: 'IPv4', ports: [{ name: 'http', port: 8080, protocol: 'TCP' }], endpoints: [{ addresses: ['10.1.0.1'] }] };
    expect(cells('EndpointSlice', slice).slice(0, 4)).toEqual(['web-abc', 'IPv4', '8080', '10.1.0.1']);
    expect(cells('EndpointSlice', { metadata: meta('empty'), addressType: 'IPv4' }).slice(2, 4)).toEqual(['<unset>', '<unset>']);
  });
});

describe('Ingress table', () => {
  it('shows <none> class, * hosts and port 80 for a bare ingress', () => {
    expect(cells('Ingress', { metadata: meta('ing'), spec: { rules: [{ http: {} }] } })).toEqual(['ing', '<none>', '*', '', '80', '60m']);
  });

  it('shows class, hosts, address and 80, 443 with TLS', () => {
    const ing = {
      metadata: meta('ing'),
      spec: { ingressClassName: 'nginx', tls: [{ hosts: ['a.example.com'] }], rules: [{ host: 'a.example.com' }, { host: 'b.example.com' }] },
      status: { loadBalancer: { ingress: [{ ip: '172.18.0.2' }] } },
    };
    expect(cells('Ingress', ing).slice(1, 5)).toEqual(['nginx', 'a.example.com,b.example.com', '172.18.0.2', '80, 443']);
  });
});
