// Lesson pages at /<lang>/labs[/<lab>[/<step>]], the files lessons refer to at /lab-files/<lab>/<path>, and a step's
// "save as file" (its manifest written into the learner's home). Visiting a page in a language remembers that
// language (cookie) for the next visit to /.
import path from 'node:path';
import { Router, type Request, type Response } from 'express';
import { visitorOf } from '../auth/request-auth';
import { LANG_COOKIE, isLang } from '../i18n';
import { setCookie } from '../http/cookies';
import { cataloguePage, lessonPage } from '../pages/lesson-pages';
import { labCompletePage } from '../pages/lab-complete-page';
import { labStatus, nextLab, openPrerequisites } from '../lessons/course-flow';
import { langOf, requireUser, type AppContext } from '../context';
import { notFound } from '../http/http-error';

const LAB_FILE_TYPES: Record<string, string> = {
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.yaml': 'text/plain; charset=utf-8',
  '.yml': 'text/plain; charset=utf-8',
  '.json': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.sh': 'text/plain; charset=utf-8',
};

function rememberLang(req: Request, res: Response): void {
  const lang = req.params.lang;
  if (isLang(lang) && req.headers.cookie?.includes(`${LANG_COOKIE}=${lang}`) !== true) {
    setCookie(res, LANG_COOKIE, lang, { maxAgeMs: 365 * 24 * 3600 * 1000, httpOnly: false });
  }
}

export function lessonRoutes(ctx: AppContext): Router {
  const r = Router();

  r.get('/', (req, res) => res.redirect(303, `/${langOf(req)}/labs`));

  r.get('/:lang/labs', (req, res, next) => {
    if (!isLang(req.params.lang)) return next();
    rememberLang(req, res);
    const visitor = visitorOf(req);
    const steps = visitor.user ? ctx.progress.steps(visitor.user.id) : [];
    res.type('html').send(cataloguePage({ lang: req.params.lang, visitor, labs: ctx.catalogue.list(), steps, guestMode: ctx.guestMode }));
  });

  // A lab's address leads to its first step not yet passed (the first step for a new learner).
  r.get('/:lang/labs/:lab', (req, res, next) => {
    if (!isLang(req.params.lang)) return next();
    const lab = ctx.catalogue.find(req.params.lab);
    if (!lab) throw notFound();
    const user = visitorOf(req).user;
    const status = user ? labStatus(lab, ctx.progress.steps(user.id, lab.id)) : undefined;
    const step = lab.steps.find((s) => !status?.passed.has(s.id)) ?? lab.steps[0];
    res.redirect(303, `/${req.params.lang}/labs/${lab.id}/${step.id}`);
  });

  r.get('/:lang/labs/:lab/complete', requireUser, (req, res, next) => {
    const lang = req.params.lang;
    if (!isLang(lang)) return next();
    const lab = ctx.catalogue.find(String(req.params.lab));
    if (!lab) return next();
    rememberLang(req, res);
    const labs = ctx.catalogue.list();
    const steps = ctx.progress.steps(visitorOf(req).user!.id);
    res.type('html').send(labCompletePage({ lang, visitor: visitorOf(req), labs, status: labStatus(lab, steps), next: nextLab(labs, lab), steps, guestMode: ctx.guestMode }));
  });

  r.get('/:lang/labs/:lab/:step', requireUser, (req, res, next) => {
    const lang = req.params.lang;
    if (!isLang(lang)) return next();
    const step = ctx.catalogue.stepPage(String(req.params.lab), String(req.params.step), lang);
    if (!step) throw notFound();
    rememberLang(req, res);
    const visitor = visitorOf(req);
    // The step's clock starts on the first visit: events and replacements must happen after it, time spent counts from it.
    ctx.progress.visit(visitor.user!.id, step.lab.id, step.step.id);
    const passedSteps = new Set(ctx.progress.steps(visitor.user!.id, step.lab.id).filter((p) => p.passedAt !== undefined).map((p) => p.stepId));
    // The learner's cluster serves one lab at a time; another lab's objects are there when this says so.
    const scope = ctx.scopes.enter(visitor.user!.id, step.lab.id);
    const otherLab = scope.ok ? undefined : ctx.catalogue.find(scope.scope.labId) ?? { id: scope.scope.labId, title: { en: scope.scope.labId } };
    const prerequisites = openPrerequisites(ctx.catalogue.list(), step.lab, ctx.progress.steps(visitor.user!.id));
    res.type('html').send(
      lessonPage({
        lang, visitor, step, terminal: ctx.terminalState, guestMode: ctx.guestMode, passedSteps, otherLab, openPrerequisites: prerequisites,
        terminalTabs: ctx.terminals?.tabs(visitor.user!.id), canSaveFiles: !!ctx.homeFiles && ctx.terminalState === 'available',
      }),
    );
  });

  // "Save as file": the step's own manifest (never text from the browser) into the learner's home.
  r.post('/api/labs/:lab/steps/:step/files', requireUser, async (req, res, next) => {
    const lang = isLang(req.query.lang) ? req.query.lang : 'en';
    const step = ctx.catalogue.stepPage(String(req.params.lab), String(req.params.step), lang);
    const index = Number((req.body as { index?: unknown } | undefined)?.index);
    const manifest = step && Number.isInteger(index) ? step.manifests[index] : undefined;
    if (!manifest) throw notFound();
    if (!ctx.homeFiles) {
      res.status(503).json({ error: 'no terminal on this server' });
      return;
    }
    try {
      await ctx.homeFiles.write(visitorOf(req).user!.id, manifest.file, manifest.content);
      res.json({ path: `~/${manifest.file}`, file: manifest.file });
    } catch (e) {
      next(e);
    }
  });

  r.get('/lab-files/:lab/*file', (req, res) => {
    const rel = ([] as string[]).concat((req.params as Record<string, string | string[]>).file).join('/');
    const file = ctx.catalogue.labFile(String(req.params.lab), rel);
    const type = file ? LAB_FILE_TYPES[path.extname(file).toLowerCase()] : undefined;
    if (!file || !type || path.basename(file) === 'lab.yaml') throw notFound();
    res.setHeader('Content-Type', type);
    // An SVG opened on its own must not run script in our origin.
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox");
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(file);
  });
  return r;
}
