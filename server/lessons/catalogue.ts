// The labs the web app offers, read through the lab format (grader/lab-format.ts) and re-read when a lab folder
// changes — a lab added (`kubelab labs new`), its lab.yaml edited, a step's file added or removed — so course
// authors see their edits on the next page load, without a restart. A lab with errors is left out, its errors
// logged and listed on the instructors' lab preview; a step's text falls back to the other language when its
// translation is missing.
import fs from 'node:fs';
import path from 'node:path';
import type { Lang } from '../../grader/checks/types';
import { loadLabs, type Lab, type LabStep } from '../../grader/lab-format';
import { t } from '../i18n';
import { createLessonRenderer, renderLesson } from './markdown';
import type { ManifestBlock } from './manifest-blocks';

export interface StepPage {
  lab: Lab;
  step: LabStep;
  index: number;
  prev?: LabStep;
  next?: LabStep;
  html: string;
  /** The step's manifest blocks, which its "save as file" buttons write into the learner's home. */
  manifests: ManifestBlock[];
  /** The language the text is in (differs from the page's when the translation is missing). */
  textLang: Lang;
  fallback: boolean;
}

export class LabCatalogue {
  private labs: Lab[] = [];
  private errors: string[] = [];
  private stamp = '';
  private readonly md = createLessonRenderer();
  private readonly rendered = new Map<string, { mtimeMs: number; html: string; manifests: ManifestBlock[] }>();

  constructor(
    readonly labsDir: string,
    private readonly log: (msg: string) => void = () => undefined,
  ) {}

  /**
   * A fingerprint of the lab folders: cheap to compute (a few stats per lab), changes when any lab.yaml changes or
   * a step file is added to or removed from ko/ or en/ (their folders' mtimes). A step file's own edits need no
   * reload: its rendering is cached by the file's mtime.
   */
  private fingerprint(): string {
    if (!fs.existsSync(this.labsDir)) return 'missing';
    const mtime = (p: string) => {
      try {
        return String(fs.statSync(p).mtimeMs);
      } catch {
        return '';
      }
    };
    return fs
      .readdirSync(this.labsDir)
      .sort()
      .map((d) => {
        const dir = path.join(this.labsDir, d);
        return `${d}:${mtime(path.join(dir, 'lab.yaml'))}:${mtime(path.join(dir, 'ko'))}:${mtime(path.join(dir, 'en'))}`;
      })
      .join('|');
  }

  list(): Lab[] {
    const stamp = this.fingerprint();
    if (stamp !== this.stamp) {
      this.stamp = stamp;
      if (stamp === 'missing') {
        this.labs = [];
        this.log(`labs folder ${this.labsDir} does not exist`);
      } else {
        const { labs, errors } = loadLabs(this.labsDir);
        this.labs = labs;
        this.errors = errors;
        for (const e of errors) this.log(`lab problem: ${e}`);
      }
    }
    return this.labs;
  }

  /** The problems found when the labs were last read (`file:line: message`), for the instructors' preview. */
  problems(): string[] {
    this.list();
    return this.errors;
  }

  find(labId: string): Lab | undefined {
    return this.list().find((l) => l.id === labId);
  }

  stepPage(labId: string, stepId: string, lang: Lang): StepPage | undefined {
    const lab = this.find(labId);
    const index = lab ? lab.steps.findIndex((s) => s.id === stepId) : -1;
    if (!lab || index < 0) return undefined;
    const step = lab.steps[index];
    const textLang: Lang = step.files[lang] ? lang : lang === 'ko' ? 'en' : 'ko';
    const file = step.files[textLang];
    if (!file) return undefined;
    const { html, manifests } = this.render(file, lab.id, lang, textLang);
    return {
      lab,
      step,
      index,
      prev: lab.steps[index - 1],
      next: lab.steps[index + 1],
      html,
      manifests,
      textLang,
      fallback: textLang !== lang,
    };
  }

  /** Renders a step file; buttons and admonition titles speak the page's language, links keep it too. */
  private render(file: string, labId: string, pageLang: Lang, textLang: Lang): { html: string; manifests: ManifestBlock[] } {
    const key = `${file}|${pageLang}`;
    const mtimeMs = fs.statSync(file).mtimeMs;
    const cached = this.rendered.get(key);
    if (cached && cached.mtimeMs === mtimeMs) return cached;
    const manifests: ManifestBlock[] = [];
    const html = renderLesson(this.md, fs.readFileSync(file, 'utf8'), {
      lang: textLang,
      pageLang,
      labId,
      buttons: { copy: t(pageLang, 'copy'), run: t(pageLang, 'runInTerminal'), save: t(pageLang, 'saveAsFile') },
      manifests,
      admonitionTitles: { tip: t(pageLang, 'tip'), warning: t(pageLang, 'warning'), note: t(pageLang, 'note'), hint: t(pageLang, 'hint'), solution: t(pageLang, 'solution') },
    });
    const entry = { mtimeMs, html, manifests };
    this.rendered.set(key, entry);
    return entry;
  }

  /** A file a lesson refers to (pictures, manifests): only regular files inside the lab's folder, never lab.yaml's siblings outside. */
  labFile(labId: string, relative: string): string | undefined {
    const lab = this.find(labId);
    if (!lab) return undefined;
    const root = path.resolve(lab.dir);
    const full = path.resolve(root, relative);
    if (!full.startsWith(root + path.sep)) return undefined;
    try {
      return fs.statSync(full).isFile() ? full : undefined;
    } catch {
      return undefined;
    }
  }
}
