// Groups: the list with join codes and member counts; one group's page with its join link, a QR code of it (and a
// projector view that fills the classroom screen), its members and the labs assigned to it with due dates; and
// the page a learner lands on from the join link.
import { pickText, type Lab } from '../../../grader/lab-format';
import type { Visitor } from '../../auth/request-auth';
import type { User } from '../../auth/users';
import { t } from '../../i18n';
import { html, raw, typed } from '../../http/html';
import type { Assignment } from '../../progress/assignments';
import type { Group } from '../../progress/groups';
import { msToWallTime } from '../../../web/time-format';
import { page } from '../layout';
import { qrSvg } from '../qr/qr-code';
import { instructorPage, when, type InstructorView } from './frame';
import { iw } from './words';

export function groupsPage(v: InstructorView, o: { groups: (Group & { members: number })[] }): string {
  const { lang } = v;
  const rows = o.groups.map(
    (g) => html`<tr><th scope="row"><a href="/instructor/groups/${g.id}">${g.name}</a></th><td><code data-join-code>${g.joinCode}</code></td><td>${g.members}</td><td><a class="button" href="/instructor/groups/${g.id}">${iw(lang, 'openGroup')}</a></td></tr>`,
  );
  const body = html`<section class="groups-page">
  <h1>${iw(lang, 'groupsNav')}</h1>
  ${o.groups.length ? html`<table class="data-table"><thead><tr><th scope="col">${iw(lang, 'group')}</th><th scope="col">${t(lang, 'joinCode')}</th><th scope="col">${iw(lang, 'members')}</th><th></th></tr></thead><tbody>${rows}</tbody></table>` : ''}
  <form method="post" action="/instructor/groups" class="toolbar card">
    <input type="hidden" name="_csrf" value="${v.visitor.csrf}">
    <label>${t(lang, 'groupName')} <input name="name" required maxlength="80"></label>
    <button type="submit" class="primary">${t(lang, 'createGroup')}</button>
  </form>
</section>`;
  return instructorPage(v, { title: iw(lang, 'groupsNav'), path: '/instructor/groups', body, current: '/instructor/groups' });
}

export function groupPage(v: InstructorView, o: { group: Group; joinUrl: string; members: User[]; labs: Lab[]; assignments: Assignment[] }): string {
  const { lang } = v;
  const labTitle = (id: string) => {
    const lab = o.labs.find((l) => l.id === id);
    return lab ? `${String(lab.order).padStart(2, '0')} ${pickText(lab.title, lang).text}` : id;
  };
  const now = v.now ?? Date.now();
  const assignments = o.assignments.map(
    (a) => html`<li data-assignment="${a.labId}"><a href="/instructor/analytics?group=${o.group.id}&lab=${encodeURIComponent(a.labId)}">${labTitle(a.labId)}</a> — ${a.dueAt !== undefined ? html`${iw(lang, 'dueAt')} ${when(v, a.dueAt, false)}${a.dueAt < now ? html` <span class="tag warn">${iw(lang, 'overdue')}</span>` : ''}` : iw(lang, 'noDue')}
      <form method="post" action="/instructor/groups/${o.group.id}/assignments/${encodeURIComponent(a.labId)}/delete" class="inline-form"><input type="hidden" name="_csrf" value="${v.visitor.csrf}"><button type="submit" class="link-button">${iw(lang, 'removeAssignment')}</button></form></li>`,
  );
  const labOptions = o.labs.map((l) => html`<option value="${l.id}">${labTitle(l.id)}</option>`);
  const members = o.members.map((u) => html`<li><a href="/learners/${u.id}/attempts">${typed(u.name)}</a> <small>${typed(u.email)}</small></li>`);
  const body = html`<section class="group-page">
  <h1>${o.group.name}</h1>
  <div class="join-card card">
    <div class="qr">${raw(qrSvg(o.joinUrl, iw(lang, 'qrAlt', { name: o.group.name })))}</div>
    <dl>
      <dt>${t(lang, 'joinCode')}</dt><dd><code class="join-code" data-join-code>${o.group.joinCode}</code></dd>
      <dt>${iw(lang, 'joinLink')}</dt><dd><a href="${o.joinUrl}" data-join-link>${o.joinUrl}</a></dd>
    </dl>
    <p><a class="button" href="/instructor/groups/${o.group.id}/projector">${iw(lang, 'projector')}</a></p>
  </div>
  <h2>${iw(lang, 'assignments')}</h2>
  ${assignments.length ? html`<ul class="assignments">${assignments}</ul>` : html`<p>${iw(lang, 'noAssignments')}</p>`}
  <form method="post" action="/instructor/groups/${o.group.id}/assignments" class="toolbar card">
    <input type="hidden" name="_csrf" value="${v.visitor.csrf}">
    <label>${t(lang, 'lab')} <select name="lab" required>${labOptions}</select></label>
    <label>${iw(lang, 'dueAt')} <input type="datetime-local" name="due" min="${msToWallTime(now, v.tz)}"></label>
    <input type="hidden" name="tz" value="${v.tz}" data-tz-field>
    <button type="submit" class="primary">${iw(lang, 'assign')}</button>
  </form>
  <h2>${iw(lang, 'members')} (${o.members.length})</h2>
  <ul class="members">${members}</ul>
</section>`;
  return instructorPage(v, { title: o.group.name, path: `/instructor/groups/${o.group.id}`, body, current: '/instructor/groups' });
}

/** The join link and code, large, for the classroom projector. */
export function projectorPage(v: InstructorView, o: { group: Group; joinUrl: string }): string {
  const body = html`<section class="projector">
  <h1>${o.group.name}</h1>
  <div class="qr">${raw(qrSvg(o.joinUrl, iw(v.lang, 'qrAlt', { name: o.group.name })))}</div>
  <p class="projector-url">${o.joinUrl}</p>
  <p class="projector-code">${t(v.lang, 'joinCode')}: <code data-join-code>${o.group.joinCode}</code></p>
  <p>${iw(v.lang, 'projectorScan')}</p>
</section>`;
  return page({ lang: v.lang, title: o.group.name, visitor: v.visitor, body, path: `/instructor/groups/${o.group.id}/projector`, guestMode: v.guestMode, bodyClass: 'projector-page' });
}

/** Where a join link leads: the group's name and one button (a GET never joins anything). */
export function joinPage(o: { lang: import('../../../grader/checks/types').Lang; visitor: Visitor; group: Group; guestMode?: boolean }): string {
  const back = `/join/${o.group.joinCode}`;
  const body = !o.visitor.user
    ? html`<section class="message-page join-page">
  <h1>${t(o.lang, 'joinGroup')}: ${o.group.name}</h1>
  <p>${iw(o.lang, 'joinSignIn', { code: o.group.joinCode })}</p>
  <p><a class="button primary" href="/signin?next=${encodeURIComponent(back)}">${t(o.lang, 'signIn')}</a> <a class="button" href="/signup?code=${o.group.joinCode}&next=${encodeURIComponent(back)}" data-join-signup>${t(o.lang, 'signUp')}</a></p>
</section>`
    : html`<section class="message-page join-page">
  <h1>${t(o.lang, 'joinGroup')}</h1>
  <p>${iw(o.lang, 'joinConfirm', { name: o.group.name })}</p>
  <form method="post" action="/groups/join">
    <input type="hidden" name="_csrf" value="${o.visitor.csrf}">
    <input type="hidden" name="code" value="${o.group.joinCode}">
    <button type="submit" class="primary">${t(o.lang, 'joinGroup')}</button>
  </form>
</section>`;
  return page({ lang: o.lang, title: t(o.lang, 'joinGroup'), visitor: o.visitor, body, path: `/join/${o.group.joinCode}`, guestMode: o.guestMode });
}
