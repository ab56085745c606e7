// The terminal in the page: xterm.js over the /terminal WebSocket. The shell lives on the server, so a dropped
// connection only means reconnecting (with backoff) and receiving the output missed meanwhile; the state
// (connecting / connected / reconnecting) is shown beside the terminal and kept in data-state for tests and CSS.
// What the shell prints is the learner's to choose, so an instructor's read-only view of it follows no link at all
// (neither a URL in the text nor an OSC 8 hyperlink, whose visible text can hide where it goes); the learner's own
// view opens only http(s) links, after a confirm() that shows the real address. Window titles set by the shell are
// never shown.
// Pasting works as learners expect from other terminals: Ctrl+V / Cmd+V / Ctrl+Shift+V and a right click paste the
// clipboard (bracketed when the shell asks for it), never a literal ^V. Korean is two cells wide (Unicode 11 widths)
// in a font that draws Hangul at exactly that width.
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import { WebLinksAddon } from '@xterm/addon-web-links';
import type { TerminalClientMessage, TerminalServerMessage } from './protocol';
import { word } from './words';

/** What xterm sends on its own when a program asks (cursor position, device attributes, modes, colours). */
const TERMINAL_REPORT = /^(?:\x1b\[[?>]?[\d;]*[Rcn]|\x1b\[\?[\d;]*\$y|\x1bP[\s\S]*?\x1b\\|\x1b\][\s\S]*?(?:\x07|\x1b\\))+$/;

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'exited';

export interface TerminalOptions {
  owner: string;
  readOnly: boolean;
  /** Which of the learner's terminal tabs this is (each its own shell). */
  tab?: number;
  stateEl?: HTMLElement | null;
  /** Told when the state changes (the tab bar shows it too). */
  onState?: (state: ConnectionState) => void;
}

/** What became of a "run in terminal": typed and run, or refused because a full-screen program (vi, less) has the screen. */
export type RunResult = 'ran' | 'fullscreen';

/** Fonts that draw Hangul at exactly two cells, before the Latin-only ones. */
export const TERMINAL_FONTS = '"Noto Sans Mono CJK KR", "D2Coding", "NanumGothicCoding", "Nanum Gothic Coding", "DejaVu Sans Mono", "Noto Sans Mono", Menlo, Consolas, monospace';

/** Opens an http(s) link from the learner's own shell in a new tab, once they confirm its real address. */
function openHttpLink(uri: string): void {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return;
  if (confirm(`${word('openLink')}\n\n${url.href}`)) window.open(url.href, '_blank', 'noopener,noreferrer');
}

export class TerminalClient {
  readonly term: Terminal;
  private readonly fit = new FitAddon();
  private ws?: WebSocket;
  private shell?: string;
  private at?: number;
  private attempt = 0;
  private retryTimer?: number;
  private pending: string[] = [];
  private state: ConnectionState = 'connecting';
  /** Refits the terminal to its box; released with the terminal (a closed tab must not keep observing). */
  private readonly resizes = new ResizeObserver(() => this.refit());
  private disposed = false;
  /** Replays being drawn: answers xterm gives to questions inside a replay are old, and go nowhere. */
  private replaying = 0;

  constructor(
    private readonly el: HTMLElement,
    private readonly opts: TerminalOptions,
  ) {
    this.term = new Terminal({
      // A phone's 390 px still gets 40+ columns.
      fontSize: window.matchMedia('(max-width: 600px)').matches ? 13 : 15,
      lineHeight: 1.15,
      fontFamily: TERMINAL_FONTS,
      cursorBlink: !opts.readOnly,
      disableStdin: opts.readOnly,
      scrollback: 5000,
      // The unicode API (Unicode 11 widths) is still "proposed" in xterm.js.
      allowProposedApi: true,
      theme: { background: '#14161a', foreground: '#e6e6e6', cursor: '#7fd962', selectionBackground: '#3a5a8a' },
      linkHandler: { activate: (_e, uri) => (opts.readOnly ? undefined : openHttpLink(uri)), allowNonHttpProtocols: false },
    });
    this.term.loadAddon(this.fit);
    this.term.loadAddon(new Unicode11Addon());
    this.term.unicode.activeVersion = '11';
    if (!opts.readOnly) this.term.loadAddon(new WebLinksAddon((_e, uri) => openHttpLink(uri)));
    this.term.open(el);
    this.term.textarea?.setAttribute('aria-label', word('terminal'));
    this.term.attachCustomKeyEventHandler((e) => this.onKey(e));
    this.term.onData((d) => this.input(d));
    this.term.onResize(({ cols, rows }) => this.send({ t: 'resize', cols, rows }));
    if (!opts.readOnly) el.addEventListener('contextmenu', (e) => this.onContextMenu(e));
    this.resizes.observe(el);
    this.refit();
    this.connect();
  }

  private onKey(e: KeyboardEvent): boolean {
    // Ctrl+V, Cmd+V and Ctrl+Shift+V paste: left to the browser, whose paste event xterm turns into (bracketed)
    // input. Handled by xterm they would send ^V, which the shell shows as a literal and the learner's text is lost.
    if ((e.ctrlKey || e.metaKey) && !e.altKey && e.code === 'KeyV') return false;
    if (e.type !== 'keydown') return true;
    // Ctrl+Shift+C copies the selection (plain Ctrl+C stays the shell's interrupt).
    if (e.ctrlKey && e.shiftKey && e.code === 'KeyC') {
      const text = this.term.getSelection();
      if (text) void navigator.clipboard?.writeText(text);
      return false;
    }
    // Shift+Tab leaves the terminal, so keyboard users are never trapped in it (Tab completes in the shell).
    if (e.key === 'Tab' && e.shiftKey && !e.ctrlKey && !e.altKey) return false;
    return true;
  }

  /** A right click pastes the clipboard, as in PuTTY and Windows Terminal (the browser's own menu where it cannot). */
  private onContextMenu(e: MouseEvent): void {
    const clipboard = navigator.clipboard;
    if (!clipboard?.readText) return;
    e.preventDefault();
    clipboard.readText().then(
      (text) => {
        if (text) this.paste(text);
      },
      () => this.notice(word('pasteRefused')),
    );
  }

  /** Pastes text as the keyboard would (bracketed when the shell asked for it). */
  paste(text: string): void {
    if (this.opts.readOnly) return;
    this.term.focus();
    this.term.paste(text);
  }

  /** A dim line in the terminal from kubelab itself (not the shell). */
  notice(text: string): void {
    this.term.write(`\r\n\x1b[2m${text}\x1b[0m\r\n`);
  }

  /** Whether a full-screen program (vi, less, top) has the screen: the terminal shows its alternate buffer. */
  get fullscreen(): boolean {
    return this.term.buffer.active.type === 'alternate';
  }

  /** Fits again after the terminal was hidden (another tab or pane was shown). */
  refit(): void {
    if (!this.el.offsetWidth || !this.el.offsetHeight) return;
    try {
      this.fit.fit();
    } catch {
      // not laid out yet
    }
  }

  private setState(state: ConnectionState): void {
    this.state = state;
    this.el.dataset.state = state;
    this.opts.onState?.(state);
    if (this.opts.stateEl) {
      this.opts.stateEl.textContent = state === 'exited' ? word('disconnected') : word(state);
      this.opts.stateEl.dataset.state = state;
    }
  }

  private url(): string {
    const q = new URLSearchParams({ user: this.opts.owner, tab: String(this.opts.tab ?? 1), cols: String(this.term.cols), rows: String(this.term.rows) });
    if (this.shell && this.at !== undefined) {
      q.set('shell', this.shell);
      q.set('since', String(this.at));
    }
    return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/terminal?${q}`;
  }

  connect(): void {
    if (this.disposed) return;
    this.setState(this.attempt ? 'reconnecting' : 'connecting');
    const ws = new WebSocket(this.url());
    this.ws = ws;
    ws.onopen = () => {
      this.attempt = 0;
      this.setState('connected');
      this.send({ t: 'resize', cols: this.term.cols, rows: this.term.rows });
      for (const d of this.pending.splice(0)) this.send({ t: 'input', d });
    };
    ws.onmessage = (e) => this.onMessage(JSON.parse(String(e.data)) as TerminalServerMessage);
    ws.onclose = () => {
      if (this.ws !== ws || this.disposed || this.state === 'exited') return;
      this.attempt++;
      this.setState('reconnecting');
      const delay = Math.min(10_000, 300 * 2 ** Math.min(this.attempt, 6));
      this.retryTimer = window.setTimeout(() => this.connect(), delay);
    };
  }

  private onMessage(m: TerminalServerMessage): void {
    switch (m.t) {
      case 'hello':
        if (this.shell !== m.shell) this.at = undefined;
        this.shell = m.shell;
        break;
      case 'replay':
        if (m.reset) this.term.reset();
        if (m.d) {
          this.replaying++;
          this.term.write(m.d, () => this.replaying--);
        }
        this.at = m.at;
        break;
      case 'output':
        this.term.write(m.d);
        this.at = m.at;
        break;
      case 'exit':
        this.setState('exited');
        this.shell = undefined;
        this.at = undefined;
        this.term.write(`\r\n\x1b[2m${word('shellExited')}\x1b[0m\r\n`);
        this.ws?.close();
        break;
      case 'error': {
        const key = m.code === 'noShell' ? 'terminalNoShell' : 'terminalFailed';
        this.term.write(`\r\n\x1b[31m${word(key)}\x1b[0m\r\n`);
        break;
      }
    }
  }

  private send(m: TerminalClientMessage): boolean {
    if (this.ws?.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(m));
    return true;
  }

  private input(d: string): void {
    if (this.opts.readOnly) return;
    if (this.replaying && TERMINAL_REPORT.test(d)) return;
    document.dispatchEvent(new CustomEvent('kubelab:activity'));
    if (this.state === 'exited') {
      if (d.includes('\r')) {
        this.term.reset();
        this.connect();
      }
      return;
    }
    if (!this.send({ t: 'input', d }) && this.pending.join('').length < 8192) this.pending.push(d);
  }

  /**
   * Types a command into the shell and runs it (the lessons' "run in terminal" buttons) — never into a full-screen
   * program, where the keys would become editor commands or text in a file.
   */
  run(command: string): RunResult {
    this.term.focus();
    if (this.fullscreen) return 'fullscreen';
    this.input(command.replace(/\r?\n/g, '\r') + '\r');
    return 'ran';
  }

  /** Ends this tab's shell for good (the tab was closed). */
  close(): void {
    this.send({ t: 'close' });
    this.dispose();
  }

  dispose(): void {
    this.disposed = true;
    this.resizes.disconnect();
    window.clearTimeout(this.retryTimer);
    this.ws?.close();
    this.term.dispose();
  }
}
