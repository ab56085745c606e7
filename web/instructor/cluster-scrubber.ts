// The learner's cluster through time: a slider over the recorded span (a tick where something changed), the
// objects that existed at the chosen moment, and the chosen object as it was then with its versions to step
// through. Everything from the learner's cluster is written as text (textContent), never as markup.
import type { HistoryObject } from '../protocol';
import { formatMoment, type TimeLang } from '../time-format';

interface Version {
  id: number;
  at: number;
  revision: number;
  type: string;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...children);
  return e;
}

export class ClusterScrubber {
  at = Date.now();
  selected?: string;
  private readonly slider = el('input', { type: 'range' });
  private readonly label = el('output');
  private readonly ticks = el('div', { className: 'scrubber-ticks' });
  private readonly list = el('ul', { className: 'scrubber-objects' });
  private readonly detail = el('div', { className: 'scrubber-object' });
  private timer?: ReturnType<typeof setTimeout>;
  private readonly words: Record<string, string>;
  private readonly lang: TimeLang;
  private readonly tz: string;

  constructor(private readonly root: HTMLElement) {
    this.words = JSON.parse(root.dataset.words ?? '{}');
    this.lang = root.dataset.lang === 'en' ? 'en' : 'ko';
    this.tz = Intl.DateTimeFormat().resolvedOptions().timeZone || root.dataset.tz || 'UTC';
    this.slider.setAttribute('aria-label', this.words.at);
    this.slider.addEventListener('input', () => {
      this.at = Number(this.slider.value);
      this.showTime();
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.refresh(), 120);
    });
    root.replaceChildren(
      el('p', {}, `${this.words.at}: `, this.label),
      this.slider,
      this.ticks,
      el('div', { className: 'scrubber-body' }, el('div', {}, el('h3', {}, this.words.objects), this.list), this.detail),
    );
  }

  private get base(): string {
    return this.root.dataset.clusterHistory!;
  }

  private async json<T>(url: string): Promise<T> {
    const res = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!res.ok) throw new Error(String(res.status));
    return (await res.json()) as T;
  }

  private showTime(): void {
    this.label.textContent = formatMoment(this.at, this.lang, this.tz);
    this.root.dataset.at = String(this.at);
  }

  async start(): Promise<void> {
    const h = await this.json<{ span: { from: number; to: number } | null; moments: { at: number }[] }>(this.base);
    if (!h.span) return;
    const from = h.span.from;
    const to = Math.max(h.span.to, from + 1000);
    this.slider.min = String(from);
    this.slider.max = String(to);
    this.slider.step = '100';
    this.slider.value = String(to);
    this.at = to;
    const seen = new Set<number>();
    for (const m of h.moments) {
      const pct = Math.round(((m.at - from) / (to - from)) * 1000) / 10;
      if (seen.has(pct)) continue;
      seen.add(pct);
      const tick = el('span');
      tick.style.left = `${pct}%`;
      this.ticks.append(tick);
    }
    this.showTime();
    await this.refresh();
  }

  /** Moves to a moment (tests and the versions list use it). */
  async moveTo(at: number): Promise<void> {
    this.at = at;
    this.slider.value = String(at);
    this.showTime();
    await this.refresh();
  }

  async refresh(): Promise<void> {
    const at = this.at;
    const { objects } = await this.json<{ objects: HistoryObject[] }>(`${this.base}/objects?at=${at}`);
    if (at !== this.at) return;
    this.list.replaceChildren(
      ...objects.map((o) => {
        const b = el('button', { type: 'button' }, el('span', { className: 'kind' }, o.kind), ' ', o.namespace ? `${o.namespace}/${o.name}` : o.name);
        b.dataset.key = o.key;
        b.setAttribute('aria-pressed', String(o.key === this.selected));
        b.addEventListener('click', () => void this.select(o.key));
        return el('li', {}, b);
      }),
    );
    this.root.dataset.objects = String(objects.length);
    if (this.selected) await this.select(this.selected);
  }

  async select(key: string): Promise<void> {
    this.selected = key;
    for (const b of this.list.querySelectorAll<HTMLButtonElement>('button')) b.setAttribute('aria-pressed', String(b.dataset.key === key));
    const at = this.at;
    const r = await this.json<{ found: { object: unknown; at: number; revision: number } | null; versions: Version[] }>(`${this.base}/object?key=${encodeURIComponent(key)}&at=${at}`);
    if (at !== this.at) return;
    const versions = el(
      'ol',
      { className: 'scrubber-versions' },
      ...r.versions.map((v) => {
        const b = el('button', { type: 'button' }, `${formatMoment(v.at, this.lang, this.tz)} · ${this.words[v.type] ?? v.type}`);
        b.setAttribute('aria-current', String(!!r.found && v.revision === r.found.revision && v.at === r.found.at));
        b.addEventListener('click', () => void this.moveTo(v.at));
        return el('li', {}, b);
      }),
    );
    const pre = el('pre', {}, r.found ? JSON.stringify(r.found.object, null, 2) : `(${this.words.deleted})`);
    pre.dataset.objectAt = String(at);
    this.detail.replaceChildren(el('h3', {}, key), el('h4', {}, this.words.versions), versions, pre);
  }
}

export function initClusterScrubber(root: ParentNode): ClusterScrubber | undefined {
  const el = root.querySelector<HTMLElement>('[data-cluster-history]');
  if (!el) return undefined;
  const s = new ClusterScrubber(el);
  void s.start();
  return s;
}
