// The map's side panel: clicking an object (or Enter on it) shows `kubectl describe` of it, fetched from the server
// as plain text and shown as text (never as markup: the learner's cluster writes it). Escape or × closes it.
import { word } from './words';

export class DescribePanel {
  private readonly el: HTMLElement;
  private readonly title: HTMLElement;
  private readonly body: HTMLPreElement;
  private request = 0;

  constructor(
    host: HTMLElement,
    private readonly owner: string,
  ) {
    this.el = document.createElement('aside');
    this.el.className = 'describe-panel';
    this.el.dataset.describePanel = '';
    this.el.hidden = true;
    this.el.setAttribute('aria-label', word('describeTitle'));
    const bar = document.createElement('div');
    bar.className = 'describe-bar';
    this.title = document.createElement('code');
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'describe-close';
    close.textContent = '×';
    close.setAttribute('aria-label', word('close'));
    close.addEventListener('click', () => this.close());
    bar.append(this.title, close);
    this.body = document.createElement('pre');
    this.body.tabIndex = 0;
    this.el.append(bar, this.body);
    this.el.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.close();
    });
    host.append(this.el);
  }

  /** Opens objects clicked (or activated with Enter / Space) inside `root`. */
  listen(root: HTMLElement): void {
    const open = (target: EventTarget | null) => {
      const item = (target as HTMLElement | null)?.closest<HTMLElement>('[data-describe]');
      if (!item || !root.contains(item)) return false;
      void this.show(item.dataset.describe ?? '', item.dataset.namespace ?? '', item.dataset.name ?? '');
      return true;
    };
    root.addEventListener('click', (e) => {
      if (open(e.target)) e.stopPropagation();
    });
    root.addEventListener('keydown', (e) => {
      if ((e.key === 'Enter' || e.key === ' ') && open(e.target)) e.preventDefault();
    });
  }

  async show(kind: string, namespace: string, name: string): Promise<void> {
    const n = ++this.request;
    this.el.hidden = false;
    this.el.dataset.kind = kind;
    this.el.dataset.name = name;
    this.title.textContent = `kubectl describe ${kind.toLowerCase()} ${name}${namespace ? ` -n ${namespace}` : ''}`;
    this.body.textContent = word('loading');
    this.el.dataset.state = 'loading';
    const q = new URLSearchParams({ kind, namespace, name });
    try {
      const res = await fetch(`/api/clusters/${encodeURIComponent(this.owner)}/describe?${q}`, { headers: { Accept: 'text/plain' } });
      const text = await res.text();
      if (n !== this.request) return;
      if (!res.ok) throw new Error(text);
      this.body.textContent = text;
      this.el.dataset.state = 'ready';
    } catch {
      if (n !== this.request) return;
      this.body.textContent = word('describeFailed');
      this.el.dataset.state = 'failed';
    }
    this.body.focus({ preventScroll: true });
  }

  close(): void {
    this.request++;
    this.el.hidden = true;
  }
}
