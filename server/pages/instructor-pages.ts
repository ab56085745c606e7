// What an instructor sees: the list of learners, and one learner's terminal (read-only) and cluster map.
import type { Lang } from '../../grader/checks/types';
import type { Visitor } from '../auth/request-auth';
import type { User } from '../auth/users';
import { t } from '../i18n';
import { html, typed } from '../http/html';
import { page } from './layout';
import { labTools, type TerminalState } from './lab-tools';

export function learnersPage(o: { lang: Lang; visitor: Visitor; users: User[]; running: (id: string) => boolean }): string {
  const rows = o.users.map(
    (u) => html`<tr><td><a href="/learners/${u.id}">${typed(u.name)}</a></td><td>${typed(u.email)}</td><td>${u.role === 'instructor' ? t(o.lang, 'instructor') : ''}</td><td>${o.running(u.id) ? '●' : ''}</td><td>${
      u.role === 'learner'
        ? html`<form method="post" action="/learners/${u.id}/delete" class="inline-form" data-confirm="${t(o.lang, 'deleteLearnerConfirm')}"><input type="hidden" name="_csrf" value="${o.visitor.csrf}"><button type="submit" class="danger">${t(o.lang, 'deleteLearner')}</button></form>`
        : ''
    }</td></tr>`,
  );
  const body = html`<section class="learners">
  <h1>${t(o.lang, 'learners')}</h1>
  <table><thead><tr><th>${t(o.lang, 'name')}</th><th>${t(o.lang, 'email')}</th><th></th><th>${t(o.lang, 'clusterMap')}</th><th></th></tr></thead><tbody>${rows}</tbody></table>
</section>`;
  return page({ lang: o.lang, title: t(o.lang, 'learners'), visitor: o.visitor, body, path: '/instructor' });
}

export function learnerViewPage(o: { lang: Lang; visitor: Visitor; learner: User; terminal: TerminalState }): string {
  const own = o.learner.id === o.visitor.user?.id;
  const body = html`<div class="workspace viewer">
  <header class="viewer-head"><h1>${t(o.lang, 'viewing')}: ${typed(o.learner.name)} <small>${typed(o.learner.email)}</small></h1></header>
  ${labTools({ lang: o.lang, ownerId: o.learner.id, csrf: o.visitor.csrf, readOnly: !own, terminal: o.terminal })}
</div>`;
  return page({ lang: o.lang, title: o.learner.name, visitor: o.visitor, body, path: `/learners/${o.learner.id}`, bodyClass: 'lesson-page' });
}
