// Reads the course as text for the content tests: each lab's step markdown per language, its solution and wrong
// scripts, its manifest files and the YAML shown in its code blocks. Parsing of lab.yaml itself is the grader's
// (grader/lab-files.ts, grader/lab-plan.ts); this only gathers what the tests search.
import fs from 'node:fs';
import path from 'node:path';
import { listLabDirs, readLabFile, type LabFile } from '../../grader/lab-files';
import { stepMarkdown } from '../../grader/lab-content';
import { codeBlocks, manifestsIn } from './extract-seed-commands';

export const LABS_DIR = path.join(__dirname, '../../labs');
export const LANGS = ['ko', 'en'] as const;
export type Lang = (typeof LANGS)[number];

export interface StepText {
  id: string;
  /** Markdown per language (undefined when the file is missing). */
  markdown: Partial<Record<Lang, string>>;
  files: Partial<Record<Lang, string>>;
  solution?: string;
  wrong: string[];
  raw: any;
}

export interface LabText {
  lab: LabFile;
  steps: StepText[];
  /** manifests/*.yaml by file name. */
  manifestFiles: Record<string, string>;
}

function wrongScripts(raw: unknown): string[] {
  const list = raw === undefined || raw === null ? [] : Array.isArray(raw) ? raw : [raw];
  // A wrong attempt's mistake and the fix its hint advises are both course text.
  return list.flatMap((w) => (typeof w === 'string' ? [w] : [(w as any)?.run, (w as any)?.fix].filter((x): x is string => typeof x === 'string'))).filter(Boolean);
}

export function readLab(dir: string): LabText {
  const lab = readLabFile(dir);
  const steps: StepText[] = (Array.isArray(lab.data?.steps) ? lab.data.steps : []).map((s: any) => {
    const id = String(s?.id ?? '');
    const markdown: StepText['markdown'] = {};
    const files: StepText['files'] = {};
    for (const lang of LANGS) {
      const file = stepMarkdown(dir, lang, id, typeof s?.file === 'string' ? s.file : undefined);
      if (file) {
        files[lang] = file;
        markdown[lang] = fs.readFileSync(file, 'utf8');
      }
    }
    return { id, markdown, files, solution: typeof s?.solution === 'string' ? s.solution : undefined, wrong: wrongScripts(s?.wrong), raw: s };
  });
  const manifestDir = path.join(dir, 'manifests');
  const manifestFiles: Record<string, string> = {};
  if (fs.existsSync(manifestDir)) {
    for (const f of fs.readdirSync(manifestDir).filter((x) => /\.ya?ml$/.test(x)).sort()) {
      manifestFiles[f] = fs.readFileSync(path.join(manifestDir, f), 'utf8');
    }
  }
  return { lab, steps, manifestFiles };
}

export function readCourse(labsDir = LABS_DIR): LabText[] {
  return listLabDirs(labsDir).map(readLab);
}

/** Kubernetes objects shown in YAML code blocks of some markdown. */
export function manifestsShown(markdown: string): Record<string, unknown>[] {
  return codeBlocks(markdown)
    .filter((b) => ['yaml', 'yml', ''].includes(b.lang))
    .flatMap((b) => manifestsIn(b.text));
}

/**
 * A regex finding a command in prose or scripts: tokens separated by any whitespace, `<placeholder>` tokens standing
 * for any word, and the command ending where a word would (so `kubectl get pod` is not found in `kubectl get pods`).
 */
export function commandPattern(command: string): RegExp {
  const tokens = command.trim().split(/\s+/).map((tok) => (/^<[^>]+>$/.test(tok) ? '\\S+' : tok.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  return new RegExp(`(?:^|[\\s\`'"(])${tokens.join('\\s+')}(?=$|[\\s\`'")|;&])`, 'm');
}
