// Terminal tabs: several shells side by side in one panel, as lessons ask for "another terminal" (a watch in one,
// commands in the other). Each tab is its own TerminalClient and shell on the server; all share the learner's
// home. The tabs open when the page loads are the ones whose shells the server still keeps (it renders their
// [data-terminal] elements), so a reload brings them all back. The panel's state line follows the tab in front.
import { TerminalClient, type ConnectionState } from './terminal-client';
import { word } from './words';

export interface TerminalTabsOptions {
  owner: string;
  readOnly: boolean;
  maxTabs: number;
  stateEl?: HTMLElement | null;
}

interface Tab {
  n: number;
  el: HTMLElement;
  button: HTMLButtonElement;
  item: HTMLElement;
  client: TerminalClient;
  state: ConnectionState;
}

export class TerminalTabs {
  private readonly tabs = new Map<number, Tab>();
  private current = 0;
  private readonly newButton?: HTMLButtonElement;

  constructor(
    private readonly bar: HTMLElement,
    private readonly stack: HTMLElement,
    private readonly opts: TerminalTabsOptions,
  ) {
    if (!opts.readOnly) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'tab-new';
      b.dataset.newTab = '';
      b.textContent = '+';
      b.title = word('newTab');
      b.setAttribute('aria-label', word('newTab'));
      b.addEventListener('click', () => this.openNew());
      bar.append(b);
      this.newButton = b;
    }
    // The server rendered an element for each tab with a live shell (tab 1 when none).
    const rendered = [...stack.querySelectorAll<HTMLElement>('[data-terminal][data-tab]')].map((el) => Number(el.dataset.tab)).filter((n) => n > 0);
    const first = rendered.length ? rendered : [1];
    for (const n of first) this.open(n);
    this.select(first[0]);
  }

  /** The client of the tab in front. */
  get active(): TerminalClient | undefined {
    return this.tabs.get(this.current)?.client;
  }

  get count(): number {
    return this.tabs.size;
  }

  /** Opens the lowest free tab and brings it to the front; undefined when all are open. */
  openNew(): TerminalClient | undefined {
    for (let n = 1; n <= this.opts.maxTabs; n++) {
      if (this.tabs.has(n)) continue;
      this.open(n);
      this.select(n);
      this.tabs.get(n)!.client.term.focus();
      return this.tabs.get(n)!.client;
    }
    return undefined;
  }

  private open(n: number): void {
    let el = this.stack.querySelector<HTMLElement>(`[data-terminal][data-tab="${n}"]`);
    if (!el) {
      el = document.createElement('div');
      el.className = 'terminal';
      el.dataset.terminal = '';
      el.dataset.tab = String(n);
      el.setAttribute('role', 'tabpanel');
      el.id = `terminal-tab-${n}`;
      this.stack.append(el);
    }
    el.setAttribute('aria-label', `${word('terminal')} ${n}`);

    const item = document.createElement('span');
    item.className = 'tab-item';
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'tab';
    button.setAttribute('role', 'tab');
    button.setAttribute('aria-controls', el.id);
    button.dataset.tabButton = String(n);
    button.textContent = `${word('terminal')} ${n}`;
    button.addEventListener('click', () => this.select(n));
    item.append(button);
    if (!this.opts.readOnly) {
      const close = document.createElement('button');
      close.type = 'button';
      close.className = 'tab-close';
      close.dataset.closeTab = String(n);
      close.textContent = '×';
      close.title = word('closeTab');
      close.setAttribute('aria-label', `${word('closeTab')}: ${word('terminal')} ${n}`);
      close.addEventListener('click', () => this.close(n));
      item.append(close);
    }
    // Tabs stay in number order, before the "+" button.
    const after = [...this.tabs.values()].filter((t) => t.n > n).sort((a, b) => a.n - b.n)[0];
    this.bar.insertBefore(item, after?.item ?? this.newButton ?? null);

    const tab: Tab = { n, el: el!, button, item, state: 'connecting', client: undefined as unknown as TerminalClient };
    this.tabs.set(n, tab);
    tab.client = new TerminalClient(el!, {
      owner: this.opts.owner,
      readOnly: this.opts.readOnly,
      tab: n,
      onState: (state) => {
        tab.state = state;
        button.dataset.state = state;
        if (this.current === n) this.showState(state);
      },
    });
    this.update();
  }

  select(n: number): void {
    const tab = this.tabs.get(n);
    if (!tab) return;
    this.current = n;
    for (const t of this.tabs.values()) {
      const front = t.n === n;
      t.el.hidden = !front;
      t.button.setAttribute('aria-selected', String(front));
      t.button.tabIndex = front ? 0 : -1;
    }
    tab.client.refit();
    this.showState(tab.state);
    document.dispatchEvent(new CustomEvent('kubelab:terminal-tab', { detail: n }));
  }

  /** Closes a tab and ends its shell; the last tab cannot be closed. */
  close(n: number): void {
    const tab = this.tabs.get(n);
    if (!tab || this.tabs.size === 1) return;
    tab.client.close();
    tab.el.remove();
    tab.item.remove();
    this.tabs.delete(n);
    if (this.current === n) this.select([...this.tabs.keys()].sort((a, b) => a - b)[0]);
    this.update();
  }

  private update(): void {
    if (this.newButton) this.newButton.disabled = this.tabs.size >= this.opts.maxTabs;
    for (const t of this.tabs.values()) {
      const close = t.item.querySelector<HTMLButtonElement>('.tab-close');
      if (close) close.hidden = this.tabs.size === 1;
    }
  }

  private showState(state: ConnectionState): void {
    const el = this.opts.stateEl;
    if (!el) return;
    el.textContent = state === 'exited' ? word('disconnected') : word(state);
    el.dataset.state = state;
  }
}
