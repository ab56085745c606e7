// The labs the web app offers, read through the lab format (grader/lab-format.ts) and re-read when a lab.yaml
// changes, so course authors see their edits on reload. A lab with errors is left out and its errors logged; a
// step's text falls back to the other language when its translation is missing.
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
  private stamp = '';
  private readonly md = createLessonRenderer();
  private readonly rendered = new Map<string, { mtimeMs: number; html: string; manifests: ManifestBlock[] }>();

  constructor(
    readonly labsDir: string,
    private readonly log: (msg: string) => void = () => undefined,
  ) {}

  /** A fingerprint of the lab folders' manifests: cheap to compute, changes when any lab.yaml changes. */
  private fingerprint(): string {
    if (!fs.existsSync(this.labsDir)) return 'missing';
    return fs
      .readdirSync(this.labsDir)
      .sort()
      .map((d) => {
        try {
          return `${d}:${fs.statSync(path.join(this.labsDir, d, 'lab.yaml')).mtimeMs}`;
        } catch {
          return '';
        }
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
        for (const e of errors) this.log(`lab problem: ${e}`);
      }
    }
    return this.labs;
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
