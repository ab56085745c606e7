// endpointsFor: what the endpoints controller writes for a Service (and the network agent assumes before it has
// seen that object), from its selector and the pods.
import type { Pod, Service } from '../../../sandbox/api/objects';
import { endpointsFor, findTargetPort } from '../../../sandbox/lib/endpoint-subsets';

function pod(name: string, opts: { ip?: string; ready?: boolean; labels?: Record<string, string>; ns?: string; phase?: string; deleting?: boolean; ports?: any[] } = {}): Pod {
  return {
    metadata: {
      name, namespace: opts.ns ?? 'default', uid: `uid-${name}`, labels: opts.labels ?? { app: 'echo' },
      ...(opts.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
    },
    spec: { nodeName: 'kubelab-worker', containers: [{ name: 'c', ports: opts.ports ?? [{ name: 'http', containerPort: 8080 }] }] },
    status: {
      phase: opts.phase ?? 'Running',
      ...(opts.ip === undefined ? { podIP: `10.224.4.${name.length + 10}` } : opts.ip ? { podIP: opts.ip } : {}),
      conditions: [{ type: 'Ready', status: opts.ready === false ? 'False' : 'True' }],
    },
  } as Pod;
}

const svc = (spec: any, ns = 'default'): Service => ({ metadata: { name: 'echo', namespace: ns, labels: { tier: 'web' } }, spec });

describe('endpointsFor', () => {
  it('lists ready pods as addresses and unready ones as notReadyAddresses', () => {
    const ep = endpointsFor(svc({ selector: { app: 'echo' }, ports: [{ port: 80, targetPort: 8080 }] }), [
      pod('a', { ip: '10.224.4.3' }),
      pod('b', { ip: '10.224.4.2', ready: false }),
    ])!;
    expect(ep.metadata).toEqual({ name: 'echo', namespace: 'default', labels: { tier: 'web' } });
    expect(ep.subsets).toEqual([
      {
        addresses: [{ ip: '10.224.4.3', nodeName: 'kubelab-worker', targetRef: { kind: 'Pod', namespace: 'default', name: 'a', uid: 'uid-a' } }],
        notReadyAddresses: [{ ip: '10.224.4.2', nodeName: 'kubelab-worker', targetRef: { kind: 'Pod', namespace: 'default', name: 'b', uid: 'uid-b' } }],
        ports: [{ port: 8080, protocol: 'TCP' }],
      },
    ]);
  });

  it('leaves out pods without an IP, finished, terminating, unselected or in another namespace', () => {
    const ep = endpointsFor(svc({ selector: { app: 'echo' }, ports: [{ port: 80 }] }), [
      pod('noip', { ip: '' }),
      pod('done', { phase: 'Succeeded' }),
      pod('failed', { phase: 'Failed' }),
      pod('bye', { deleting: true }),
      pod('other', { labels: { app: 'other' } }),
      pod('elsewhere', { ns: 'kube-system' }),
    ])!;
    expect(ep.subsets).toBeUndefined();
  });

  it('counts unready pods as ready with publishNotReadyAddresses', () => {
    const ep = endpointsFor(svc({ selector: { app: 'echo' }, publishNotReadyAddresses: true, ports: [{ port: 80 }] }), [pod('a', { ready: false, ip: '10.224.4.9' })])!;
    expect(ep.subsets?.[0].addresses?.map((a) => a.ip)).toEqual(['10.224.4.9']);
    expect(ep.subsets?.[0].notReadyAddresses).toBeUndefined();
  });

  it('resolves a named targetPort per pod and skips pods that lack it', () => {
    const service = svc({ selector: { app: 'echo' }, ports: [{ name: 'web', port: 80, targetPort: 'http' }] });
    const ep = endpointsFor(service, [
      pod('a', { ip: '10.224.4.3', ports: [{ name: 'http', containerPort: 8080 }] }),
      pod('b', { ip: '10.224.4.4', ports: [{ name: 'http', containerPort: 9090 }] }),
      pod('c', { ip: '10.224.4.5', ports: [{ name: 'metrics', containerPort: 9100 }] }),
    ])!;
    expect(ep.subsets?.map((s: any) => [s.addresses.map((a: any) => a.ip), s.ports])).toEqual([
      [['10.224.4.3'], [{ name: 'web', port: 8080, protocol: 'TCP' }]],
      [['10.224.4.4'], [{ name: 'web', port: 9090, protocol: 'TCP' }]],
    ]);
  });

  it('leaves Services without a selector (or an empty one), and ExternalName Services, alone', () => {
    expect(endpointsFor(svc({ ports: [{ port: 80 }] }), [pod('a')])).toBeUndefined();
    expect(endpointsFor(svc({ selector: {}, ports: [{ port: 80 }] }), [pod('a')])).toBeUndefined();
    expect(endpointsFor(svc({ type: 'ExternalName', externalName: 'example.com', selector: { app: 'echo' } }), [pod('a')])).toBeUndefined();
  });

  it('uses the service port when no targetPort is given', () => {
    expect(findTargetPort(pod('a'), { port: 80 })).toBe(80);
    expect(findTargetPort(pod('a'), { port: 80, targetPort: '8080' })).toBe(8080);
    expect(findTargetPort(pod('a'), { port: 80, targetPort: 'http', protocol: 'UDP' })).toBeUndefined();
  });
});
