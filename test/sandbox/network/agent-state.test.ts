// From Services, Endpoints and Ingresses to what the agent does, and to the config text it reads.
import type { Endpoints, Pod, Service } from '../../../sandbox/api/objects';
import { agentState } from '../../../sandbox/network/agent-state';
import { renderAgentConfig, withGeneration } from '../../../sandbox/network/agent-config';
import { assignLoadBalancerIps } from '../../../sandbox/network/load-balancers';

const AGENT = '10.224.6.2';
const service = (name: string, spec: any, status?: any): Service => ({ metadata: { name, namespace: 'default', creationTimestamp: '2026-01-01T00:00:00Z' }, spec, ...(status ? { status } : {}) });
const endpoints = (name: string, subsets: any[]): Endpoints => ({ metadata: { name, namespace: 'default' }, subsets });

describe('agentState', () => {
  it('proxies a ClusterIP port to ready endpoints and names the Service in DNS', () => {
    const s = agentState(
      {
        services: [service('echo', { clusterIP: '10.96.1.2', ports: [{ port: 80, targetPort: 8080 }] })],
        endpoints: [endpoints('echo', [{ addresses: [{ ip: '10.224.4.2' }, { ip: '10.224.4.3' }], notReadyAddresses: [{ ip: '10.224.4.9' }], ports: [{ port: 8080 }] }])],
        pods: [],
        ingresses: [],
      },
      { agentIp: AGENT, loadBalancerIps: new Map() },
    );
    expect(s.frontends).toEqual([
      { ip: '10.96.1.2', port: 80, kind: 'tcp', endpoints: ['10.224.4.2:8080', '10.224.4.3:8080'] },
      { ip: AGENT, port: 80, kind: 'http', endpoints: [] },
    ]);
    expect(s.records).toEqual([{ name: 'echo.default.svc.cluster.local', ips: ['10.96.1.2'] }]);
    expect(s.anyip).toEqual(['10.96.0.0/16']);
  });

  it('pairs service and endpoint ports by name when a Service has several', () => {
    const s = agentState(
      {
        services: [service('web', { clusterIP: '10.96.1.3', ports: [{ name: 'http', port: 80 }, { name: 'admin', port: 9000 }] })],
        endpoints: [endpoints('web', [{ addresses: [{ ip: '10.224.4.2' }], ports: [{ name: 'admin', port: 9001 }, { name: 'http', port: 8080 }] }])],
        pods: [],
        ingresses: [],
      },
      { agentIp: AGENT, loadBalancerIps: new Map() },
    );
    expect(s.frontends.filter((f) => f.kind === 'tcp').map((f) => `${f.port}->${f.endpoints}`)).toEqual(['80->10.224.4.2:8080', '9000->10.224.4.2:9001']);
  });

  it('computes endpoints from the selector while no Endpoints object exists yet', () => {
    const pod: Pod = {
      metadata: { name: 'p', namespace: 'default', uid: 'u', labels: { app: 'echo' } },
      spec: { containers: [] },
      status: { phase: 'Running', podIP: '10.224.4.7', conditions: [{ type: 'Ready', status: 'True' }] },
    };
    const s = agentState(
      { services: [service('echo', { clusterIP: '10.96.1.2', selector: { app: 'echo' }, ports: [{ port: 80, targetPort: 8080 }] })], endpoints: [], pods: [pod], ingresses: [] },
      { agentIp: AGENT, loadBalancerIps: new Map() },
    );
    expect(s.frontends[0].endpoints).toEqual(['10.224.4.7:8080']);
  });

  it('opens NodePorts on the agent address and LoadBalancer IPs on their own address', () => {
    const s = agentState(
      {
        services: [
          service('np', { type: 'NodePort', clusterIP: '10.96.1.4', ports: [{ port: 80, nodePort: 30080 }] }),
          service('lb', { type: 'LoadBalancer', clusterIP: '10.96.1.5', ports: [{ port: 8080, nodePort: 30081 }] }),
        ],
        endpoints: [endpoints('np', [{ addresses: [{ ip: '10.224.4.2' }], ports: [{ port: 80 }] }]), endpoints('lb', [{ addresses: [{ ip: '10.224.4.3' }], ports: [{ port: 8080 }] }])],
        pods: [],
        ingresses: [],
      },
      { agentIp: AGENT, loadBalancerIps: new Map([['default/lb', '10.224.6.16']]) },
    );
    expect(s.frontends.map((f) => `${f.ip}:${f.port}`)).toEqual(['10.96.1.4:80', `${AGENT}:30080`, '10.96.1.5:8080', `${AGENT}:30081`, '10.224.6.16:8080', `${AGENT}:80`]);
    expect(s.addrs).toEqual(['10.224.6.16']);
  });

  it('answers headless Services with pod addresses and ExternalName with a CNAME', () => {
    const s = agentState(
      {
        services: [service('db', { clusterIP: 'None', ports: [{ port: 5432 }] }), service('ext', { type: 'ExternalName', externalName: 'Example.COM.' })],
        endpoints: [endpoints('db', [{ addresses: [{ ip: '10.224.4.2', hostname: 'db-0' }, { ip: '10.224.4.3', hostname: 'db-1' }], ports: [{ port: 5432 }] }])],
        pods: [],
        ingresses: [],
      },
      { agentIp: AGENT, loadBalancerIps: new Map() },
    );
    expect(s.records).toEqual([
      { name: 'db-0.db.default.svc.cluster.local', ips: ['10.224.4.2'] },
      { name: 'db-1.db.default.svc.cluster.local', ips: ['10.224.4.3'] },
      { name: 'db.default.svc.cluster.local', ips: ['10.224.4.2', '10.224.4.3'] },
      { name: 'ext.default.svc.cluster.local', cname: 'example.com' },
    ]);
    expect(s.frontends.filter((f) => f.kind === 'tcp')).toEqual([]);
  });

  it('leads the kubernetes Service to the control plane\'s port 6443, and that to the API server\'s listener for pods', () => {
    const s = agentState(
      {
        services: [service('kubernetes', { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, targetPort: 6443 }] })],
        endpoints: [endpoints('kubernetes', [{ addresses: [{ ip: AGENT }], ports: [{ name: 'https', port: 6443 }] }])],
        pods: [],
        ingresses: [],
      },
      { agentIp: AGENT, loadBalancerIps: new Map(), apiServer: { ip: '172.17.0.1', port: 41234 } },
    );
    expect(s.frontends).toContainEqual({ ip: '10.96.0.1', port: 443, kind: 'tcp', endpoints: [`${AGENT}:6443`] });
    expect(s.frontends).toContainEqual({ ip: AGENT, port: 6443, kind: 'tcp', endpoints: ['172.17.0.1:41234'] });
  });

  it('renders a config the agent can read, ending with its generation', () => {
    const s = agentState(
      {
        services: [service('echo', { clusterIP: '10.96.1.2', ports: [{ port: 80, targetPort: 8080 }] })],
        endpoints: [endpoints('echo', [{ addresses: [{ ip: '10.224.4.2' }], ports: [{ port: 8080 }] }])],
        pods: [],
        ingresses: [{ metadata: { name: 'i', namespace: 'default' }, spec: { rules: [{ host: 'test.host', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'echo', port: { number: 80 } } } }] } }] } }],
      },
      { agentIp: AGENT, loadBalancerIps: new Map() },
    );
    expect(withGeneration(renderAgentConfig(s), 7).split('\n').slice(1)).toEqual([
      'anyip 10.96.0.0/16',
      'tcp 10.96.1.2 80 10.224.4.2:8080',
      `http ${AGENT} 80`,
      'route test.host prefix / 10.224.4.2:8080',
      'a echo.default.svc.cluster.local 10.96.1.2',
      'end 7',
      '',
    ]);
  });
});

describe('assignLoadBalancerIps', () => {
  const pool = ['10.224.6.16', '10.224.6.17', '10.224.6.18'];
  it('keeps addresses already in status and gives the lowest free one to the rest, oldest first', () => {
    const out = assignLoadBalancerIps(
      [
        { ...service('b', { type: 'LoadBalancer' }), metadata: { name: 'b', namespace: 'default', creationTimestamp: '2026-01-02T00:00:00Z' } },
        service('a', { type: 'LoadBalancer' }, { loadBalancer: { ingress: [{ ip: '10.224.6.17' }] } }),
        service('c', { type: 'LoadBalancer' }, { loadBalancer: { ingress: [{ ip: '172.18.255.200' }] } }),
        service('plain', { type: 'ClusterIP' }),
      ],
      pool,
    );
    expect([...out.entries()].sort()).toEqual([
      ['default/a', '10.224.6.17'],
      ['default/b', '10.224.6.18'],
      ['default/c', '10.224.6.16'],
    ]);
  });

  it('leaves Services pending when the pool is exhausted', () => {
    const many = ['a', 'b', 'c', 'd'].map((n) => service(n, { type: 'LoadBalancer' }));
    expect(assignLoadBalancerIps(many, pool).size).toBe(3);
  });
});
