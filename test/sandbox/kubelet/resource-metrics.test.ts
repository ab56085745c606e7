// The metrics reader asks the runtime for container stats only while someone reads metrics (kubectl top, an HPA),
// so a class of idle clusters costs the shared Docker engine no stats calls. The runtime here is a stand-in that
// counts calls and reports a steady 100m of CPU: the engine's own stats are read in test/e2e-docker/autoscale.test.ts.
import type { Pod } from '../../../sandbox/api/objects';
import { ResourceMetrics } from '../../../sandbox/kubelet/resource-metrics';
import type { ContainerRuntime, ContainerUsage } from '../../../sandbox/runtime/container-runtime';
import { markPodsReady, res, startHarness, type Harness } from '../controllers/harness';

const RESOLUTION_MS = 1000;

describe('the metrics reader', () => {
  let h: Harness;
  let calls: number;
  let metrics: ResourceMetrics;

  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    h = startHarness();
    calls = 0;
    const runtime = {
      containerStats: async (pod: Pod): Promise<ContainerUsage[]> => {
        calls++;
        const at = h.clock.now().getTime();
        // 100m: a tenth of a second of CPU per second.
        return (pod.spec?.containers ?? []).map((c) => ({ name: c.name, at, cpuUsageNanoseconds: at * 100_000, memoryWorkingSetBytes: 8 << 20 }));
      },
    } as unknown as ContainerRuntime;
    h.api.create(res.pod, 'default', { metadata: { name: 'busy' }, spec: { nodeName: 'kubelab-worker', containers: [{ name: 'c', image: 'busybox' }] } });
    markPodsReady(h.api, h.clock);
    metrics = new ResourceMetrics(h.api, h.clock, runtime, RESOLUTION_MS);
    metrics.start();
  });

  afterEach(() => {
    metrics.dispose();
    h.dispose();
    jest.useRealTimers();
  });

  /** Lets `periods` resolution periods pass on both clocks, and the scrapes they start finish. */
  async function pass(periods: number): Promise<void> {
    for (let i = 0; i < periods; i++) {
      h.clock.advance(RESOLUTION_MS);
      jest.advanceTimersByTime(RESOLUTION_MS);
      for (let j = 0; j < 5; j++) await new Promise((r) => setImmediate(r));
    }
  }

  it('makes no stats calls while nobody reads metrics', async () => {
    await pass(10);
    expect(calls).toBe(0);
  });

  it('starts reading at the first request and has a rate two readings later', async () => {
    expect(metrics.pods('default')).toEqual([]);
    await pass(2);
    expect(calls).toBeGreaterThanOrEqual(2);
    const [sample] = metrics.pods('default');
    expect(sample?.name).toBe('busy');
    expect(Math.round(sample!.containers[0].cpuNanoCores / 1e6)).toBe(100);
  });

  it('stops ten minutes after the last request, and starts afresh without old readings', async () => {
    metrics.pods();
    await pass(3);
    expect(metrics.pods('default')).toHaveLength(1);
    await pass(11 * 60);
    const before = calls;
    await pass(10);
    expect(calls).toBe(before);
    // The old sample is not served as if current; the request starts the readings again. (This harness has no
    // kubelets, so its nodes went NotReady meanwhile and `busy` was evicted: a new pod is running now.)
    h.api.create(res.pod, 'default', { metadata: { name: 'busy-again' }, spec: { nodeName: 'kubelab-worker', containers: [{ name: 'c', image: 'busybox' }] } });
    markPodsReady(h.api, h.clock);
    expect(metrics.pods('default')).toEqual([]);
    await pass(2);
    expect(calls).toBeGreaterThan(before);
  });
});
