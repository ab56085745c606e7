// A replayed screen carries no questions for the terminal, so a reloaded page answers nothing into the shell.
import { withoutTerminalQueries } from '../../../server/terminal/replay-filter';

describe('withoutTerminalQueries', () => {
  it('drops the cursor-position question busybox ash asks at every prompt', () => {
    const prompt = '\x1b[1;32mlearner\x1b[0m:\x1b[1;34m~\x1b[0m$ \x1b[6n';
    expect(withoutTerminalQueries(`${prompt}kubectl get pods -w\r\nNAME   READY\r\n`)).toBe('\x1b[1;32mlearner\x1b[0m:\x1b[1;34m~\x1b[0m$ kubectl get pods -w\r\nNAME   READY\r\n');
  });

  it('drops device attribute, status, mode, version, window and colour queries', () => {
    const queries = ['\x1b[5n', '\x1b[?6n', '\x1b[c', '\x1b[0c', '\x1b[>c', '\x1b[>0c', '\x1b[?2004$p', '\x1b[>q', '\x1b[18t', '\x1bP$qm\x1b\\', '\x1b]11;?\x07', '\x1b]4;1;?\x1b\\'];
    expect(withoutTerminalQueries(`a${queries.join('b')}c`)).toBe(`a${'b'.repeat(queries.length - 1)}c`);
  });

  it('keeps what draws the screen: colours, cursor moves, clears, titles', () => {
    const drawing = '\x1b[31mred\x1b[0m\x1b[5A\x1b[2J\x1b[H\x1b[?25l\x1b]0;title\x07\x1b[8;24;80t';
    expect(withoutTerminalQueries(drawing)).toBe(drawing);
  });
});
