// The learner's account page: who they are, and deleting the account with everything in it (the password asked
// again, the CSRF token in the form); and the page that confirms the deletion. Plain forms that work without
// JavaScript.
import type { Lang } from '../../grader/checks/types';
import type { Visitor } from '../auth/request-auth';
import { t } from '../i18n';
import { html, typed } from '../http/html';
import { page } from './layout';

export function accountPage(o: { lang: Lang; visitor: Visitor; error?: string; guestMode?: boolean }): string {
  const user = o.visitor.user!;
  const body = html`<section class="auth-card account">
  <h1>${t(o.lang, 'account')}</h1>
  <p>${typed(user.name)} · ${typed(user.email)}</p>
  <h2>${t(o.lang, 'deleteAccount')}</h2>
  <p>${t(o.lang, 'deleteAccountExplain')}</p>
  ${o.error ? html`<p class="form-error" role="alert">${o.error}</p>` : ''}
  <form method="post" action="/account/delete" data-confirm="${t(o.lang, 'deleteAccountConfirm')}">
    <input type="hidden" name="_csrf" value="${o.visitor.csrf}">
    <label>${t(o.lang, 'passwordAgain')}<input type="password" name="password" autocomplete="current-password" required></label>
    <button type="submit" class="danger">${t(o.lang, 'deleteAccount')}</button>
  </form>
</section>`;
  return page({ lang: o.lang, title: t(o.lang, 'account'), visitor: o.visitor, body, path: '/account', guestMode: o.guestMode });
}

export function accountDeletedPage(o: { lang: Lang; visitor: Visitor }): string {
  const body = html`<section class="message-page"><h1>${t(o.lang, 'accountDeleted')}</h1><p>${t(o.lang, 'accountDeletedExplain')}</p><p><a href="/${o.lang}/labs">${t(o.lang, 'labs')}</a></p></section>`;
  return page({ lang: o.lang, title: t(o.lang, 'accountDeleted'), visitor: o.visitor, body, path: '/' });
}
