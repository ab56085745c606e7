// The LMS page: the addresses to register kubelab with in Moodle or Canvas (login, redirect, key set), the
// platforms registered here, and the form to register one with what the LMS shows for it.
import { html } from '../../http/html';
import type { LtiPlatform } from '../../lti/lti-store';
import { instructorPage, type InstructorView } from './frame';
import { iw } from './words';

export function ltiPage(v: InstructorView, o: { base: string; platforms: LtiPlatform[]; error?: boolean }): string {
  const { lang } = v;
  const ko = lang === 'ko';
  const urls = [
    [ko ? 'OIDC 로그인 시작 URL' : 'OIDC login initiation URL', `${o.base}/lti/login`],
    [ko ? '리디렉션 URI' : 'Redirect URI', `${o.base}/lti/launch`],
    [ko ? '대상 링크 URI' : 'Target link URI', `${o.base}/lti/launch`],
    [ko ? '공개 키 세트 URL (JWKS)' : 'Public keyset URL (JWKS)', `${o.base}/lti/jwks`],
    [ko ? '사용자 지정 매개변수' : 'Custom parameter', ko ? 'lab=<실습 id>' : 'lab=<lab id>'],
  ];
  const rows = o.platforms.map(
    (p) => html`<tr><td><code>${p.issuer}</code></td><td><code>${p.clientId}</code></td><td><code>${p.deploymentId}</code></td>
      <td><form method="post" action="/instructor/lti/platforms/${p.id}/delete" class="inline-form"><input type="hidden" name="_csrf" value="${v.visitor.csrf}"><button type="submit" class="danger">${iw(lang, 'ltiRemove')}</button></form></td></tr>`,
  );
  const field = (name: string, label: string, type = 'text') => html`<label>${label} <input name="${name}" type="${type}" required maxlength="500"></label>`;
  const body = html`<section class="lti-page">
  <h1>${iw(lang, 'ltiTitle')}</h1>
  <div class="card"><h2>${iw(lang, 'ltiToolUrls')}</h2>
    <dl class="lti-urls">${urls.map(([k, u]) => html`<dt>${k}</dt><dd><code data-lti-url>${u}</code></dd>`)}</dl>
    <p class="muted">${iw(lang, 'ltiDocs')}</p></div>
  <h2>${iw(lang, 'ltiPlatforms')}</h2>
  ${rows.length ? html`<table class="data-table"><thead><tr><th scope="col">${iw(lang, 'ltiIssuer')}</th><th scope="col">${iw(lang, 'ltiClientId')}</th><th scope="col">${iw(lang, 'ltiDeploymentId')}</th><th></th></tr></thead><tbody>${rows}</tbody></table>` : html`<p>${iw(lang, 'ltiNone')}</p>`}
  <form method="post" action="/instructor/lti/platforms" class="card lti-form">
    <h2>${iw(lang, 'ltiAdd')}</h2>
    ${o.error ? html`<p class="form-error" role="alert">${iw(lang, 'ltiBadForm')}</p>` : ''}
    <input type="hidden" name="_csrf" value="${v.visitor.csrf}">
    ${field('issuer', iw(lang, 'ltiIssuer'))}${field('clientId', iw(lang, 'ltiClientId'))}${field('deploymentId', iw(lang, 'ltiDeploymentId'))}
    ${field('authUrl', iw(lang, 'ltiAuthUrl'), 'url')}${field('jwksUrl', iw(lang, 'ltiJwksUrl'), 'url')}${field('tokenUrl', iw(lang, 'ltiTokenUrl'), 'url')}
    <button type="submit" class="primary">${iw(lang, 'ltiAdd')}</button>
  </form>
</section>`;
  return instructorPage(v, { title: iw(lang, 'ltiTitle'), path: '/instructor/lti', body, current: '/instructor/lti' });
}
