// Instructor pages: every learner, the class table and its exports, analytics, groups (join link, QR, projector,
// assignments), the lab preview; and one learner's live view and drill-down, which a learner may also open for
// themselves. Everything else is refused.
import fs from 'node:fs';
import { Router, type Request, type Response } from 'express';
import { pickText, type Lab } from '../../grader/lab-format';
import { readLabFile } from '../../grader/lab-files';
import { accessTo, visitorOf } from '../auth/request-auth';
import { learnerViewPage } from '../pages/instructor-pages';
import { learnersPage } from '../pages/instructor/learners-page';
import { classTablePage } from '../pages/instructor/class-page';
import { analyticsPage, STUCK_CHOICES } from '../pages/instructor/analytics-page';
import { drilldownPage } from '../pages/instructor/drilldown-page';
import { groupPage, groupsPage, joinPage, projectorPage } from '../pages/instructor/group-pages';
import { labPreviewPage, labsPreviewPage, type PreviewStep } from '../pages/instructor/lab-preview-page';
import { zoneOf, type InstructorView } from '../pages/instructor/frame';
import { failingChecks, heatmap, stepTimes, stuckNow } from '../progress/analytics';
import { progressCsv, progressRows } from '../progress/progress-csv';
import { xlsxWorkbook } from '../progress/xlsx';
import { gradescopeExport, groupGrades, junitExport } from '../progress/grade-export';
import { normalizeJoinCode } from '../progress/groups';
import { wallTimeToMs, isTimeZone } from '../../web/time-format';
import { langOf, requireUser, type AppContext } from '../context';
import { forbidden, notFound, requireInstructor } from '../http/http-error';

export function instructorRoutes(ctx: AppContext): Router {
  const r = Router();
  const view = (req: Request): InstructorView => ({ lang: langOf(req), visitor: visitorOf(req), tz: zoneOf(req), guestMode: ctx.guestMode });
  const classOf = (req: Request) => {
    const groupId = typeof req.query.group === 'string' && req.query.group && ctx.groups.byId(req.query.group) ? req.query.group : undefined;
    const members = groupId ? ctx.groups.members(groupId) : undefined;
    const learners = ctx.auth.users.list().filter((u) => !members || members.has(u.id));
    return { groupId, learners };
  };
  const joinUrl = (req: Request, code: string) => `${req.protocol}://${req.get('host')}/join/${code}`;

  r.get('/instructor', requireUser, requireInstructor, (req, res) => {
    res.type('html').send(learnersPage(view(req), { users: ctx.auth.users.list(), running: (id) => !!ctx.clusters.running(id) }));
  });

  r.get('/instructor/progress', requireUser, requireInstructor, (req, res) => {
    const { groupId, learners } = classOf(req);
    res.type('html').send(classTablePage(view(req), { labs: ctx.catalogue.list(), learners, steps: ctx.progress.allSteps(), groups: ctx.groups.list(), groupId }));
  });

  r.get('/instructor/progress.csv', requireUser, requireInstructor, (req, res) => {
    const { learners } = classOf(req);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="kubelab-progress.csv"');
    res.send(progressCsv(ctx.catalogue.list(), learners, ctx.progress.allSteps()));
  });

  r.get('/instructor/progress.xlsx', requireUser, requireInstructor, (req, res) => {
    const { learners } = classOf(req);
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', 'attachment; filename="kubelab-progress.xlsx"');
    res.send(xlsxWorkbook('progress', progressRows(ctx.catalogue.list(), learners, ctx.progress.allSteps())));
  });

  r.get('/instructor/grades', requireUser, requireInstructor, (req, res) => {
    const { learners } = classOf(req);
    const labId = typeof req.query.lab === 'string' && req.query.lab ? req.query.lab : undefined;
    const labs = ctx.catalogue.list().filter((l) => !labId || l.id === labId);
    if (labId && !labs.length) throw notFound();
    const grades = groupGrades(labs, learners, ctx.progress.attemptsSince(0, labId));
    const name = `kubelab-grades${labId ? `-${labId}` : ''}`;
    if (req.query.format === 'junit') {
      res.setHeader('Content-Type', 'application/xml; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="${name}.xml"`);
      res.send(junitExport(grades, langOf(req)));
    } else {
      res.setHeader('Content-Disposition', `attachment; filename="${name}.json"`);
      res.json(gradescopeExport(grades, langOf(req)));
    }
  });

  r.get('/instructor/analytics', requireUser, requireInstructor, (req, res) => {
    const { groupId, learners } = classOf(req);
    const labs = ctx.catalogue.list();
    const lab = labs.find((l) => l.id === req.query.lab) ?? labs[0];
    const wanted = Number(req.query.stuck);
    const stuckMinutes = STUCK_CHOICES.includes(wanted) ? wanted : 10;
    const ids = new Set(learners.map((u) => u.id));
    const now = Date.now();
    let data;
    if (lab) {
      const steps = ctx.progress.allSteps().filter((p) => ids.has(p.userId));
      const attempts = ctx.progress.attemptsSince(0, lab.id).filter((a) => ids.has(a.userId));
      const active = learners.filter((u) => u.role === 'learner' || steps.some((p) => p.userId === u.id && p.labId === lab.id));
      data = {
        lab, learners,
        heat: heatmap(lab, active.map((u) => u.id), steps, attempts),
        failing: failingChecks(attempts, ids),
        times: stepTimes(lab, ids, steps),
        stuck: stuckNow(attempts, ids, now, stuckMinutes),
        stuckMinutes,
      };
    }
    res.type('html').send(analyticsPage({ ...view(req), now }, { labs, groups: ctx.groups.list(), groupId, data, stuckMinutes }));
  });

  r.get('/instructor/groups', requireUser, requireInstructor, (req, res) => {
    res.type('html').send(groupsPage(view(req), { groups: ctx.groups.list().map((g) => ({ ...g, members: ctx.groups.members(g.id).size })) }));
  });

  r.post('/instructor/groups', requireUser, requireInstructor, (req, res) => {
    const name = typeof req.body?.name === 'string' ? req.body.name.trim().slice(0, 80) : '';
    const group = name ? ctx.groups.create(visitorOf(req).user!.id, name) : undefined;
    res.redirect(303, group ? `/instructor/groups/${group.id}` : '/instructor/groups');
  });

  r.get('/instructor/groups/:id', requireUser, requireInstructor, (req, res) => {
    const group = ctx.groups.byId(String(req.params.id));
    if (!group) throw notFound();
    const members = ctx.groups.members(group.id);
    res.type('html').send(
      groupPage(view(req), {
        group, joinUrl: joinUrl(req, group.joinCode), members: ctx.auth.users.list().filter((u) => members.has(u.id)), labs: ctx.catalogue.list(), assignments: ctx.assignments.ofGroup(group.id),
      }),
    );
  });

  r.get('/instructor/groups/:id/projector', requireUser, requireInstructor, (req, res) => {
    const group = ctx.groups.byId(String(req.params.id));
    if (!group) throw notFound();
    res.type('html').send(projectorPage(view(req), { group, joinUrl: joinUrl(req, group.joinCode) }));
  });

  r.post('/instructor/groups/:id/assignments', requireUser, requireInstructor, (req, res) => {
    const group = ctx.groups.byId(String(req.params.id));
    const lab = ctx.catalogue.find(String(req.body?.lab ?? ''));
    if (!group || !lab) throw notFound();
    const tz = isTimeZone(req.body?.tz) ? req.body.tz : zoneOf(req);
    const due = typeof req.body?.due === 'string' && req.body.due ? wallTimeToMs(req.body.due, tz) : undefined;
    ctx.assignments.assign(group.id, lab.id, due);
    res.redirect(303, `/instructor/groups/${group.id}`);
  });

  r.post('/instructor/groups/:id/assignments/:lab/delete', requireUser, requireInstructor, (req, res) => {
    ctx.assignments.remove(String(req.params.id), String(req.params.lab));
    res.redirect(303, `/instructor/groups/${encodeURIComponent(String(req.params.id))}`);
  });

  // The join link: who follows it confirms with one button; a visitor not signed in is asked to sign in (and come
  // back here) or to sign up and open the link again.
  r.get('/join/:code', (req, res) => {
    const code = normalizeJoinCode(String(req.params.code));
    const group = ctx.groups.list().find((g) => g.joinCode === code);
    if (!group) throw notFound();
    res.type('html').send(joinPage({ lang: langOf(req), visitor: visitorOf(req), group, guestMode: ctx.guestMode }));
  });

  r.get('/instructor/labs', requireUser, requireInstructor, (req, res) => {
    res.type('html').send(labsPreviewPage(view(req), { labs: ctx.catalogue.list(), problems: ctx.catalogue.problems(), labsDir: ctx.catalogue.labsDir }));
  });

  r.get('/instructor/labs/:lab', requireUser, requireInstructor, (req, res) => {
    const lab = ctx.catalogue.find(String(req.params.lab));
    if (!lab) throw notFound();
    const lang = langOf(req);
    res.type('html').send(labPreviewPage(view(req), { lab, steps: previewSteps(ctx, lab, lang), prerequisites: lab.prerequisites.map((id) => ({ id, title: pickText(ctx.catalogue.find(id)?.title ?? { en: id }, lang).text })) }));
  });

  r.get('/learners/:id', requireUser, (req, res) => {
    const visitor = visitorOf(req);
    const id = String(req.params.id);
    if (!accessTo(visitor.user, id)) throw forbidden();
    const learner = ctx.auth.users.byId(id);
    if (!learner) throw notFound();
    res.type('html').send(learnerViewPage({ lang: langOf(req), visitor, learner, terminal: ctx.terminalState }));
  });

  r.get('/learners/:id/attempts', requireUser, (req: Request, res: Response) => {
    const id = String(req.params.id);
    if (!accessTo(visitorOf(req).user, id)) throw forbidden();
    const learner = ctx.auth.users.byId(id);
    if (!learner) throw notFound();
    res.type('html').send(
      drilldownPage(view(req), {
        learner, labs: ctx.catalogue.list(), steps: ctx.progress.steps(id), attempts: ctx.progress.attempts(id, 1000), requests: ctx.requests.recent(id, 300),
        recordings: ctx.recordings.list(id), retentionDays: ctx.recordings.retentionDays, history: !!ctx.history.span(id),
      }),
    );
  });
  return r;
}

/** Each step of a lab as the preview shows it: its text in the page's language, and the proof from lab.yaml. */
function previewSteps(ctx: AppContext, lab: Lab, lang: 'ko' | 'en'): PreviewStep[] {
  const raw: any[] = fs.existsSync(lab.dir) ? (readLabFile(lab.dir).data?.steps ?? []) : [];
  return lab.steps.map((s) => {
    const page = ctx.catalogue.stepPage(lab.id, s.id, lang);
    const source = raw.find((x) => x?.id === s.id) ?? {};
    return { id: s.id, title: pickText(s.title, lang).text, html: page?.html, fallback: !!page?.fallback, solution: s.solution, checks: s.checks, wrong: Array.isArray(source.wrong) ? source.wrong : undefined };
  });
}
