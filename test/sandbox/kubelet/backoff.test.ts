// client-go flowcontrol.Backoff semantics on a fake clock, and Go's duration format in back-off messages.
import { Backoff, goDuration } from '../../../sandbox/kubelet/backoff';
import { FakeClock } from '../../../sandbox/util/fake-clock';

describe('Backoff', () => {
  it('lets the first restart through, then holds each exit back for a doubling delay capped at the maximum', () => {
    const clock = new FakeClock(0);
    const b = new Backoff(clock, 10_000, 300_000);
    const exitAt = () => clock.now().getTime();
    expect(b.isInBackOffSince('c', exitAt())).toBe(false);
    b.next('c', exitAt());
    const delays: number[] = [];
    for (let i = 0; i < 7; i++) {
      const exit = exitAt();
      expect(b.isInBackOffSince('c', exit)).toBe(true);
      delays.push(b.get('c'));
      clock.advance(b.get('c'));
      expect(b.isInBackOffSince('c', exit)).toBe(false);
      b.next('c', exit);
    }
    expect(delays).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
  });

  it('starts over after a quiet spell of twice the maximum', () => {
    const clock = new FakeClock(0);
    const b = new Backoff(clock, 10_000, 300_000);
    b.next('c', 0);
    b.next('c', 0);
    expect(b.get('c')).toBe(20_000);
    clock.advance(700_000);
    b.next('c', clock.now().getTime());
    expect(b.get('c')).toBe(10_000);
  });
});

describe('goDuration', () => {
  it('prints durations as Go does', () => {
    expect([0, 523, 1500, 10_000, 80_000, 300_000, 3_660_000].map(goDuration)).toEqual(['0s', '523ms', '1.5s', '10s', '1m20s', '5m0s', '1h1m0s']);
  });
});
