// The scheduler running against an in-process cluster: binding with the Scheduled event, and for a pod that fits
// nowhere the PodScheduled condition and FailedScheduling event, retried when the cluster changes.
import { startAgents, res, type AgentsHarness } from '../kubelet/agents-harness';

const cpu = (c: string) => ({ containers: [{ name: 'app', image: 'gihyodocker/nginx:latest', resources: { requests: { cpu: c } } }] });
const scheduled = (h: AgentsHarness, name: string) => h.pod(name).status!.conditions?.find((c: any) => c.type === 'PodScheduled');

describe('the scheduler', () => {
  let h: AgentsHarness;
  beforeEach(async () => {
    h = startAgents();
    await h.settle();
  });
  afterEach(() => h.dispose());

  it('binds a pending pod to a worker with PodScheduled True and a Scheduled event', async () => {
    h.createPod('web', { containers: [{ name: 'app', image: 'gihyodocker/nginx:latest' }] });
    await h.settle();
    expect(h.pod('web').spec!.nodeName).toBe('kubelab-worker');
    expect(scheduled(h, 'web')).toMatchObject({ status: 'True' });
    expect(h.events('web')[0]).toMatchObject({ type: 'Normal', reason: 'Scheduled', message: 'Successfully assigned default/web to kubelab-worker', source: { component: 'default-scheduler' } });
  });

  it('leaves pods for another scheduler alone', async () => {
    h.createPod('other', { schedulerName: 'my-scheduler', containers: [{ name: 'app', image: 'gihyodocker/nginx:latest' }] });
    await h.settle();
    expect(h.pod('other').spec!.nodeName).toBeUndefined();
    expect(h.events('other')).toEqual([]);
  });

  it('marks a pod that fits nowhere Unschedulable and schedules it once a node gets the label it wants', async () => {
    h.createPod('ssd', { nodeSelector: { disktype: 'ssd' }, containers: [{ name: 'app', image: 'gihyodocker/nginx:latest' }] });
    await h.settle();
    const message =
      "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.";
    expect(scheduled(h, 'ssd')).toMatchObject({ status: 'False', reason: 'Unschedulable', message });
    expect(h.events('ssd')).toEqual([expect.objectContaining({ type: 'Warning', reason: 'FailedScheduling', message })]);
    const node = h.api.get(res.node, undefined, 'kubelab-worker2');
    h.api.update(res.node, undefined, 'kubelab-worker2', { ...node, metadata: { ...node.metadata, labels: { ...node.metadata.labels, disktype: 'ssd' } } });
    await h.advance(1000);
    expect(h.pod('ssd').spec!.nodeName).toBe('kubelab-worker2');
    expect(h.pod('ssd').status!.phase).toBe('Running');
  });

  it('schedules a pod that did not fit once another pod leaves and frees cpu', async () => {
    h.createPod('a', cpu('1500m'));
    h.createPod('b', cpu('1500m'));
    h.createPod('c', cpu('1'));
    await h.settle();
    expect(h.pod('c').spec!.nodeName).toBeUndefined();
    expect(scheduled(h, 'c')!.message).toMatch(/2 Insufficient cpu\. preemption: 0\/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod\.$/);
    h.api.delete(res.pod, 'default', 'a');
    await h.settle();
    await h.advance(1000);
    expect(h.pod('c').spec!.nodeName).toBe('kubelab-worker');
  });

  it('places the pending pod of higher priority first when both wait for the same room', async () => {
    // Created low first; both wait for a node labelled tier=gold, where only one of them fits.
    h.createPod('low', { ...cpu('1500m'), nodeSelector: { tier: 'gold' }, priority: 10 });
    h.createPod('high', { ...cpu('1500m'), nodeSelector: { tier: 'gold' }, priority: 1000 });
    await h.settle();
    await h.advance(10_000); // both back-offs are over: the label below re-queues them together
    const node = h.api.get(res.node, undefined, 'kubelab-worker');
    h.api.update(res.node, undefined, 'kubelab-worker', { ...node, metadata: { ...node.metadata, labels: { ...node.metadata.labels, tier: 'gold' } } });
    await h.settle();
    expect(h.pod('high').spec!.nodeName).toBe('kubelab-worker');
    expect(h.pod('low').spec!.nodeName).toBeUndefined();
    expect(scheduled(h, 'low')!.message).toMatch(/Insufficient cpu/);
  });

  it('retries an unschedulable pod after five minutes even when nothing changed', async () => {
    h.createPod('ssd', { nodeSelector: { disktype: 'ssd' }, containers: [{ name: 'app', image: 'gihyodocker/nginx:latest' }] });
    await h.settle();
    await h.advance(5 * 60_000);
    expect(h.events('ssd')[0].count).toBe(2);
  });

  it('keeps a pod with scheduling gates Pending with SchedulingGated', async () => {
    h.createPod('gated', { schedulingGates: [{ name: 'example.com/wait' }], containers: [{ name: 'app', image: 'gihyodocker/nginx:latest' }] });
    await h.settle();
    expect(scheduled(h, 'gated')).toMatchObject({ status: 'False', reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates' });
  });
});
