// Grading and progress in the app: the Check API a lesson step posts to (the learner's own cluster, their quiz
// answers), the learner's own progress and history page with the labs assigned to their groups, and joining a
// group with a code. Learners see only their own progress; the instructors' views are in instructor-routes.ts.
import { Router } from 'express';
import { visitorOf } from '../auth/request-auth';
import { myProgressPage } from '../pages/progress-pages';
import { zoneOf } from '../pages/instructor/frame';
import { langOf, requireUser, type AppContext } from '../context';
import { isLang } from '../i18n';
import { notFound } from '../http/http-error';
import type { CheckAnswer } from '../../web/protocol';

function answersOf(body: unknown): Record<string, unknown> {
  const a = body && typeof body === 'object' ? (body as { answers?: unknown }).answers : undefined;
  if (!a || typeof a !== 'object' || Array.isArray(a)) return {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(a as Record<string, unknown>)) {
    if (typeof v === 'string') out[k] = v.slice(0, 500);
    else if (Array.isArray(v)) out[k] = v.slice(0, 20).map((x) => String(x).slice(0, 100));
  }
  return out;
}

export function progressRoutes(ctx: AppContext): Router {
  const r = Router();
  r.post('/api/labs/:lab/steps/:step/check', requireUser, async (req, res, next) => {
    const user = visitorOf(req).user!;
    const lab = ctx.catalogue.find(String(req.params.lab));
    const step = lab?.steps.find((s) => s.id === String(req.params.step));
    if (!lab || !step) throw notFound();
    try {
      const labCounts = () => {
        const passedSteps = new Set(ctx.progress.steps(user.id, lab.id).filter((p) => p.passedAt !== undefined).map((p) => p.stepId));
        return { steps: lab.steps.length, passed: lab.steps.filter((s) => passedSteps.has(s.id)).length, passedSteps: [...passedSteps] };
      };
      // Another lab's objects are in the cluster: grading them would pass or fail this lab for the wrong reasons.
      const scope = ctx.scopes.enter(user.id, lab.id);
      if (!scope.ok) {
        const other = ctx.catalogue.find(scope.scope.labId);
        const refused: CheckAnswer = { passed: false, results: [], scope: { labId: scope.scope.labId, title: other?.title ?? { en: scope.scope.labId } }, lab: labCounts() };
        res.json(refused);
        return;
      }
      const { grade, attempt } = await ctx.checker.check(user.id, lab, step.id, answersOf(req.body));
      const passedSteps = new Set(ctx.progress.steps(user.id, lab.id).filter((p) => p.passedAt !== undefined).map((p) => p.stepId));
      // A learner who came from an LMS: their share of the lab goes back to its gradebook (LTI AGS).
      const done = lab.steps.filter((s) => passedSteps.has(s.id)).length;
      void ctx.lti.passback.send(user.id, lab.id, { given: done, maximum: lab.steps.length, completed: done === lab.steps.length, label: lab.title.en ?? lab.title.ko ?? lab.id });
      const answer: CheckAnswer = {
        passed: attempt.passed,
        score: attempt.score,
        results: grade.results,
        lab: { steps: lab.steps.length, passed: lab.steps.filter((s) => passedSteps.has(s.id)).length, passedSteps: [...passedSteps] },
      };
      res.json(answer);
    } catch (e) {
      next(e);
    }
  });

  // Restart the lab, or jump to a step, on a fresh cluster (the steps before it prepared by their solutions).
  r.post('/api/labs/:lab/start', requireUser, async (req, res, next) => {
    const user = visitorOf(req).user!;
    const lab = ctx.catalogue.find(String(req.params.lab));
    const wanted = typeof req.body?.step === 'string' && req.body.step ? req.body.step : undefined;
    if (!lab || (wanted && !lab.steps.some((s) => s.id === wanted))) throw notFound();
    if (ctx.labStarter.isStarting(user.id)) {
      res.status(409).json({ error: 'already starting' });
      return;
    }
    try {
      const result = await ctx.labStarter.start(user.id, lab, wanted);
      if (req.accepts(['html', 'json']) === 'json') res.json(result);
      else res.redirect(303, `/${langOf(req)}/labs/${encodeURIComponent(lab.id)}/${encodeURIComponent(result.stepId)}`);
    } catch (e) {
      next(e);
    }
  });

  r.get('/:lang/progress', requireUser, (req, res, next) => {
    if (!isLang(req.params.lang)) return next();
    const visitor = visitorOf(req);
    const user = visitor.user!;
    res.type('html').send(
      myProgressPage({
        lang: langOf(req),
        visitor,
        labs: ctx.catalogue.list(),
        steps: ctx.progress.steps(user.id),
        attempts: ctx.progress.attempts(user.id, 100),
        groups: ctx.groups.groupsOf(user.id),
        assignments: ctx.assignments.ofLearner(user.id),
        tz: zoneOf(req),
        notice: typeof req.query.joined === 'string' ? (req.query.joined === 'no' ? 'badJoinCode' : 'joined') : undefined,
        guestMode: ctx.guestMode,
      }),
    );
  });

  r.post('/groups/join', requireUser, (req, res) => {
    const user = visitorOf(req).user!;
    const code = typeof req.body?.code === 'string' ? req.body.code : '';
    const group = code ? ctx.groups.join(user.id, code) : undefined;
    res.redirect(303, `/${langOf(req)}/progress?joined=${group ? 'yes' : 'no'}`);
  });

  return r;
}
