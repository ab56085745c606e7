// The terminal's WebSocket at /terminal: checks the session cookie, the page's origin and that the learner owns
// the shell (instructors may watch read-only) before upgrading, then relays keystrokes, resizes and output. `tab`
// picks one of the learner's terminal tabs (each its own shell). Errors go to the browser as codes it words in the
// page's language.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { TerminalClientMessage, TerminalServerMessage } from '../../web/protocol';
import { accessTo, type RequestAuth } from '../auth/request-auth';
import { sameOrigin, refuseUpgrade } from '../http/upgrade';
import type { ShellUser } from './shell-backend';
import { NoShellError, parseTab, type Attachment, type TerminalSessions } from './terminal-sessions';

export const TERMINAL_PATH = '/terminal';

export interface TerminalSocketDeps {
  auth: RequestAuth;
  /** Undefined when no shell backend can run here (then upgrades get 503). */
  sessions?: TerminalSessions;
  shellUser(userId: string): ShellUser;
  log?: (msg: string) => void;
}

/** A size from the client, within bounds; missing or not a number (`null` from an absent query) gives the fallback. */
function clamp(n: unknown, min: number, max: number, fallback: number): number {
  if (n === null || n === undefined || n === '') return fallback;
  const v = Math.floor(Number(n));
  return Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : fallback;
}

function parseMessage(raw: string): TerminalClientMessage | undefined {
  try {
    const m = JSON.parse(raw);
    if (m?.t === 'input' && typeof m.d === 'string') return m;
    if (m?.t === 'close') return { t: 'close' };
    if (m?.t === 'resize') return { t: 'resize', cols: clamp(m.cols, 2, 500, 80), rows: clamp(m.rows, 2, 200, 24) };
  } catch {
    // ignore garbage
  }
  return undefined;
}

export class TerminalSocket {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  private readonly pinger: NodeJS.Timeout;

  constructor(private readonly deps: TerminalSocketDeps) {
    // Pings keep proxies from closing a quiet terminal and reveal sockets that died without a close.
    this.pinger = setInterval(() => {
      for (const ws of this.wss.clients) {
        if ((ws as any).kubelabAlive === false) ws.terminate();
        else {
          (ws as any).kubelabAlive = false;
          ws.ping();
        }
      }
    }, 30_000);
    this.pinger.unref();
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!sameOrigin(req)) return refuseUpgrade(socket, 403, 'cross-origin terminal connection refused');
    const { user } = this.deps.auth.identify(req);
    if (!user) return refuseUpgrade(socket, 401, 'sign in first');
    const ownerId = url.searchParams.get('user') || user.id;
    const access = accessTo(user, ownerId);
    if (!access) return refuseUpgrade(socket, 403, 'this terminal belongs to someone else');
    if (!this.deps.auth.users.byId(ownerId)) return refuseUpgrade(socket, 404, 'no such learner');
    const sessions = this.deps.sessions;
    const availability = sessions?.backend.availability();
    if (!sessions || !availability?.ok) return refuseUpgrade(socket, 503, 'no terminal is available on this server');
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      void this.serve(ws, sessions, ownerId, {
        tab: parseTab(url.searchParams.get('tab')) ?? 1,
        cols: clamp(url.searchParams.get('cols'), 2, 500, 80),
        rows: clamp(url.searchParams.get('rows'), 2, 200, 24),
        shell: url.searchParams.get('shell') ?? undefined,
        since: url.searchParams.has('since') ? Number(url.searchParams.get('since')) : undefined,
        readOnly: access === 'instructor',
      });
    });
  }

  private async serve(
    ws: WebSocket,
    sessions: TerminalSessions,
    ownerId: string,
    o: { tab: number; cols: number; rows: number; shell?: string; since?: number; readOnly: boolean },
  ): Promise<void> {
    (ws as any).kubelabAlive = true;
    ws.on('pong', () => ((ws as any).kubelabAlive = true));
    const send = (m: TerminalServerMessage) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(m));
    };
    // Messages that arrive while the shell is starting are kept, not lost.
    const early: string[] = [];
    let attachment: Attachment | undefined;
    let closed = false;
    const onMessage = (raw: string) => {
      const m = parseMessage(raw);
      if (!m || !attachment) return;
      if (m.t === 'input') attachment.input(m.d);
      else if (m.t === 'close') attachment.close();
      else attachment.resize(m.cols, m.rows);
    };
    ws.on('message', (data) => {
      const raw = data.toString();
      if (attachment) onMessage(raw);
      else early.push(raw);
    });
    ws.on('close', () => {
      closed = true;
      attachment?.dispose();
    });
    try {
      // Watching never starts anything: no shell (and no cluster) is created for an instructor's look.
      if (o.readOnly && !sessions.has(ownerId, o.tab)) throw new NoShellError(ownerId);
      attachment = await sessions.attach(this.deps.shellUser(ownerId), { send }, o);
    } catch (e) {
      if (e instanceof NoShellError) {
        send({ t: 'error', code: 'noShell', message: 'This learner has no shell open right now.' });
        ws.close(1000, 'no shell');
        return;
      }
      this.deps.log?.(`terminal for ${ownerId} failed to start: ${e instanceof Error ? e.message : e}`);
      send({ t: 'error', code: 'shellFailed', message: 'The shell could not be started.' });
      ws.close(1011, 'shell failed');
      return;
    }
    if (closed) attachment.dispose();
    else for (const raw of early.splice(0)) onMessage(raw);
  }

  dispose(): void {
    clearInterval(this.pinger);
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }
}
