// The course as a learner meets it: every lab passes the grader's own validation (schema, both languages, links),
// every step and check speaks Korean and English, Korean uses the glossary's official terms, pictures exist in the
// learner's language, markdown renders as intended, and the YAML a solution applies is the YAML the text shows.
import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import MarkdownIt from 'markdown-it';
import YAML from 'yaml';
import { planLab } from '../../grader/lab-plan';
import { loadLabs } from '../../grader/lab-format';
import { validateLabContent } from '../../grader/lab-content';
import { parseChecks } from '../../grader/checks/schema';
import type { Check, Text } from '../../grader/checks/types';
import { codeBlocks, manifestsIn } from './extract-seed-commands';
import { LABS_DIR, LANGS, manifestsShown, readCourse, type LabText } from './lab-corpus';

const course = readCourse();
const HANGUL = /[\uac00-\ud7a3]/;
const ADMONITIONS = ['tip', 'warning', 'note', 'hint', 'solution'];

interface Term {
  en: string;
  ko: string;
  variants?: string[];
}
const glossary: Term[] = YAML.parse(fs.readFileSync(path.join(LABS_DIR, 'glossary.yaml'), 'utf8')).terms;

function checksOf(lab: LabText): { step: string; check: Check }[] {
  return lab.steps.flatMap((s) => parseChecks(s.raw?.checks).checks.map((check) => ({ step: s.id, check })));
}

/** Every bilingual sentence of a check: title, hint, and a quiz's question and choices. */
function textsOf(check: Check): Text[] {
  const out = [check.title, check.hint];
  if (check.type === 'quiz') out.push(check.question, ...(check.choices ?? []).map((c) => c.text));
  return out;
}

function bilingualProblems(where: string, t: Text | undefined): string[] {
  if (!t || typeof t.ko !== 'string' || typeof t.en !== 'string') return [`${where}: needs { ko, en }`];
  const out: string[] = [];
  if (!t.ko.trim() || !t.en.trim()) out.push(`${where}: empty text`);
  // Korean text may be all code or English terms ("kubelet"), but English must never carry Korean.
  if (HANGUL.test(t.en)) out.push(`${where}: English text contains Korean: ${t.en}`);
  return out;
}

describe.each(course.map((l) => [l.lab.id, l] as const))('lab %s', (_id, lab) => {
  it('passes the grader validation (schema, ko and en text for every step, links)', () => {
    const { errors } = planLab(lab.lab);
    expect([...errors, ...validateLabContent(lab.lab, LABS_DIR)]).toEqual([]);
  });

  it('has id, order, bilingual title and summary, a time estimate and earlier prerequisites', () => {
    const d = lab.lab.data;
    expect(d.id).toBe(lab.lab.id);
    expect(lab.lab.id).toMatch(/^\d\d-[a-z0-9-]+$/);
    expect(d.order).toBe(Number(lab.lab.id.slice(0, 2)));
    const problems = [...bilingualProblems('title', d.title), ...bilingualProblems('summary', d.summary)];
    expect(problems).toEqual([]);
    expect(HANGUL.test(d.title.ko) && HANGUL.test(d.summary.ko)).toBe(true);
    expect(Number.isInteger(d.estimatedMinutes) && d.estimatedMinutes > 0).toBe(true);
    expect(Array.isArray(d.prerequisites)).toBe(true);
    for (const p of d.prerequisites) {
      const other = course.find((l) => l.lab.id === p);
      expect(other && other.lab.data.order < d.order).toBe(true);
    }
  });

  it('keeps every { ko, en } mapping to those two keys (an unquoted comma would split one)', () => {
    const problems: string[] = [];
    const walk = (o: unknown, where: string): void => {
      if (Array.isArray(o)) o.forEach((v, i) => walk(v, `${where}.${i}`));
      else if (o && typeof o === 'object') {
        const keys = Object.keys(o);
        if ((keys.includes('ko') || keys.includes('en')) && keys.some((k) => k !== 'ko' && k !== 'en')) problems.push(`${where}: keys ${keys.join(', ')}`);
        for (const [k, v] of Object.entries(o)) walk(v, `${where}.${k}`);
      }
    };
    walk(lab.lab.data, lab.lab.id);
    expect(problems).toEqual([]);
  });

  it('gives every step a bilingual title and non-empty text in both languages', () => {
    const problems = lab.steps.flatMap((s) => [
      ...bilingualProblems(`step ${s.id} title`, s.raw?.title),
      ...LANGS.filter((l) => !s.markdown[l]?.trim()).map((l) => `step ${s.id}: no ${l} text`),
    ]);
    expect(problems).toEqual([]);
  });

  it('gives every check a title and hint (and a quiz its question and choices) in both languages', () => {
    const problems = checksOf(lab).flatMap(({ step, check }) =>
      textsOf(check).flatMap((t, i) => bilingualProblems(`step ${step}, check ${check.id} text ${i}`, t)),
    );
    expect(problems).toEqual([]);
  });

  it('proves every hands-on step with a solution and catches a wrong attempt', () => {
    const problems = lab.steps.flatMap((s) => {
      const handsOn = parseChecks(s.raw?.checks).checks.some((c) => c.type !== 'quiz');
      if (!handsOn) return [];
      return [...(s.solution ? [] : [`step ${s.id}: no solution`]), ...(s.wrong.length ? [] : [`step ${s.id}: no wrong attempt`])];
    });
    expect(problems).toEqual([]);
  });

  it('writes Korean with the glossary terms (a seed variant only beside the official term)', () => {
    const problems: string[] = [];
    const koTexts: { where: string; text: string }[] = [
      ...lab.steps.map((s) => ({ where: s.files.ko ?? s.id, text: s.markdown.ko ?? '' })),
      { where: lab.lab.file, text: fs.readFileSync(lab.lab.file, 'utf8') },
    ];
    for (const { where, text } of koTexts) {
      text.split('\n').forEach((line, i) => {
        for (const term of glossary) {
          for (const v of term.variants ?? []) {
            if (line.includes(v) && !line.includes(term.ko)) problems.push(`${where}:${i + 1}: "${v}" — write ${term.ko}`);
          }
        }
      });
    }
    expect(problems).toEqual([]);
  });

  it('shows only pictures that exist, in the learner’s language, and uses every picture it has', () => {
    const problems: string[] = [];
    const used = new Set<string>();
    for (const s of lab.steps) {
      for (const lang of LANGS) {
        const file = s.files[lang];
        for (const m of (s.markdown[lang] ?? '').matchAll(/!\[([^\]]*)\]\(([^)\s]+)\)/g)) {
          const target = path.resolve(path.dirname(file!), m[2]);
          used.add(target);
          if (!m[1].trim()) problems.push(`${file}: image ${m[2]} has no alt text`);
          if (!fs.existsSync(target)) problems.push(`${file}: image ${m[2]} does not exist`);
          if (!target.endsWith(`.${lang}.svg`)) problems.push(`${file}: image ${m[2]} is not the ${lang} picture`);
        }
      }
    }
    const imgDir = path.join(lab.lab.dir, 'img');
    for (const f of fs.existsSync(imgDir) ? fs.readdirSync(imgDir) : []) {
      const full = path.join(imgDir, f);
      if (!used.has(full)) problems.push(`${full}: not used by any step`);
      const svg = fs.readFileSync(full, 'utf8');
      if (!/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/.test(svg) || !svg.trimEnd().endsWith('</svg>')) problems.push(`${full}: not a standalone SVG`);
      if (!/<title>[^<]+<\/title>/.test(svg)) problems.push(`${full}: no <title> for screen readers`);
      if (/(?:href|src)="(?:https?:)?\/\//.test(svg)) problems.push(`${full}: refers to something outside the file`);
      if (f.endsWith('.ko.svg') !== HANGUL.test(svg)) problems.push(`${full}: text is not in the language its name says`);
    }
    expect(problems).toEqual([]);
  });

  it('renders its markdown as written: admonitions closed, bold and code intact', () => {
    const md = new MarkdownIt();
    const problems: string[] = [];
    for (const s of lab.steps) {
      for (const lang of LANGS) {
        const text = s.markdown[lang] ?? '';
        const where = s.files[lang];
        let open = 0;
        let inFence = false;
        for (const line of text.split('\n')) {
          if (/^\s*```/.test(line)) inFence = !inFence;
          if (inFence) continue;
          const m = /^:::\s*(\S*)\s*$/.exec(line.trim());
          if (!m) continue;
          if (m[1]) {
            if (!ADMONITIONS.includes(m[1])) problems.push(`${where}: unknown block ::: ${m[1]}`);
            open++;
          } else open--;
          if (open < 0 || open > 1) problems.push(`${where}: ::: blocks are unbalanced or nested`);
        }
        if (open !== 0) problems.push(`${where}: a ::: block is not closed`);
        if (inFence) problems.push(`${where}: a code fence is not closed`);
        const html = md.render(text).replace(/<pre>[\s\S]*?<\/pre>/g, '').replace(/<code>[\s\S]*?<\/code>/g, '');
        if (html.includes('**')) problems.push(`${where}: ** left unrendered (bold next to punctuation and Hangul?)`);
        if (/(^|[^`])`[^`\n]+$/m.test(html)) problems.push(`${where}: a backtick left unrendered`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('shows in both languages the manifests its solutions apply (deliberate mistakes excepted)', () => {
    const problems: string[] = [];
    const shown = Object.fromEntries(LANGS.map((l) => [l, lab.steps.flatMap((s) => manifestsShown(s.markdown[l] ?? ''))]));
    for (const [file, text] of Object.entries(lab.manifestFiles)) {
      const objects = manifestsIn(text);
      if (!objects.length) problems.push(`${file}: no Kubernetes objects`);
      if (/^#.*deliberately/i.test(text)) continue;
      for (const o of objects) {
        for (const lang of LANGS) {
          if (!shown[lang].some((x) => isDeepStrictEqual(x, o))) problems.push(`${file}: ${(o as any).kind}/${(o as any).metadata?.name} is not shown in the ${lang} text`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('runs the same kubectl commands in the Korean and the English text', () => {
    const commands = (text: string) =>
      new Set(
        codeBlocks(text)
          .filter((b) => ['bash', 'sh', ''].includes(b.lang))
          .flatMap((b) => b.text.split('\n'))
          // placeholders and quoted prose are written in each language; the commands around them must agree
          .map((l) => l.replace(/\s+#.*$/, '').replace(/<[^>]+>/g, '<>').replace(/"[^"]*"/g, '"…"').trim())
          .filter((l) => /^kubectl\s/.test(l)),
      );
    const problems = lab.steps.flatMap((s) => {
      const [ko, en] = LANGS.map((l) => commands(s.markdown[l] ?? ''));
      return [...[...ko].filter((c) => !en.has(c)).map((c) => `step ${s.id}: only in ko: ${c}`), ...[...en].filter((c) => !ko.has(c)).map((c) => `step ${s.id}: only in en: ${c}`)];
    });
    expect(problems).toEqual([]);
  });
});

describe('the course', () => {
  it('loads through the web app\'s lab format with no problems', () => {
    const { labs, errors } = loadLabs(LABS_DIR);
    expect(errors).toEqual([]);
    expect(labs.map((l) => l.id)).toEqual(course.map((l) => l.lab.id));
    for (const lab of labs) for (const step of lab.steps) expect(Object.keys(step.files).sort()).toEqual(['en', 'ko']);
  });

  it('has its labs in order, each unlocking the next', () => {
    expect(course.length).toBeGreaterThanOrEqual(11);
    expect(course.map((l) => l.lab.data.order)).toEqual(course.map((_, i) => i + 1));
    for (const [i, l] of course.entries()) expect(l.lab.data.prerequisites).toEqual(i ? [course[i - 1].lab.id] : []);
  });

  it('keeps one glossary with unique official terms and variants that are not themselves official', () => {
    const ko = glossary.map((t) => t.ko);
    expect(new Set(ko).size).toBe(ko.length);
    for (const t of glossary) {
      expect(t.en && t.ko).toBeTruthy();
      for (const v of t.variants ?? []) expect(ko).not.toContain(v);
    }
    for (const required of ['파드', '디플로이먼트', '레플리카셋', '서비스', '인그레스', '네임스페이스', '노드', '컨트롤 플레인', '스케줄러']) expect(ko).toContain(required);
  });

  it('uses only the images kubelab builds offline (and one deliberately missing tag)', () => {
    const allowed = new Set(['gihyodocker/echo:latest', 'gihyodocker/nginx:latest', 'busybox', 'kubelab/toolbox:2']);
    const deliberate = new Set(['gihyodocker/echo:v2', 'simpleapp']);
    const found = new Set<string>();
    for (const lab of course) {
      const texts = [...Object.values(lab.manifestFiles), ...lab.steps.flatMap((s) => [s.solution ?? '', ...s.wrong, ...LANGS.map((l) => s.markdown[l] ?? '')])];
      for (const t of texts) {
        for (const m of t.matchAll(/(?:image:\s*|--image=)([^\s"'`]+)/g)) found.add(m[1]);
      }
    }
    expect([...found].filter((i) => !allowed.has(i) && !deliberate.has(i) && !i.startsWith('...'))).toEqual([]);
  });
});
