import type { KubeObject } from '../../../../sandbox/api/types';
import { tableFor } from '../../../../sandbox/apiserver/kinds/strategy';

const NOW = new Date('2024-05-01T12:00:00Z');
const cells = (kind: string, obj: KubeObject) => tableFor(kind, [obj], NOW).rows[0].cells;

function node(labels: Record<string, string>, extra: { unschedulable?: boolean; ready?: string } = {}): KubeObject {
  return {
    metadata: { name: 'node-1', labels, creationTimestamp: '2024-04-29T09:00:00Z' },
    spec: extra.unschedulable ? { unschedulable: true } : {},
    status: {
      conditions: extra.ready ? [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: extra.ready }] : [],
      addresses: [{ type: 'InternalIP', address: '172.18.0.2' }, { type: 'Hostname', address: 'node-1' }],
      nodeInfo: { kubeletVersion: 'v1.31.0', osImage: 'Debian GNU/Linux 12 (bookworm)', kernelVersion: '6.1.0', containerRuntimeVersion: 'containerd://1.7.0' },
    },
  };
}

describe('Node table', () => {
  it('shows a ready control-plane node with its version and wide details', () => {
    expect(cells('Node', node({ 'node-role.kubernetes.io/control-plane': '' }, { ready: 'True' }))).toEqual([
      'node-1', 'Ready', 'control-plane', '2d3h', 'v1.31.0', '172.18.0.2', '<none>', 'Debian GNU/Linux 12 (bookworm)', '6.1.0', 'containerd://1.7.0',
    ]);
  });

  it('shows <none> without role labels, and sorted roles from both label styles', () => {
    expect(cells('Node', node({ 'kubernetes.io/hostname': 'node-1' }, { ready: 'True' }))[2]).toBe('<none>');
    expect(cells('Node', node({ 'node-role.kubernetes.io/worker': '', 'kubernetes.io/role': 'edge', 'node-role.kubernetes.io/': '' }))[2]).toBe('edge,worker');
  });

  it('shows NotReady, Unknown and SchedulingDisabled', () => {
    expect(cells('Node', node({}, { ready: 'True', unschedulable: true }))[1]).toBe('Ready,SchedulingDisabled');
    expect(cells('Node', node({}, { ready: 'False' }))[1]).toBe('NotReady');
    expect(cells('Node', node({}))[1]).toBe('Unknown');
  });
});

describe('Namespace and Event tables', () => {
  it('shows the namespace phase', () => {
    expect(cells('Namespace', { metadata: { name: 'dev', creationTimestamp: '2024-05-01T11:59:30Z' }, status: { phase: 'Active' } })).toEqual(['dev', 'Active', '30s']);
  });

  it('shows an event as kubectl get events prints it', () => {
    const ev = {
      metadata: { name: 'web.17a', namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'web', fieldPath: 'spec.containers{app}' },
      reason: 'BackOff',
      message: 'Back-off restarting failed container\n',
      type: 'Warning',
      source: { component: 'kubelet', host: 'node-1' },
      firstTimestamp: '2024-05-01T11:50:00Z',
      lastTimestamp: '2024-05-01T11:58:00Z',
      count: 7,
    };
    expect(cells('Event', ev)).toEqual([
      '2m', 'Warning', 'BackOff', 'pod/web', 'spec.containers{app}', 'kubelet, node-1', 'Back-off restarting failed container', '10m', 7, 'web.17a',
    ]);
  });

  it('falls back to eventTime and a count of one for new-style events', () => {
    const ev = { metadata: { name: 'e' }, involvedObject: { kind: 'Node' }, eventTime: '2024-05-01T11:59:55.000000Z', reportingComponent: 'scheduler' };
    const c = cells('Event', ev);
    expect([c[0], c[3], c[5], c[7], c[8]]).toEqual(['5s', 'node', 'scheduler', '5s', 1]);
  });
});
