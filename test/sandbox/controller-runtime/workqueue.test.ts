import { WorkQueue } from '../../../sandbox/controller-runtime/workqueue';
import { FakeClock } from '../../../sandbox/util/fake-clock';

describe('WorkQueue', () => {
  it('does not queue a key that is already waiting', () => {
    const q = new WorkQueue(new FakeClock());
    q.add('a');
    q.add('a');
    q.add('b');
    expect(q.length).toBe(2);
  });

  it('does not hand out a key being processed, and re-queues it on done() when it was added meanwhile', () => {
    const q = new WorkQueue(new FakeClock());
    q.add('a');
    expect(q.get()).toBe('a');
    q.add('a');
    expect(q.get()).toBeUndefined();
    q.done('a');
    expect(q.get()).toBe('a');
    q.done('a');
    expect(q.get()).toBeUndefined();
  });

  it('hands out the key that sorts first under an order, oldest first among equals', () => {
    const rank: Record<string, number> = { low: 1, high: 9, mid1: 5, mid2: 5 };
    const q = new WorkQueue(new FakeClock(), undefined, (a, b) => rank[b] - rank[a]);
    for (const k of ['low', 'mid1', 'high', 'mid2']) q.add(k);
    expect([q.get(), q.get(), q.get(), q.get()]).toEqual(['high', 'mid1', 'mid2', 'low']);
  });

  it('adds a key after a delay of clock time, and the earlier of two delays wins', () => {
    const clock = new FakeClock();
    const q = new WorkQueue(clock);
    q.addAfter('a', 1000);
    q.addAfter('a', 500);
    clock.advance(499);
    expect(q.length).toBe(0);
    clock.advance(1);
    expect(q.get()).toBe('a');
    q.done('a');
    clock.advance(1000);
    expect(q.length).toBe(0);
  });

  it('backs off exponentially from 5ms and forget() resets the back-off', () => {
    const clock = new FakeClock();
    const q = new WorkQueue(clock);
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      const start = clock.now().getTime();
      q.addRateLimited('a');
      while (!q.length) clock.advance(1);
      delays.push(clock.now().getTime() - start);
      q.done(q.get()!);
    }
    expect(delays).toEqual([5, 10, 20, 40]);
    q.forget('a');
    q.addRateLimited('a');
    clock.advance(5);
    expect(q.length).toBe(1);
  });

  it('tells its owner when a key becomes available', () => {
    const clock = new FakeClock();
    let ready = 0;
    const q = new WorkQueue(clock, () => ready++);
    q.add('a');
    q.addAfter('b', 10);
    expect(ready).toBe(1);
    clock.advance(10);
    expect(ready).toBe(2);
  });

  it('ignores adds after shutDown', () => {
    const q = new WorkQueue(new FakeClock());
    q.shutDown();
    q.add('a');
    expect(q.length).toBe(0);
  });
});
