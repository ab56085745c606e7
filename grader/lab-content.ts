// Content checks of `kubelab labs check` beyond the checks themselves: every step is written in both course
// languages (ko/ and en/ mirror each other, as kubernetes/website's content/ko and content/en do), `::: kind` blocks
// are known and closed, and links to other labs and steps resolve, so a learner never follows a dead link.
import fs from 'node:fs';
import path from 'node:path';
import { at, LAB_MANIFEST, readLabFile, type LabFile } from './lab-files';

const LANGS = ['ko', 'en'] as const;

function markdownFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith('.md')).sort();
}

/** The markdown file of a step in one language: named by the step id, optionally behind a number (`01-run.md`). */
export function stepMarkdown(labDir: string, lang: string, stepId: string, explicit?: string): string | undefined {
  const dir = path.join(labDir, lang);
  if (explicit) return fs.existsSync(path.join(dir, explicit)) ? path.join(dir, explicit) : undefined;
  const hit = markdownFiles(dir).find((f) => f === `${stepId}.md` || new RegExp(`^\\d+[-_.]${stepId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.md$`).test(f));
  return hit ? path.join(dir, hit) : undefined;
}

function stepIdsOf(lab: LabFile): string[] {
  const steps: any[] = Array.isArray(lab.data?.steps) ? lab.data.steps : [];
  return steps.map((s) => String(s?.id ?? ''));
}

/** Links in markdown: [text](target), images excluded, without the #fragment split off. */
function links(markdown: string): { target: string; line: number }[] {
  const out: { target: string; line: number }[] = [];
  markdown.split('\n').forEach((text, i) => {
    for (const m of text.matchAll(/(?<!!)\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) out.push({ target: m[1], line: i + 1 });
  });
  return out;
}

const BLOCK_KINDS = ['tip', 'warning', 'note', 'hint', 'solution'];

/** `::: kind` … `:::` blocks: known kinds, each closed, no stray closing line (code fences skipped over). */
export function blockProblems(markdown: string): { line: number; message: string }[] {
  const out: { line: number; message: string }[] = [];
  const open: { kind: string; line: number }[] = [];
  let fence: string | undefined;
  markdown.split('\n').forEach((raw, i) => {
    const text = raw.trimEnd();
    const f = /^\s*(`{3,}|~{3,})/.exec(text)?.[1];
    if (fence) {
      if (f && f[0] === fence[0] && f.length >= fence.length && !text.trim().slice(f.length).trim()) fence = undefined;
      return;
    }
    if (f) {
      fence = f;
      return;
    }
    const m = /^\s*:::\s*(\S*)/.exec(text);
    if (!m) return;
    if (!m[1]) {
      if (!open.pop()) out.push({ line: i + 1, message: 'a closing ::: without a block to close' });
    } else {
      if (!BLOCK_KINDS.includes(m[1])) out.push({ line: i + 1, message: `unknown block "::: ${m[1]}" (known: ${BLOCK_KINDS.join(', ')})` });
      open.push({ kind: m[1], line: i + 1 });
    }
  });
  if (fence) out.push({ line: markdown.split('\n').length, message: `a code fence ${fence} is never closed` });
  for (const b of open) out.push({ line: b.line, message: `the block "::: ${b.kind}" is never closed (a line with only ::: closes it)` });
  return out;
}

function checkLink(target: string, file: string, labsDir: string, labs: Map<string, LabFile>): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) return undefined; // external or in-page
  const [p, fragment] = target.split('#', 2);
  // Site links to a lab or a lab's step: /labs/<id>[/<step>] (or #<step>).
  const site = /^\/labs\/([^/]+)(?:\/([^/]+))?\/?$/.exec(p);
  if (site) {
    const lab = labs.get(site[1]);
    if (!lab) return `link ${target}: there is no lab "${site[1]}"`;
    const step = site[2] ?? fragment;
    if (step && !stepIdsOf(lab).includes(step)) return `link ${target}: lab ${site[1]} has no step "${step}"`;
    return undefined;
  }
  if (p.startsWith('/')) return undefined; // other site pages are the web app's business
  const resolved = path.resolve(path.dirname(file), p);
  if (!resolved.startsWith(path.resolve(labsDir))) return `link ${target} points outside the labs folder`;
  if (!fs.existsSync(resolved)) return `link ${target}: ${path.relative(labsDir, resolved)} does not exist`;
  return undefined;
}

export function validateLabContent(lab: LabFile, labsDir: string): string[] {
  if (lab.syntaxErrors.length) return [];
  const problems: string[] = [];
  const labs = new Map<string, LabFile>();
  for (const d of fs.readdirSync(labsDir, { withFileTypes: true })) {
    if (d.isDirectory() && fs.existsSync(path.join(labsDir, d.name, LAB_MANIFEST))) {
      labs.set(d.name, d.name === lab.id ? lab : readLabFile(path.join(labsDir, d.name)));
    }
  }
  const steps: any[] = Array.isArray(lab.data?.steps) ? lab.data.steps : [];
  steps.forEach((s, i) => {
    const id = String(s?.id ?? '');
    if (!id) return;
    for (const lang of LANGS) {
      const explicit = typeof s?.file === 'string' ? s.file : undefined;
      const file = stepMarkdown(lab.dir, lang, id, explicit);
      if (!file) {
        problems.push(at(lab, ['steps', i], `step ${id} has no ${lang === 'ko' ? 'Korean' : 'English'} text: expected ${path.join(lab.dir, lang, explicit ?? `${id}.md`)}`));
        continue;
      }
      if (!fs.readFileSync(file, 'utf8').trim()) problems.push(`${file}:1: the ${lang} text of step ${id} is empty`);
    }
  });
  const [ko, en] = LANGS.map((l) => markdownFiles(path.join(lab.dir, l)));
  for (const f of ko.filter((x) => !en.includes(x))) problems.push(`${path.join(lab.dir, 'ko', f)}:1: has no English counterpart en/${f}`);
  for (const f of en.filter((x) => !ko.includes(x))) problems.push(`${path.join(lab.dir, 'en', f)}:1: has no Korean counterpart ko/${f}`);
  for (const lang of LANGS) {
    for (const f of markdownFiles(path.join(lab.dir, lang))) {
      const file = path.join(lab.dir, lang, f);
      const text = fs.readFileSync(file, 'utf8');
      for (const b of blockProblems(text)) problems.push(`${file}:${b.line}: ${b.message}`);
      for (const link of links(text)) {
        const problem = checkLink(link.target, file, labsDir, labs);
        if (problem) problems.push(`${file}:${link.line}: ${problem}`);
      }
    }
  }
  return problems;
}
