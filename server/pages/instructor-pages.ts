// What an instructor sees of one learner live: their terminal (read-only) and cluster map. The other instructor
// pages live in pages/instructor/ (class table, analytics, groups, drill-down with replay, lab preview, LTI).
import type { Lang } from '../../grader/checks/types';
import type { Visitor } from '../auth/request-auth';
import type { User } from '../auth/users';
import { t } from '../i18n';
import { html, typed } from '../http/html';
import { page } from './layout';
import { labTools, type TerminalState } from './lab-tools';

export { learnersPage } from './instructor/learners-page';

export function learnerViewPage(o: { lang: Lang; visitor: Visitor; learner: User; terminal: TerminalState }): string {
  const own = o.learner.id === o.visitor.user?.id;
  const body = html`<div class="workspace viewer">
  <header class="viewer-head"><h1>${t(o.lang, 'viewing')}: ${typed(o.learner.name)} <small>${typed(o.learner.email)}</small> <a class="button" href="/learners/${o.learner.id}/attempts">${t(o.lang, 'attempts')}</a></h1></header>
  ${labTools({ lang: o.lang, ownerId: o.learner.id, csrf: o.visitor.csrf, readOnly: !own, terminal: o.terminal })}
</div>`;
  return page({ lang: o.lang, title: o.learner.name, visitor: o.visitor, body, path: `/learners/${o.learner.id}`, bodyClass: 'lesson-page' });
}
