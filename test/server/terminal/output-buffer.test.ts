// The replay buffer of a shell: a reconnecting client gets exactly what it missed, or everything (with a reset)
// when what it missed has been dropped.
import { OutputBuffer } from '../../../server/terminal/output-buffer';

it('replays exactly what a client at an offset missed', () => {
  const b = new OutputBuffer(1000);
  b.append('hello ');
  const at = b.end;
  b.append('world');
  expect(b.since(at)).toEqual({ data: 'world', reset: false });
  expect(b.since(b.end)).toEqual({ data: '', reset: false });
  expect(b.since(undefined)).toEqual({ data: 'hello world', reset: true });
});

it('drops the oldest output past its limit and makes a client that fell behind start over', () => {
  const b = new OutputBuffer(10);
  b.append('aaaaa');
  b.append('bbbbb');
  b.append('ccccc');
  expect(b.since(0)).toEqual({ data: 'bbbbbccccc', reset: true });
  expect(b.since(7)).toEqual({ data: 'bbbccccc', reset: false });
  expect(b.since(999)).toEqual({ data: 'bbbbbccccc', reset: true });
});
