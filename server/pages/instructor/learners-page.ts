// Every account, with a link to each learner's drill-down and live view, whether their cluster runs now, and the
// button that deletes a learner and everything of theirs.
import type { User } from '../../auth/users';
import { t } from '../../i18n';
import { html, typed } from '../../http/html';
import { instructorPage, when, type InstructorView } from './frame';

export function learnersPage(v: InstructorView, o: { users: User[]; running: (id: string) => boolean }): string {
  const { lang } = v;
  const rows = o.users.map(
    (u) => html`<tr><th scope="row"><a href="/learners/${u.id}/attempts">${typed(u.name)}</a></th><td>${typed(u.email)}</td><td>${u.role === 'instructor' ? html`<span class="tag">${t(lang, 'instructor')}</span>` : ''}</td>
      <td>${when(v, u.createdAt, false)}</td>
      <td>${o.running(u.id) ? html`<a href="/learners/${u.id}" class="live-dot" title="${t(lang, 'liveUpdates')}">● ${t(lang, 'clusterMap')}</a>` : html`<a href="/learners/${u.id}">${t(lang, 'clusterMap')}</a>`}</td>
      <td>${
        u.role === 'learner'
          ? html`<form method="post" action="/learners/${u.id}/delete" class="inline-form" data-confirm="${t(lang, 'deleteLearnerConfirm')}"><input type="hidden" name="_csrf" value="${v.visitor.csrf}"><button type="submit" class="danger">${t(lang, 'deleteLearner')}</button></form>`
          : ''
      }</td></tr>`,
  );
  const body = html`<section class="learners">
  <h1>${t(lang, 'learners')}</h1>
  <div class="table-scroll"><table class="data-table"><thead><tr><th scope="col">${t(lang, 'name')}</th><th scope="col">${t(lang, 'email')}</th><th></th><th scope="col">${t(lang, 'when')}</th><th scope="col">${t(lang, 'clusterMap')}</th><th></th></tr></thead><tbody>${rows}</tbody></table></div>
</section>`;
  return instructorPage(v, { title: t(lang, 'learners'), path: '/instructor', body, current: '/instructor' });
}
