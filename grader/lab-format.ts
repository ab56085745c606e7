// The lab format as the web app reads it: labs/<id>/lab.yaml gives a lab's id, order, bilingual title and summary,
// time estimate, prerequisites and steps; each step's text is labs/<id>/<lang>/<step-id>.md. Problems come back as
// `file:line: message` so a course author can jump to them. A missing translation is not an error here (the web app
// shows the other language with a notice); `kubelab labs check` is stricter (grader/lab-content.ts).
import fs from 'node:fs';
import path from 'node:path';
import { at, listLabDirs, readLabFile, type LabFile } from './lab-files';
import { stepMarkdown } from './lab-content';
import { isMapping, type FieldPath } from './checks/fields';
import type { Lang } from './checks/types';

export const LAB_LANGS: readonly Lang[] = ['ko', 'en'];

/** Text in the course languages; at least one is present. */
export type LocalizedText = Partial<Record<Lang, string>>;

export interface LabStep {
  id: string;
  title: LocalizedText;
  /** Grader checks as written (the grader parses and validates them). */
  checks?: unknown[];
  /** Shell script that completes the step (run by `kubelab labs check`). */
  solution?: string;
  /** The step's markdown file per language, when it exists. */
  files: Partial<Record<Lang, string>>;
}

export interface Lab {
  id: string;
  dir: string;
  order: number;
  title: LocalizedText;
  summary: LocalizedText;
  estimatedMinutes: number;
  prerequisites: string[];
  steps: LabStep[];
}

export interface LoadedLab {
  lab?: Lab;
  errors: string[];
}

const LAB_FIELDS = ['id', 'order', 'title', 'summary', 'estimatedMinutes', 'prerequisites', 'steps'];
// `wrong` and `file` belong to the grader (deliberate wrong attempts) and to authors who number their files.
const STEP_FIELDS = ['id', 'title', 'checks', 'solution', 'wrong', 'file'];
const ID = /^[a-z0-9][a-z0-9-]*$/;

function localized(file: LabFile, value: unknown, where: FieldPath, errors: string[]): LocalizedText {
  if (!isMapping(value)) {
    errors.push(at(file, where, `${where.join('.')} must be a mapping of languages to text, e.g. { ko: ..., en: ... }`));
    return {};
  }
  const out: LocalizedText = {};
  for (const [k, v] of Object.entries(value)) {
    if (!(LAB_LANGS as readonly string[]).includes(k)) errors.push(at(file, [...where, k], `unknown language "${k}" (use ko or en)`));
    else if (typeof v !== 'string' || !v.trim()) errors.push(at(file, [...where, k], `${[...where, k].join('.')} must be non-empty text`));
    else out[k as Lang] = v.trim();
  }
  if (!out.ko && !out.en && !errors.length) errors.push(at(file, where, `${where.join('.')} needs at least ko or en`));
  return out;
}

function readStep(file: LabFile, raw: unknown, i: number, seen: Set<string>, errors: string[]): LabStep | undefined {
  const where: FieldPath = ['steps', i];
  if (!isMapping(raw)) {
    errors.push(at(file, where, 'a step is a mapping with at least id and title'));
    return undefined;
  }
  for (const k of Object.keys(raw)) if (!STEP_FIELDS.includes(k)) errors.push(at(file, [...where, k], `unknown step field "${k}" (known: ${STEP_FIELDS.join(', ')})`));
  const id = typeof raw.id === 'string' ? raw.id : '';
  if (!ID.test(id)) {
    errors.push(at(file, [...where, 'id'], `step id must be lowercase letters, digits and dashes (got ${JSON.stringify(raw.id ?? null)})`));
    return undefined;
  }
  if (seen.has(id)) errors.push(at(file, [...where, 'id'], `duplicate step id "${id}"`));
  seen.add(id);
  const title = localized(file, raw.title, [...where, 'title'], errors);
  if (raw.checks !== undefined && !Array.isArray(raw.checks)) errors.push(at(file, [...where, 'checks'], 'checks must be a list'));
  if (raw.solution !== undefined && typeof raw.solution !== 'string') errors.push(at(file, [...where, 'solution'], 'solution must be a shell script (a string)'));
  const explicit = typeof raw.file === 'string' ? raw.file : undefined;
  const files: Partial<Record<Lang, string>> = {};
  for (const lang of LAB_LANGS) {
    const f = stepMarkdown(file.dir, lang, id, explicit);
    if (f) files[lang] = f;
  }
  if (!files.ko && !files.en) {
    errors.push(at(file, where, `step ${id} has no text: expected ${path.join(file.dir, 'ko', `${id}.md`)} or ${path.join(file.dir, 'en', `${id}.md`)}`));
  }
  return {
    id,
    title,
    checks: Array.isArray(raw.checks) ? raw.checks : undefined,
    solution: typeof raw.solution === 'string' ? raw.solution : undefined,
    files,
  };
}

/** Reads and validates one lab folder. `lab` is set when the lab is usable (no errors). */
export function loadLab(dir: string): LoadedLab {
  if (!fs.existsSync(path.join(dir, 'lab.yaml'))) return { errors: [`${path.join(dir, 'lab.yaml')}:1: no lab.yaml in ${dir}`] };
  const file = readLabFile(dir);
  const errors = [...file.syntaxErrors];
  if (errors.length) return { errors };
  const d = file.data;
  if (!isMapping(d)) return { errors: [at(file, [], 'lab.yaml must be a mapping')] };
  for (const k of Object.keys(d)) if (!LAB_FIELDS.includes(k)) errors.push(at(file, [k], `unknown field "${k}" (known: ${LAB_FIELDS.join(', ')})`));
  if (d.id !== file.id) errors.push(at(file, ['id'], `id must be the folder name "${file.id}" (got ${JSON.stringify(d.id ?? null)})`));
  if (!ID.test(file.id)) errors.push(at(file, [], `the folder name "${file.id}" must be lowercase letters, digits and dashes`));
  if (typeof d.order !== 'number' || !Number.isFinite(d.order)) errors.push(at(file, ['order'], 'order must be a number (labs are listed by it)'));
  const title = localized(file, d.title, ['title'], errors);
  const summary = localized(file, d.summary, ['summary'], errors);
  if (typeof d.estimatedMinutes !== 'number' || !(d.estimatedMinutes > 0)) errors.push(at(file, ['estimatedMinutes'], 'estimatedMinutes must be a positive number'));
  const prerequisites = d.prerequisites ?? [];
  if (!Array.isArray(prerequisites) || prerequisites.some((p: unknown) => typeof p !== 'string')) {
    errors.push(at(file, ['prerequisites'], 'prerequisites must be a list of lab ids'));
  }
  const steps: LabStep[] = [];
  if (!Array.isArray(d.steps) || !d.steps.length) errors.push(at(file, ['steps'], 'steps must be a non-empty list'));
  else {
    const seen = new Set<string>();
    d.steps.forEach((s: unknown, i: number) => {
      const step = readStep(file, s, i, seen, errors);
      if (step) steps.push(step);
    });
  }
  if (errors.length) return { errors };
  return {
    lab: { id: file.id, dir, order: d.order as number, title, summary, estimatedMinutes: d.estimatedMinutes as number, prerequisites: Array.isArray(prerequisites) ? prerequisites : [], steps },
    errors,
  };
}

/** Every lab under `labsDir`, sorted by order then id; labs with errors are left out and their errors returned. */
export function loadLabs(labsDir: string): { labs: Lab[]; errors: string[] } {
  const labs: Lab[] = [];
  const errors: string[] = [];
  for (const dir of listLabDirs(labsDir)) {
    const r = loadLab(dir);
    errors.push(...r.errors);
    if (r.lab) labs.push(r.lab);
  }
  const ids = new Set(labs.map((l) => l.id));
  for (const lab of labs) {
    for (const p of lab.prerequisites) {
      if (!ids.has(p)) errors.push(`${path.join(lab.dir, 'lab.yaml')}:1: prerequisite "${p}" is not a lab in ${labsDir}`);
    }
  }
  labs.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  return { labs, errors };
}

/** The text in `lang`, else in the other language; `fallback` says which happened. */
export function pickText(text: LocalizedText, lang: Lang): { text: string; lang: Lang; fallback: boolean } {
  const other: Lang = lang === 'ko' ? 'en' : 'ko';
  if (text[lang]) return { text: text[lang]!, lang, fallback: false };
  return { text: text[other] ?? '', lang: other, fallback: true };
}
