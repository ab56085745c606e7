import { recordEvent } from '../../../sandbox/controller-runtime/events';
import { res, startHarness } from '../controllers/harness';

describe('recordEvent', () => {
  it('names events <object>.<hex> and folds repeats into a count', () => {
    const h = startHarness();
    try {
      const cm = h.api.create(res.cm, 'default', { metadata: { name: 'web' }, data: {} });
      const source = { component: 'kubelet', host: 'kubelab-worker' };
      recordEvent(h.api, cm, 'Warning', 'BackOff', 'Back-off restarting failed container', source, 'spec.containers{app}');
      h.clock.advance(30_000);
      recordEvent(h.api, cm, 'Warning', 'BackOff', 'Back-off restarting failed container', source, 'spec.containers{app}');
      recordEvent(h.api, cm, 'Normal', 'Pulled', 'Container image "nginx" already present on machine', source, 'spec.containers{app}');
      const events = h.api.list(res.event, 'default').items.filter((e) => e.involvedObject.name === 'web');
      expect(events).toHaveLength(2);
      const backoff = events.find((e) => e.reason === 'BackOff')!;
      expect(backoff.metadata.name).toMatch(/^web\.[0-9a-f]+$/);
      expect(backoff).toMatchObject({
        type: 'Warning',
        count: 2,
        firstTimestamp: '2024-05-01T10:00:00Z',
        lastTimestamp: '2024-05-01T10:00:30Z',
        source,
        involvedObject: { kind: 'ConfigMap', namespace: 'default', name: 'web', uid: cm.metadata.uid, apiVersion: 'v1', fieldPath: 'spec.containers{app}' },
      });
      h.clock.advance(11 * 60_000);
      recordEvent(h.api, cm, 'Warning', 'BackOff', 'Back-off restarting failed container', source, 'spec.containers{app}');
      expect(h.api.list(res.event, 'default').items.filter((e) => e.reason === 'BackOff')).toHaveLength(2);
    } finally {
      h.dispose();
    }
  });

  it('puts events about cluster-scoped objects in the default namespace', () => {
    const h = startHarness();
    try {
      const node = h.api.get(res.ns, undefined, 'kube-public');
      recordEvent(h.api, node, 'Normal', 'Test', 'hello', { component: 'test' });
      const [ev] = h.api.list(res.event, 'default').items.filter((e) => e.reason === 'Test');
      expect(ev.involvedObject.namespace).toBeUndefined();
      expect(ev.involvedObject.name).toBe('kube-public');
    } finally {
      h.dispose();
    }
  });
});
