// Lesson pages at /<lang>/labs[/<lab>[/<step>]] and the files lessons refer to at /lab-files/<lab>/<path>. Visiting a
// page in a language remembers that language (cookie) for the next visit to /.
import path from 'node:path';
import { Router, type Request, type Response } from 'express';
import { visitorOf } from '../auth/request-auth';
import { LANG_COOKIE, isLang } from '../i18n';
import { setCookie } from '../http/cookies';
import { cataloguePage, lessonPage } from '../pages/lesson-pages';
import { langOf, refuse, requireUser, type AppContext } from '../context';

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
    res.type('html').send(cataloguePage({ lang: req.params.lang, visitor: visitorOf(req), labs: ctx.catalogue.list(), guestMode: ctx.guestMode }));
  });

  r.get('/:lang/labs/:lab', (req, res, next) => {
    if (!isLang(req.params.lang)) return next();
    const lab = ctx.catalogue.find(req.params.lab);
    if (!lab) return refuse(req, res, 404, ctx.guestMode);
    res.redirect(303, `/${req.params.lang}/labs/${lab.id}/${lab.steps[0].id}`);
  });

  r.get('/:lang/labs/:lab/:step', requireUser, (req, res, next) => {
    const lang = req.params.lang;
    if (!isLang(lang)) return next();
    const step = ctx.catalogue.stepPage(String(req.params.lab), String(req.params.step), lang);
    if (!step) return refuse(req, res, 404, ctx.guestMode);
    rememberLang(req, res);
    const visitor = visitorOf(req);
    // The step's clock starts on the first visit: events and replacements must happen after it, time spent counts from it.
    ctx.progress.visit(visitor.user!.id, step.lab.id, step.step.id);
    const passedSteps = new Set(ctx.progress.steps(visitor.user!.id, step.lab.id).filter((p) => p.passedAt !== undefined).map((p) => p.stepId));
    // The learner's cluster serves one lab at a time; another lab's objects are there when this says so.
    const scope = ctx.scopes.enter(visitor.user!.id, step.lab.id);
    const otherLab = scope.ok ? undefined : ctx.catalogue.find(scope.scope.labId) ?? { id: scope.scope.labId, title: { en: scope.scope.labId } };
    res.type('html').send(lessonPage({ lang, visitor, step, terminal: ctx.terminalState, guestMode: ctx.guestMode, passedSteps, otherLab }));
  });

  r.get('/lab-files/:lab/*file', (req, res) => {
    const rel = ([] as string[]).concat((req.params as Record<string, string | string[]>).file).join('/');
    const file = ctx.catalogue.labFile(String(req.params.lab), rel);
    const type = file ? LAB_FILE_TYPES[path.extname(file).toLowerCase()] : undefined;
    if (!file || !type || path.basename(file) === 'lab.yaml') return refuse(req, res, 404, ctx.guestMode);
    res.setHeader('Content-Type', type);
    // An SVG opened on its own must not run script in our origin.
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox");
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(file);
  });
  return r;
}
