// The terminal WebSocket as the browser opens it, for tests: everything the shell printed so far, and typing into it.
import WebSocket from 'ws';
import type { TerminalServerMessage } from '../../web/protocol';
import type { WebClient } from './app-harness';

export interface ShellSocket {
  screen(): string;
  /** Whether the server said the shell ended. */
  exited(): boolean;
  type(s: string): void;
  close(): void;
}

/** Opens the signed-in client's shell (at this terminal size, as the browser's xterm asks, when given). */
export function openShell(app: { url: string }, c: WebClient, size?: { cols: number; rows: number }): Promise<ShellSocket> {
  return new Promise((resolve, reject) => {
    const query = size ? `?cols=${size.cols}&rows=${size.rows}` : '';
    const ws = new WebSocket(`${app.url.replace('http:', 'ws:')}/terminal${query}`, { headers: { origin: app.url, cookie: c.cookieHeader() } });
    let text = '';
    let exited = false;
    ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as TerminalServerMessage;
      if (m.t === 'output' || m.t === 'replay') text += m.d;
      if (m.t === 'exit') exited = true;
    });
    ws.on('unexpected-response', (_req, res) => reject(new Error(`terminal refused: ${res.statusCode}`)));
    ws.on('error', reject);
    ws.on('open', () => resolve({ screen: () => text, exited: () => exited, type: (s) => ws.send(JSON.stringify({ t: 'input', d: s })), close: () => ws.close() }));
  });
}

