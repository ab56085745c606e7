// NetworkPolicy in networking.k8s.io/v1: kube-apiserver 1.31's defaults (policyTypes, TCP) and its exact messages
// for the peers, ports and ipBlocks learners get wrong.
import type { KubeObject } from '../../../../sandbox/api/types';
import { create, update } from './helpers';

const policy = (spec: Record<string, unknown>, name = 'test-network-policy'): KubeObject => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name, namespace: 'default' },
  spec,
});

/** The kubernetes.io "Declare Network Policy" example, with every kind of peer and port. */
const example = () =>
  policy({
    podSelector: { matchLabels: { role: 'db' } },
    policyTypes: ['Ingress', 'Egress'],
    ingress: [
      {
        from: [
          { ipBlock: { cidr: '172.17.0.0/16', except: ['172.17.1.0/24'] } },
          { namespaceSelector: { matchLabels: { project: 'myproject' } } },
          { podSelector: { matchLabels: { role: 'frontend' } } },
        ],
        ports: [{ protocol: 'TCP', port: 6379 }],
      },
    ],
    egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/24' } }], ports: [{ protocol: 'TCP', port: 5978 }] }],
  });

const errorsOf = (spec: Record<string, unknown>) => create(policy(spec)).errors;

describe('NetworkPolicy defaults', () => {
  it('isolates for Ingress only when policyTypes is left out and there are no egress rules', () => {
    const { obj } = create(policy({ podSelector: {} }));
    expect(obj.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
  });

  it('adds Egress to the implied policyTypes when there are egress rules, and TCP to ports without a protocol', () => {
    const { obj } = create(policy({ podSelector: { matchLabels: { app: 'web' } }, egress: [{ ports: [{ port: 53 }, { protocol: 'UDP', port: 53 }] }] }));
    expect(obj.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(obj.spec.egress[0].ports).toEqual([{ port: 53, protocol: 'TCP' }, { protocol: 'UDP', port: 53 }]);
  });

  it('keeps the policyTypes given, and an absent podSelector becomes the empty one (every pod)', () => {
    const { obj } = create(policy({ policyTypes: ['Egress'] }));
    expect(obj.spec).toEqual({ podSelector: {}, policyTypes: ['Egress'] });
  });
});

describe('NetworkPolicy validation', () => {
  it('accepts the kubernetes.io example', () => {
    expect(create(example()).errors).toEqual([]);
  });

  it('refuses a peer with nothing in it', () => {
    expect(errorsOf({ podSelector: {}, ingress: [{ from: [{}] }] })).toEqual(['spec.ingress[0].from[0]: Required value: must specify a peer']);
  });

  it('refuses an ipBlock beside a selector in the same peer', () => {
    expect(errorsOf({ podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} }] }] })).toEqual([
      'spec.egress[0].to[0]: Forbidden: may not specify both ipBlock and another peer',
    ]);
  });

  it('checks the CIDRs of an ipBlock and that except lies strictly inside cidr', () => {
    const block = (ipBlock: Record<string, unknown>) => errorsOf({ podSelector: {}, ingress: [{ from: [{ ipBlock }] }] });
    expect(block({ cidr: '' })).toEqual(['spec.ingress[0].from[0].ipBlock.cidr: Required value']);
    expect(block({ cidr: '10.0.0/8' })).toEqual(['spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "10.0.0/8": not a valid CIDR']);
    expect(block({ cidr: '10.0.0.0/24', except: ['192.168.0.0/24', '10.0.0.0/24', '10.0.0.128/25'] })).toEqual([
      'spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "192.168.0.0/24": must be a strict subset of `cidr`',
      'spec.ingress[0].from[0].ipBlock.except[1]: Invalid value: "10.0.0.0/24": must be a strict subset of `cidr`',
    ]);
    expect(block({ cidr: '10.0.0.0/8', except: ['10.1.0.0/33', '300.0.0.0/8'] })).toEqual(['spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "10.1.0.0/33": not a valid CIDR']);
    // ParseCIDRSloppy: host bits and IPv6 are fine.
    expect(block({ cidr: '10.0.0.5/8', except: ['10.1.2.3/16'] })).toEqual([]);
    expect(block({ cidr: '2001:db8::/64', except: ['2001:db8::/96'] })).toEqual([]);
  });

  it('checks ports: protocol, number range, names and endPort', () => {
    const ports = (p: Record<string, unknown>) => errorsOf({ podSelector: {}, ingress: [{ ports: [p] }] });
    expect(ports({ protocol: 'ICMP', port: 80 })).toEqual(['spec.ingress[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"']);
    expect(ports({ port: 0 })).toEqual(['spec.ingress[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive']);
    expect(ports({ port: 'HTTP' })).toEqual([
      'spec.ingress[0].ports[0].port: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.ingress[0].ports[0].port: Invalid value: "HTTP": must contain at least one letter (a-z)',
    ]);
    expect(ports({ port: 32000, endPort: 31000 })).toEqual(['spec.ingress[0].ports[0].endPort: Invalid value: 31000: must be greater than or equal to `port`']);
    expect(ports({ port: 'http', endPort: 81 })).toEqual(['spec.ingress[0].ports[0].endPort: Invalid value: 81: may not be specified when `port` is non-numeric']);
    expect(ports({ endPort: 81 })).toEqual(['spec.ingress[0].ports[0].endPort: Invalid value: 81: may not be specified when `port` is not specified']);
    expect(ports({ port: 32000, endPort: 32768 })).toEqual([]);
  });

  it('checks policyTypes and the selectors', () => {
    expect(errorsOf({ podSelector: {}, policyTypes: ['Ingress', 'Outgress'] })).toEqual([
      'spec.policyTypes[1]: Unsupported value: "Outgress": supported values: "Ingress", "Egress"',
    ]);
    expect(errorsOf({ podSelector: {}, policyTypes: ['Ingress', 'Egress', 'Ingress'] })).toEqual([
      'spec.policyTypes: Invalid value: []networking.PolicyType{"Ingress", "Egress", "Ingress"}: may not specify more than two policyTypes',
    ]);
    expect(errorsOf({ podSelector: { matchLabels: { app: 'web app' } } })).toEqual([
      "spec.podSelector.matchLabels: Invalid value: \"web app\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ]);
    expect(errorsOf({ podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'In' }] } }] }] })).toEqual([
      "spec.ingress[0].from[0].namespaceSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
    ]);
  });

  it('validates an update the same way', () => {
    const { obj } = create(example());
    const next = structuredClone(obj);
    next.spec.ingress[0].from.push({});
    expect(update(obj, next).errors).toEqual(['spec.ingress[0].from[3]: Required value: must specify a peer']);
  });
});
