// Plays an asciicast v2 recording (a learner's terminal session) in an xterm of its own: play/pause, speed, a
// position slider to seek, idle stretches longer than two seconds skipped while playing. The list of Checks and
// API requests beside it follows along: what happened up to the current moment is marked, the latest highlighted,
// and clicking one jumps there. The terminal only shows; nothing typed into it goes anywhere.
import { Terminal } from '@xterm/xterm';
import { formatMoment, type TimeLang } from '../time-format';

interface Cast {
  width: number;
  height: number;
  startedMs: number;
  events: { t: number; type: string; data: string }[];
  duration: number;
}

export function parseCast(text: string): Cast {
  const lines = text.split('\n').filter((l) => l.trim());
  const header = JSON.parse(lines[0]) as { version: number; width: number; height: number; timestamp?: number };
  if (header.version !== 2) throw new Error(`asciicast version ${header.version} is not supported`);
  const events = lines.slice(1).map((l) => {
    const [t, type, data] = JSON.parse(l) as [number, string, string];
    return { t, type, data };
  });
  return { width: header.width, height: header.height, startedMs: (header.timestamp ?? 0) * 1000, events, duration: events.length ? events[events.length - 1].t : 0 };
}

const IDLE_LIMIT = 2;

export class ReplayPlayer {
  readonly term: Terminal;
  cast?: Cast;
  position = 0;
  private shown = 0; // events written so far
  private playing = false;
  private speed = 1;
  private last = 0;
  private raf = 0;
  private readonly slider: HTMLInputElement;
  private readonly playButton: HTMLButtonElement;
  private readonly clock: HTMLElement;
  private recordingStart = 0;

  constructor(
    private readonly el: HTMLElement,
    private readonly timeline: HTMLElement | null,
    private readonly words: Record<string, string>,
  ) {
    const controls = document.createElement('div');
    controls.className = 'replay-controls';
    this.playButton = document.createElement('button');
    this.playButton.type = 'button';
    this.playButton.textContent = words.play;
    this.playButton.dataset.replayPlay = '';
    this.playButton.addEventListener('click', () => (this.playing ? this.pause() : this.play()));
    const speed = document.createElement('select');
    speed.setAttribute('aria-label', words.speed);
    for (const s of [1, 2, 4, 8]) speed.append(new Option(`${s}×`, String(s)));
    speed.addEventListener('change', () => (this.speed = Number(speed.value)));
    this.slider = document.createElement('input');
    this.slider.type = 'range';
    this.slider.min = '0';
    this.slider.step = '0.1';
    this.slider.value = '0';
    this.slider.setAttribute('aria-label', words.position);
    this.slider.addEventListener('input', () => this.seek(Number(this.slider.value)));
    this.clock = document.createElement('span');
    this.clock.className = 'count';
    controls.append(this.playButton, speed, this.slider, this.clock);
    const screen = document.createElement('div');
    screen.className = 'replay-screen';
    el.replaceChildren(controls, screen);
    // A recording is the learner's output: its links (OSC 8) open nothing, its titles change nothing.
    this.term = new Terminal({ disableStdin: true, convertEol: false, scrollback: 5000, fontSize: 13, cursorBlink: false, linkHandler: { activate: () => undefined } });
    this.term.open(screen);
    this.timeline?.addEventListener('click', (e) => {
      const li = (e.target as HTMLElement).closest<HTMLElement>('[data-at]');
      if (li && this.cast) this.seek(Math.max(0, Math.min(this.cast.duration, (Number(li.dataset.at) - this.recordingStart) / 1000)));
    });
  }

  async load(url: string, startedMs: number): Promise<void> {
    this.pause();
    const res = await fetch(url, { credentials: 'same-origin' });
    if (!res.ok) throw new Error(`${res.status}`);
    this.cast = parseCast(await res.text());
    this.recordingStart = this.cast.startedMs || startedMs;
    // The header's timestamp has whole seconds; the list's start has the milliseconds.
    if (startedMs && Math.abs(startedMs - this.recordingStart) < 1000) this.recordingStart = startedMs;
    this.term.resize(Math.max(2, this.cast.width), Math.max(2, this.cast.height));
    this.slider.max = String(this.cast.duration);
    this.el.dataset.loaded = url;
    this.seek(0);
  }

  /** Shows the screen as it was `t` seconds in. */
  seek(t: number): void {
    if (!this.cast) return;
    this.position = t;
    const events = this.cast.events;
    let upto = this.shown;
    if (t < (events[this.shown - 1]?.t ?? 0) || this.shown === 0) {
      this.term.reset();
      upto = 0;
    }
    let out = '';
    while (upto < events.length && events[upto].t <= t) {
      const e = events[upto++];
      if (e.type === 'o') out += e.data;
      else if (e.type === 'r') {
        if (out) this.term.write(out);
        out = '';
        const [c, r] = e.data.split('x').map(Number);
        if (c > 1 && r > 1) this.term.resize(c, r);
      }
    }
    if (out) this.term.write(out);
    this.shown = upto;
    this.slider.value = String(t);
    this.el.dataset.position = t.toFixed(1);
    this.update();
  }

  private update(): void {
    if (!this.cast) return;
    const now = this.recordingStart + this.position * 1000;
    const lang = (document.documentElement.lang === 'en' ? 'en' : 'ko') as TimeLang;
    this.clock.textContent = formatMoment(now, lang, Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
    if (!this.timeline) return;
    let latest: HTMLElement | undefined;
    for (const li of this.timeline.querySelectorAll<HTMLElement>('[data-at]')) {
      const past = Number(li.dataset.at) <= now;
      li.classList.toggle('past', past);
      li.classList.remove('now');
      if (past) latest = li;
    }
    if (latest) {
      latest.classList.add('now');
      if (this.playing) latest.scrollIntoView({ block: 'nearest' });
    }
  }

  play(): void {
    if (!this.cast || this.playing) return;
    if (this.position >= this.cast.duration) this.seek(0);
    this.playing = true;
    this.playButton.textContent = this.words.pause;
    this.el.dataset.playing = 'true';
    this.last = performance.now();
    const tick = (now: number) => {
      if (!this.playing || !this.cast) return;
      let t = this.position + ((now - this.last) / 1000) * this.speed;
      this.last = now;
      const next = this.cast.events[this.shown];
      if (next && next.t - t > IDLE_LIMIT) t = next.t - IDLE_LIMIT / 4; // skip the idle stretch
      if (t >= this.cast.duration) {
        this.seek(this.cast.duration);
        this.pause();
        return;
      }
      this.seek(t);
      this.raf = requestAnimationFrame(tick);
    };
    this.raf = requestAnimationFrame(tick);
  }

  pause(): void {
    this.playing = false;
    cancelAnimationFrame(this.raf);
    this.playButton.textContent = this.words.play;
    this.el.dataset.playing = 'false';
  }
}

export function initReplay(root: ParentNode): ReplayPlayer | undefined {
  const el = root.querySelector<HTMLElement>('[data-replay-player]');
  if (!el) return undefined;
  const words = JSON.parse(el.dataset.words ?? '{}') as Record<string, string>;
  const player = new ReplayPlayer(el, root.querySelector<HTMLElement>('[data-replay-timeline]'), words);
  const buttons = [...root.querySelectorAll<HTMLButtonElement>('[data-recording]')];
  const open = (b: HTMLButtonElement) => {
    for (const x of buttons) x.setAttribute('aria-pressed', String(x === b));
    void player.load(b.dataset.recording!, Number(b.dataset.started));
  };
  for (const b of buttons) b.addEventListener('click', () => open(b));
  if (buttons[0]) open(buttons[0]);
  return player;
}
