import { conflict } from '../../../sandbox/api/errors';
import type { Controller } from '../../../sandbox/controllers/controller';
import { ControllerManager } from '../../../sandbox/controllers/controller';
import { res, startHarness } from './harness';

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

  it('reconciles each changed key once per burst of events and resolves idle() afterwards', async () => {
    const { h, manager, calls } = setup(() => undefined);
    h.api.create(res.cm, 'default', { metadata: { name: 'a' }, data: {} });
    h.api.create(res.cm, 'default', { metadata: { name: 'b' }, data: {} });
    h.api.patch(res.cm, 'default', 'a', 'merge', { data: { x: '1' } });
    await manager.idle();
    expect(calls.filter((k) => k.startsWith('default/')).sort()).toEqual(['default/a', 'default/b']);
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
