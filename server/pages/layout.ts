// The frame of every page: language, skip link, header with the labs link, the language switch and the account
// menu; the bundled script and stylesheet; the CSRF token and the UI words the browser code needs.
import type { Lang } from '../../grader/checks/types';
import type { Visitor } from '../auth/request-auth';
import { clientWords, otherLang, t } from '../i18n';
import { html, jsonScript, typed, type SafeHtml } from '../http/html';

export interface PageOptions {
  lang: Lang;
  title: string;
  visitor: Visitor;
  body: SafeHtml;
  /** The same page in the other language, when it has one (else the switch goes through /lang/<other>). */
  otherLangHref?: string;
  /** Current path, to come back to after switching language. */
  path: string;
  bodyClass?: string;
  guestMode?: boolean;
}

function accountMenu(o: PageOptions): SafeHtml {
  const user = o.visitor.user;
  if (!user) {
    return html`<a class="nav-link" href="/signin">${t(o.lang, 'signIn')}</a> <a class="nav-link" href="/signup">${t(o.lang, 'signUp')}</a>`;
  }
  const role = user.role === 'instructor' ? html` <a class="badge" href="/instructor">${t(o.lang, 'instructor')}</a>` : '';
  const signOut = o.guestMode
    ? ''
    : html`<form method="post" action="/signout" class="inline-form"><input type="hidden" name="_csrf" value="${o.visitor.csrf}"><button type="submit" class="link-button">${t(o.lang, 'signOut')}</button></form>`;
  const name = o.guestMode ? html`<span class="user-name" title="${user.email}">${typed(user.name)}</span>` : html`<a class="user-name" href="/account" title="${user.email}">${typed(user.name)}</a>`;
  return html`${name}${role} ${signOut}`;
}

export function page(o: PageOptions): string {
  const other = otherLang(o.lang);
  const switchHref = o.otherLangHref ?? `/lang/${other}?next=${encodeURIComponent(o.path)}`;
  return `<!doctype html>\n${html`<html lang="${o.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csrf-token" content="${o.visitor.csrf}">
<link rel="icon" href="data:,">
<title>${o.title} · kubelab</title>
<link rel="stylesheet" href="/assets/main.css">
<script src="/assets/main.js" defer></script>
</head>
<body class="${o.bodyClass ?? ''}">
<a class="skip-link" href="#main">${t(o.lang, 'skipToContent')}</a>
<header class="site-header">
  <a class="brand" href="/${o.lang}/labs">kubelab</a>
  <nav aria-label="${t(o.lang, 'siteNavigation')}"><a class="nav-link" href="/${o.lang}/labs">${t(o.lang, 'labs')}</a>${o.visitor.user ? html` <a class="nav-link" href="/${o.lang}/progress">${t(o.lang, 'myProgress')}</a>` : ''}${o.visitor.user?.role === 'instructor' ? html` <a class="nav-link" href="/instructor/progress">${t(o.lang, 'classTable')}</a>` : ''}</nav>
  <div class="header-end">
    <a class="lang-switch" href="${switchHref}" hreflang="${other}" lang="${other}" aria-label="${t(o.lang, 'switchLanguageLabel')}">${t(o.lang, 'switchLanguage')}</a>
    ${accountMenu(o)}
  </div>
</header>
<main id="main" tabindex="-1">
${o.body}
</main>
${jsonScript('kubelab-words', clientWords(o.lang))}
</body>
</html>`}\n`;
}

export function messagePage(o: Omit<PageOptions, 'body'> & { message: string }): string {
  return page({ ...o, body: html`<section class="message-page"><h1>${o.title}</h1><p>${o.message}</p><p><a href="/${o.lang}/labs">${t(o.lang, 'labs')}</a></p></section>` });
}
