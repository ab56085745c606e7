// Live shells outlive their browsers for a while: a shell nobody watches ends after the linger time, a shell that
// exits is replaced by a new one on the next attach, and watching read-only never starts a shell.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalPtyBackend } from '../../../server/terminal/local-pty-backend';
import { NoShellError, TerminalSessions } from '../../../server/terminal/terminal-sessions';
import type { ShellUser } from '../../../server/terminal/shell-backend';
import type { TerminalServerMessage } from '../../../web/protocol';
import { waitFor } from '../../helpers/test-cluster';

let home: string;
let sessions: TerminalSessions;
const user = (): ShellUser => ({ id: 'ann', home, cluster: { id: 'ann', token: 't', caCert: '', host: '127.0.0.1', port: 1 } });

function client() {
  const messages: TerminalServerMessage[] = [];
  return { messages, send: (m: TerminalServerMessage) => messages.push(m), text: () => messages.map((m) => ('d' in m ? m.d : '')).join('') };
}

beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-home-'));
});
afterEach(() => {
  sessions.dispose();
  fs.rmSync(home, { recursive: true, force: true });
});

it('ends a shell nobody watches after the linger time, and not while someone watches', async () => {
  sessions = new TerminalSessions(new LocalPtyBackend({ loopback: true }), { lingerMs: 50 });
  const c = client();
  const a = await sessions.attach(user(), c, { cols: 80, rows: 24 });
  expect(sessions.has('ann')).toBe(true);
  a.dispose();
  await waitFor(() => !sessions.has('ann'), 'the unwatched shell to end');
});

it('starts a new shell after the old one exits', async () => {
  sessions = new TerminalSessions(new LocalPtyBackend({ loopback: true }), { lingerMs: 60_000 });
  const c = client();
  const a = await sessions.attach(user(), c, { cols: 80, rows: 24 });
  a.input('exit\r');
  await waitFor(() => c.messages.some((m) => m.t === 'exit'), 'the exit message');
  const d = client();
  const b = await sessions.attach(user(), d, { cols: 80, rows: 24 });
  const [first, second] = [c, d].map((x) => (x.messages.find((m) => m.t === 'hello') as { shell: string }).shell);
  expect(second).not.toBe(first);
  b.input('echo fresh-shell\r');
  await waitFor(() => d.text().includes('fresh-shell'), 'output of the new shell');
  b.dispose();
});

it('refuses to start a shell for someone who only watches', async () => {
  sessions = new TerminalSessions(new LocalPtyBackend({ loopback: true }));
  await expect(sessions.attach(user(), client(), { cols: 80, rows: 24, readOnly: true })).rejects.toThrow(NoShellError);
  expect(sessions.has('ann')).toBe(false);
});

it('gives each terminal tab its own shell in the same home, and ends one tab when it is closed', async () => {
  sessions = new TerminalSessions(new LocalPtyBackend({ loopback: true }), { lingerMs: 60_000 });
  const [c1, c2] = [client(), client()];
  const a1 = await sessions.attach(user(), c1, { tab: 1, cols: 80, rows: 24 });
  const a2 = await sessions.attach(user(), c2, { tab: 2, cols: 80, rows: 24 });
  const shellOf = (c: ReturnType<typeof client>) => (c.messages.find((m) => m.t === 'hello') as { shell: string }).shell;
  expect(shellOf(c1)).not.toBe(shellOf(c2));
  a1.input('echo from-tab-1 > shared.txt\r');
  await waitFor(() => fs.existsSync(path.join(home, 'shared.txt')), 'the file written in tab 1');
  a2.input('cat shared.txt\r');
  await waitFor(() => c2.text().includes('from-tab-1\r\n'), 'tab 2 reading the same home');
  expect(sessions.tabs('ann')).toEqual([1, 2]);
  a2.close();
  expect(sessions.tabs('ann')).toEqual([1]);
  expect(sessions.has('ann')).toBe(true);
  // Watching read-only a tab that has no shell starts nothing.
  await expect(sessions.attach(user(), client(), { tab: 2, cols: 80, rows: 24, readOnly: true })).rejects.toThrow(NoShellError);
  a1.dispose();
});
