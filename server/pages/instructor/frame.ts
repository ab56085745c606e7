// What every instructor page shares: the instructor menu above the content, moments written in the instructor's
// own time zone (told by their browser in a cookie; UTC until it has), and durations in words.
import type { Request } from 'express';
import type { Lang } from '../../../grader/checks/types';
import type { Visitor } from '../../auth/request-auth';
import { cookiesOf } from '../../http/cookies';
import { html, type SafeHtml } from '../../http/html';
import { formatMoment, isTimeZone, TZ_COOKIE } from '../../../web/time-format';
import { page } from '../layout';
import { iw, type InstructorWord } from './words';

export interface InstructorView {
  lang: Lang;
  visitor: Visitor;
  /** IANA zone moments are written in. */
  tz: string;
  guestMode?: boolean;
  now?: number;
}

/** The zone the visitor's browser reported (web/instructor/local-time.ts sets the cookie), else UTC. */
export function zoneOf(req: Request): string {
  const tz = cookiesOf(req)[TZ_COOKIE];
  return isTimeZone(tz) ? tz : 'UTC';
}

/** A moment as a <time> the browser may re-format in its own zone. */
export function when(v: InstructorView, ms: number | undefined, withSeconds = true): SafeHtml {
  if (ms === undefined) return html``;
  return html`<time datetime="${new Date(ms).toISOString()}" data-ms="${ms}"${withSeconds ? '' : html` data-short`}>${formatMoment(ms, v.lang, v.tz, v.now, withSeconds)}</time>`;
}

export function duration(seconds: number | undefined, lang: Lang): string {
  if (seconds === undefined) return '–';
  if (seconds < 60) return lang === 'ko' ? `${seconds}초` : `${seconds}s`;
  const m = Math.round(seconds / 60);
  if (m < 60) return lang === 'ko' ? `${m}분` : `${m} min`;
  return lang === 'ko' ? `${Math.floor(m / 60)}시간 ${m % 60}분` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

const NAV: { key: InstructorWord; href: string }[] = [
  { key: 'classNav', href: '/instructor/progress' },
  { key: 'analyticsNav', href: '/instructor/analytics' },
  { key: 'groupsNav', href: '/instructor/groups' },
  { key: 'learnersNav', href: '/instructor' },
  { key: 'labsNav', href: '/instructor/labs' },
  { key: 'ltiNav', href: '/instructor/lti' },
];

/** An instructor page: the menu, the content, and a note of the time zone its moments are in. */
export function instructorPage(v: InstructorView, o: { title: string; path: string; body: SafeHtml; current: string; wide?: boolean }): string {
  // A learner reading their own drill-down gets the page without the instructor's menu.
  const nav = v.visitor.user?.role === 'instructor'
    ? html`<nav class="instructor-nav" aria-label="${iw(v.lang, 'instructorNav')}">${NAV.map((n) => html`<a href="${n.href}"${n.href === o.current ? html` aria-current="page"` : ''}>${iw(v.lang, n.key)}</a>`)}</nav>`
    : '';
  const body = html`<div class="instructor${o.wide ? ' wide' : ''}" data-tz="${v.tz}">
  ${nav}
  ${o.body}
  <p class="tz-note">${iw(v.lang, 'timesIn', { tz: v.tz })}</p>
</div>`;
  return page({ lang: v.lang, title: o.title, visitor: v.visitor, body, path: o.path, guestMode: v.guestMode });
}
