// Sign-in and sign-up forms. Plain HTML forms that work without JavaScript; each carries the CSRF token.
import type { Lang } from '../../grader/checks/types';
import type { Visitor } from '../auth/request-auth';
import { t } from '../i18n';
import { html } from '../http/html';
import { page } from './layout';

export interface AuthFormOptions {
  lang: Lang;
  visitor: Visitor;
  error?: string;
  email?: string;
  name?: string;
  next?: string;
  /** A class join code (from a join link), kept in the sign-up form. */
  joinCode?: string;
}

export function signInPage(o: AuthFormOptions): string {
  const body = html`<section class="auth-card">
  <h1>${t(o.lang, 'signIn')}</h1>
  ${o.error ? html`<p class="form-error" role="alert">${o.error}</p>` : ''}
  <form method="post" action="/signin">
    <input type="hidden" name="_csrf" value="${o.visitor.csrf}">
    <input type="hidden" name="next" value="${o.next ?? ''}">
    <label>${t(o.lang, 'email')}<input type="email" name="email" autocomplete="username" required value="${o.email ?? ''}" autofocus></label>
    <label>${t(o.lang, 'password')}<input type="password" name="password" autocomplete="current-password" required></label>
    <button type="submit" class="primary">${t(o.lang, 'signIn')}</button>
  </form>
  <p>${t(o.lang, 'noAccount')} <a href="/signup${o.next ? `?next=${encodeURIComponent(o.next)}` : ''}">${t(o.lang, 'signUp')}</a></p>
</section>`;
  return page({ lang: o.lang, title: t(o.lang, 'signIn'), visitor: o.visitor, body, path: '/signin' });
}

export function signUpPage(o: AuthFormOptions): string {
  const body = html`<section class="auth-card">
  <h1>${t(o.lang, 'signUp')}</h1>
  ${o.error ? html`<p class="form-error" role="alert">${o.error}</p>` : ''}
  ${o.joinCode ? html`<p class="notice" role="note">${t(o.lang, 'joinToSignIn')}</p>` : ''}
  <form method="post" action="/signup">
    <input type="hidden" name="_csrf" value="${o.visitor.csrf}">
    <input type="hidden" name="next" value="${o.next ?? ''}">
    <label>${t(o.lang, 'name')}<input type="text" name="name" autocomplete="name" maxlength="100" value="${o.name ?? ''}" autofocus></label>
    <label>${t(o.lang, 'email')}<input type="email" name="email" autocomplete="username" required value="${o.email ?? ''}"></label>
    <label>${t(o.lang, 'password')}<input type="password" name="password" autocomplete="new-password" minlength="8" required aria-describedby="password-advice"></label>
    <p class="field-help" id="password-advice">${t(o.lang, 'passwordAdvice')}</p>
    <label>${t(o.lang, 'joinCodeOptional')}<input type="text" name="joinCode" autocomplete="off" maxlength="12" value="${o.joinCode ?? ''}"></label>
    <button type="submit" class="primary">${t(o.lang, 'signUp')}</button>
  </form>
  <p>${t(o.lang, 'haveAccount')} <a href="/signin${o.next ? `?next=${encodeURIComponent(o.next)}` : ''}">${t(o.lang, 'signIn')}</a></p>
</section>`;
  return page({ lang: o.lang, title: t(o.lang, 'signUp'), visitor: o.visitor, body, path: '/signup' });
}
