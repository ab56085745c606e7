// What NetworkPolicies allow, asked of the pure engine the network enforces: isolation per direction, rules adding
// up, peers by pod and namespace selectors (alone and together) and by ipBlock with except, ports by number, range
// and name — and the agent's ruleset and proxy deny lines made from it.
import type { Namespace, NetworkPolicy, Pod } from '../../../sandbox/api/objects';
import { connectionAllowed, resolveNetworkPolicies, type PodPolicy } from '../../../sandbox/network/network-policies';
import { policyRules } from '../../../sandbox/network/policy-rules';
import { addressingFor } from '../../../sandbox/network/addressing';
import { podRoutes } from '../../../sandbox/network/pod-sandbox-config';

const ns = (name: string, labels: Record<string, string> = {}): Namespace => ({ metadata: { name, labels: { 'kubernetes.io/metadata.name': name, ...labels } } });

const pod = (namespace: string, name: string, ip: string, labels: Record<string, string> = {}, ports: { name: string; containerPort: number; protocol?: 'TCP' | 'UDP' | 'SCTP' }[] = []): Pod => ({
  metadata: { namespace, name, labels },
  spec: { containers: [{ name: 'c', ports }] },
  status: { phase: 'Running', podIP: ip },
});

// Policies as learners write them: the spec is whatever they typed.
const policy = (namespace: string, name: string, spec: Record<string, unknown>): NetworkPolicy => ({ metadata: { namespace, name }, spec });

const NAMESPACES = [ns('default'), ns('prod', { team: 'a' }), ns('dev', { team: 'b' }), ns('kube-system')];
const PODS = [
  pod('default', 'nginx', '10.224.0.10', { run: 'nginx' }, [{ name: 'http', containerPort: 80 }]),
  pod('default', 'client', '10.224.0.11', { access: 'true' }),
  pod('default', 'stranger', '10.224.0.12', { run: 'stranger' }),
  pod('prod', 'api', '10.224.0.20', { app: 'api' }, [{ name: 'http', containerPort: 8080 }]),
  pod('dev', 'tool', '10.224.0.30', { app: 'tool' }),
  pod('dev', 'api', '10.224.0.31', { app: 'api' }),
  pod('kube-system', 'coredns-1', '10.224.2.3', { 'k8s-app': 'kube-dns' }, [{ name: 'dns', containerPort: 53, protocol: 'UDP' }]),
];
const IP: Record<string, string> = { nginx: '10.224.0.10', client: '10.224.0.11', stranger: '10.224.0.12', prodApi: '10.224.0.20', devTool: '10.224.0.30', devApi: '10.224.0.31', dns: '10.224.2.3' };

function engine(policies: NetworkPolicy[], pods = PODS) {
  const resolved = resolveNetworkPolicies({ pods, namespaces: NAMESPACES, policies });
  const byIp = new Map(resolved.map((p) => [p.ip, p]));
  return {
    resolved,
    can: (src: string, dst: string, port = 80, protocol: 'TCP' | 'UDP' | 'SCTP' = 'TCP') => connectionAllowed(byIp, src, dst, protocol, port),
  };
}

describe('NetworkPolicy semantics', () => {
  it('lets everything through when no policy selects a pod', () => {
    const { can, resolved } = engine([]);
    expect(resolved.every((p: PodPolicy) => !p.ingress && !p.egress)).toBe(true);
    expect(can(IP.stranger, IP.nginx)).toBe(true);
  });

  it('isolates every pod of a namespace for ingress with a default deny, and only that namespace', () => {
    const { can } = engine([policy('default', 'default-deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] })]);
    expect(can(IP.client, IP.nginx)).toBe(false);
    expect(can(IP.nginx, IP.prodApi, 8080)).toBe(true);
    expect(can(IP.devTool, IP.devApi)).toBe(true);
  });

  it('allows only pods labelled access=true to nginx (the kubernetes.io task), adding up with a deny-all', () => {
    const { can } = engine([
      policy('default', 'deny', { podSelector: {}, policyTypes: ['Ingress'] }),
      policy('default', 'access-nginx', { podSelector: { matchLabels: { run: 'nginx' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { access: 'true' } } }] }] }),
    ]);
    expect(can(IP.client, IP.nginx)).toBe(true);
    expect(can(IP.stranger, IP.nginx)).toBe(false);
    expect(can(IP.nginx, IP.client)).toBe(false);
  });

  it('reads a podSelector alone as pods of the policy\'s own namespace', () => {
    const { can } = engine([policy('prod', 'from-api', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'api' } } }] }] })]);
    expect(can(IP.devApi, IP.prodApi, 8080)).toBe(false);
  });

  it('tells a namespaceSelector alone from a namespaceSelector and podSelector in one peer', () => {
    const either = engine([policy('prod', 'p', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'b' } } }, { podSelector: { matchLabels: { app: 'api' } } }] }] })]);
    expect(either.can(IP.devTool, IP.prodApi, 8080)).toBe(true);
    const both = engine([policy('prod', 'p', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'b' } }, podSelector: { matchLabels: { app: 'api' } } }] }] })]);
    expect(both.can(IP.devTool, IP.prodApi, 8080)).toBe(false);
    expect(both.can(IP.devApi, IP.prodApi, 8080)).toBe(true);
    expect(both.can(IP.client, IP.prodApi, 8080)).toBe(false);
  });

  it('matches ipBlock peers by address, minus their except blocks', () => {
    const { can } = engine([policy('default', 'p', { podSelector: { matchLabels: { run: 'nginx' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ ipBlock: { cidr: '10.224.0.0/24', except: ['10.224.0.12/32'] } }] }] })]);
    expect(can(IP.client, IP.nginx)).toBe(true);
    expect(can(IP.stranger, IP.nginx)).toBe(false);
  });

  it('limits ports by number, range (endPort), protocol and name', () => {
    const { can } = engine([
      policy('default', 'p', { podSelector: { matchLabels: { run: 'nginx' } }, policyTypes: ['Ingress'], ingress: [{ ports: [{ protocol: 'TCP', port: 'http' }, { protocol: 'UDP', port: 5000, endPort: 5010 }] }] }),
    ]);
    expect(can(IP.client, IP.nginx, 80)).toBe(true);
    expect(can(IP.client, IP.nginx, 81)).toBe(false);
    expect(can(IP.client, IP.nginx, 5005, 'UDP')).toBe(true);
    expect(can(IP.client, IP.nginx, 5005, 'TCP')).toBe(false);
  });

  it('resolves an egress named port on each destination pod, and never on an ipBlock', () => {
    const { can } = engine([policy('default', 'p', { podSelector: { matchLabels: { access: 'true' } }, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: {} }, { ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ protocol: 'TCP', port: 'http' }] }] })]);
    expect(can(IP.client, IP.nginx, 80)).toBe(true);
    expect(can(IP.client, IP.prodApi, 8080)).toBe(true);
    expect(can(IP.client, IP.prodApi, 80)).toBe(false);
    expect(can(IP.client, '192.0.2.1', 80)).toBe(false);
  });

  it('ignores ingress rules of a policy whose policyTypes name only Egress', () => {
    const { can, resolved } = engine([policy('default', 'p', { podSelector: {}, policyTypes: ['Egress'], ingress: [{ from: [{ podSelector: { matchLabels: { none: 'x' } } }] }] })]);
    expect(resolved.find((p) => p.name === 'nginx')?.ingress).toBeUndefined();
    expect(can(IP.client, IP.nginx)).toBe(false); // its egress allows nothing
    expect(can(IP.prodApi, IP.nginx)).toBe(true);
  });

  it('leaves finished pods and pods without an address out', () => {
    const done = { ...pod('default', 'done', '10.224.0.40'), status: { phase: 'Succeeded' as const, podIP: '10.224.0.40' } };
    const pending = { ...pod('default', 'pending', ''), status: { phase: 'Pending' as const } };
    expect(engine([], [...PODS, done, pending]).resolved.map((p) => p.name)).not.toEqual(expect.arrayContaining(['done', 'pending']));
  });
});

describe('the agent\'s rules', () => {
  const sandbox = (ip: string) => ip.startsWith('10.224.0.') || ip.startsWith('10.224.1.');
  const rulesFor = (policies: NetworkPolicy[], proxiedEndpoints: string[] = []) =>
    policyRules({ pods: engine(policies).resolved, isSandbox: sandbox, dnsPodIps: [IP.dns], proxiedEndpoints });

  it('only drops ICMP redirects when nothing is isolated', () => {
    const r = rulesFor([]);
    expect(r.iptables).toBe('*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A OUTPUT -p icmp -m icmp --icmp-type 5 -j DROP\nCOMMIT\n');
    expect(r.denied).toEqual([]);
  });

  it('checks egress then ingress for pods in FORWARD, and drops DNS for pods whose egress misses kube-dns', () => {
    const r = rulesFor([policy('default', 'deny-egress', { podSelector: { matchLabels: { access: 'true' } }, policyTypes: ['Egress'] })]);
    expect(r.iptables).toContain('-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT');
    expect(r.iptables).toMatch(/-A KUBELAB-POD -s 10\.224\.0\.11 -m comment --comment "default\/client egress" -j KUBELAB-EGRESS-\d+\n-A KUBELAB-EGRESS-\d+ -j DROP/);
    expect(r.iptables).toContain('-A INPUT -s 10.224.0.11 -p udp -m udp --dport 53 -m comment --comment "default/client dns" -j DROP');
    expect(r.iptables).not.toContain('-A INPUT -s 10.224.0.10');
    expect(r.iptables).not.toContain('10.224.2.3 -m comment');
  });

  it('lets DNS through for a pod allowed to reach kube-dns on 53 (namespaceSelector + podSelector)', () => {
    const r = rulesFor([
      policy('default', 'deny-egress', { podSelector: {}, policyTypes: ['Egress'] }),
      policy('default', 'allow-dns', {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ protocol: 'UDP', port: 53 }] }],
      }),
    ]);
    expect(r.iptables).not.toContain('-p udp -m udp --dport 53 -m comment');
    expect(r.iptables).toContain('-A INPUT -s 10.224.0.11 -p tcp -m tcp --dport 53 -m comment --comment "default/client dns" -j DROP');
    expect(r.iptables).toContain('-d 10.224.2.3/32 -p udp -m udp --dport 53 -j KUBELAB-INGRESS');
  });

  it('names the proxied endpoints a client pod may not reach', () => {
    const r = rulesFor([policy('default', 'access-nginx', { podSelector: { matchLabels: { run: 'nginx' } }, ingress: [{ from: [{ podSelector: { matchLabels: { access: 'true' } } }] }], policyTypes: ['Ingress'] })], ['10.224.0.10:80', '10.224.0.20:8080']);
    expect(r.denied).toEqual(
      expect.arrayContaining([
        { client: IP.stranger, endpoints: ['10.224.0.10:80'] },
        { client: IP.devTool, endpoints: ['10.224.0.10:80'] },
      ]),
    );
    expect(r.denied.find((d) => d.client === IP.client)).toBeUndefined();
    expect(r.iptables).toMatch(/-A KUBELAB-INGRESS-\d+ -s 10\.224\.0\.11\/32 -j ACCEPT/);
  });
});

describe('pod routes', () => {
  it('send Services, the other pods and the world through the agent, and only the node (the gateway) straight', () => {
    const a = addressingFor(6);
    expect(podRoutes(a)).toBe(`10.96.0.0/16 via ${a.agentIp};${a.podRange} via ${a.agentIp};${a.gateway}/32 dev;0.0.0.0/0 via ${a.agentIp}`);
  });
});
