import { FakeClock } from '../../../sandbox/util/fake-clock';

describe('FakeClock', () => {
  it('stands still until advanced, then fires due timers in order at their due time', () => {
    const clock = new FakeClock('2024-01-01T00:00:00Z');
    const fired: string[] = [];
    clock.setTimeout(() => fired.push(`b@${clock.now().toISOString()}`), 2000);
    clock.setTimeout(() => fired.push(`a@${clock.now().toISOString()}`), 1000);
    const cancelled = clock.setTimeout(() => fired.push('never'), 1500);
    cancelled.dispose();
    clock.advance(1999);
    expect(fired).toEqual(['a@2024-01-01T00:00:01.000Z']);
    clock.advance(1);
    expect(fired).toEqual(['a@2024-01-01T00:00:01.000Z', 'b@2024-01-01T00:00:02.000Z']);
    expect(clock.now().toISOString()).toBe('2024-01-01T00:00:02.000Z');
  });

  it('fires timers set by a firing timer when they fall due within the same advance', () => {
    const clock = new FakeClock(0);
    const fired: number[] = [];
    clock.setTimeout(() => {
      fired.push(clock.now().getTime());
      clock.setTimeout(() => fired.push(clock.now().getTime()), 100);
    }, 100);
    clock.advance(250);
    expect(fired).toEqual([100, 200]);
    expect(clock.pending).toBe(0);
  });
});
