// Small enhancements of the instructor pages: the browser tells the server its time zone (a cookie) and re-writes
// moments rendered for another zone; filter forms submit on change; the live part of a page (analytics) is
// fetched again every few seconds and swapped in. Every swap parses the server's own escaped HTML.
import { formatMoment, TZ_COOKIE, type TimeLang } from '../time-format';

export function browserZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** Remembers the zone for the server's next pages, and re-writes this page's moments when it was rendered for another. */
export function initLocalTime(root: Document): void {
  const tz = browserZone();
  const current = document.cookie.split('; ').find((c) => c.startsWith(`${TZ_COOKIE}=`))?.slice(TZ_COOKIE.length + 1);
  if (decodeURIComponent(current ?? '') !== tz) document.cookie = `${TZ_COOKIE}=${encodeURIComponent(tz)}; Path=/; Max-Age=31536000; SameSite=Lax`;
  const rendered = root.querySelector<HTMLElement>('[data-tz]')?.dataset.tz;
  for (const f of root.querySelectorAll<HTMLInputElement>('[data-tz-field]')) f.value = tz;
  if (!rendered || rendered === tz) return;
  const lang = (document.documentElement.lang === 'en' ? 'en' : 'ko') as TimeLang;
  for (const el of root.querySelectorAll<HTMLTimeElement>('time[data-ms]')) el.textContent = formatMoment(Number(el.dataset.ms), lang, tz, Date.now(), !('short' in el.dataset));
  for (const note of root.querySelectorAll('.tz-note')) note.textContent = (note.textContent ?? '').replace(rendered, tz);
}

export function initAutoSubmit(root: ParentNode): void {
  for (const form of root.querySelectorAll<HTMLFormElement>('form[data-autosubmit]')) {
    for (const select of form.querySelectorAll('select')) select.addEventListener('change', () => form.requestSubmit());
  }
}

/** Fetches the page again every `everyMs` and swaps in its live section (paused while the tab is hidden). */
export function initLiveSection(section: HTMLElement, everyMs = 4000): void {
  let busy = false;
  const refresh = async () => {
    if (busy || document.hidden) return;
    busy = true;
    try {
      const res = await fetch(location.href, { headers: { Accept: 'text/html' }, credentials: 'same-origin' });
      if (!res.ok) return;
      const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
      const fresh = doc.querySelector<HTMLElement>('[data-live-section]');
      const now = document.querySelector<HTMLElement>('[data-live-section]');
      if (fresh && now) {
        now.replaceWith(document.importNode(fresh, true));
        initLocalTime(document);
      }
    } catch {
      // offline for a moment: the next round tries again
    } finally {
      busy = false;
    }
  };
  setInterval(() => void refresh(), everyMs);
  void section;
}
