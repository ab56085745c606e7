import { conflict } from '../../../sandbox/api/errors';
import type { Controller } from '../../../sandbox/controller-runtime/controller';
import { ControllerManager } from '../../../sandbox/controller-runtime/controller';
import { res, startHarness } from '../controllers/harness';

describe('ControllerManager', () => {
  function setup(reconcile: Controller['reconcile']) {
    const h = startHarness();
    const logs: string[] = [];
    const manager = new ControllerManager(h.api, h.clock, (m) => logs.push(m));
    const calls: string[] = [];
    manager.add({
      name: 'test',
      watches: [{ res: res.cm, toKeys: (e) => [`${e.object.metadata.namespace}/${e.object.metadata.name}`] }],
      reconcile: (key) => {
        calls.push(key);
        return reconcile(key);
      },
    });
    manager.start();
    return { h, manager, calls, logs };
  }

  it('runs up to `workers` keys side by side, never the same key twice at once', async () => {
    const h = startHarness();
    const manager = new ControllerManager(h.api, h.clock);
    const inFlight = new Set<string>();
    let most = 0;
    let overlapped = false;
    const releases: (() => void)[] = [];
    manager.add({
      name: 'parallel',
      workers: 3,
      watches: [{ res: res.cm, toKeys: (e) => [String(e.object.metadata.name)] }],
      reconcile: async (key) => {
        if (inFlight.has(key)) overlapped = true;
        inFlight.add(key);
        most = Math.max(most, inFlight.size);
        await new Promise<void>((resolve) => releases.push(resolve));
        inFlight.delete(key);
      },
    });
    manager.start();
    for (const name of ['a', 'b', 'c', 'd', 'e']) h.api.create(res.cm, 'default', { metadata: { name }, data: {} });
    h.api.patch(res.cm, 'default', 'a', 'merge', { data: { x: '1' } });
    const idle = manager.idle();
    const turn = () => new Promise((r) => setImmediate(r));
    // Hold the first ones until three run together (a fourth must not start), then let everything through.
    for (let i = 0; i < 100 && inFlight.size < 3; i++) await turn();
    for (let i = 0; i < 5; i++) await turn();
    expect(inFlight.size).toBe(3);
    while (releases.length || inFlight.size || manager.queueOf('parallel')!.length) {
      releases.splice(0).forEach((r) => r());
      await turn();
    }
    await idle;
    expect(most).toBe(3);
    expect(overlapped).toBe(false);
    manager.dispose();
    h.dispose();
  });

  it('reconciles each changed key once per burst of events and resolves idle() afterwards', async () => {
    const { h, manager, calls } = setup(() => undefined);
    h.api.create(res.cm, 'default', { metadata: { name: 'a' }, data: {} });
    h.api.create(res.cm, 'default', { metadata: { name: 'b' }, data: {} });
    h.api.patch(res.cm, 'default', 'a', 'merge', { data: { x: '1' } });
    await manager.idle();
    // The root CA publisher's kube-root-ca.crt, made in every namespace, is a change of its own.
    expect(calls.filter((k) => k.startsWith('default/') && k !== 'default/kube-root-ca.crt').sort()).toEqual(['default/a', 'default/b']);
    manager.dispose();
    h.dispose();
  });

  it('retries a failing key with back-off, logging the error, and requeues after the asked delay', async () => {
    let failures = 1;
    const { h, manager, calls, logs } = setup((key) => {
      if (key !== 'default/a') return;
      if (failures-- > 0) throw new Error('boom');
      return { requeueAfterMs: 60_000 };
    });
    h.api.create(res.cm, 'default', { metadata: { name: 'a' }, data: {} });
    await manager.idle();
    expect(logs).toEqual(['test: error syncing "default/a": boom; requeuing']);
    h.clock.advance(5);
    await manager.idle();
    expect(calls.filter((k) => k === 'default/a')).toHaveLength(2);
    h.clock.advance(60_000);
    await manager.idle();
    expect(calls.filter((k) => k === 'default/a')).toHaveLength(3);
    manager.dispose();
    h.dispose();
  });

  it('requeues at once on a Conflict without logging', async () => {
    let conflicts = 2;
    const { h, manager, calls, logs } = setup((key) => {
      if (key === 'default/a' && conflicts-- > 0) throw conflict('', 'configmaps', 'a', 'the object has been modified');
    });
    h.api.create(res.cm, 'default', { metadata: { name: 'a' }, data: {} });
    await manager.idle();
    expect(calls.filter((k) => k === 'default/a')).toHaveLength(3);
    expect(logs).toEqual([]);
    manager.dispose();
    h.dispose();
  });
});
