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
