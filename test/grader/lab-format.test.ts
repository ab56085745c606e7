// The lab format: a valid lab reads into titles, steps and text files per language; mistakes come back as
// `file:line: message`; a lab with mistakes is left out of the catalogue; missing translations are allowed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadLab, loadLabs, pickText } from '../../grader/lab-format';
import type { GradableLab } from '../../grader/engine';

const FIXTURES = path.join(__dirname, '..', 'server', 'fixtures', 'labs');

function labDir(yaml: string, files: Record<string, string> = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-format-'));
  const dir = path.join(root, '01-x');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'lab.yaml'), yaml);
  for (const [f, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), text);
  }
  return dir;
}

it('reads a lab with its steps and the text file of each language', () => {
  const { lab, errors } = loadLab(path.join(FIXTURES, '01-first'));
  expect(errors).toEqual([]);
  expect(lab).toMatchObject({ id: '01-first', order: 1, title: { ko: '첫 실습', en: 'First lab' }, estimatedMinutes: 5, prerequisites: [] });
  expect(lab!.steps.map((s) => s.id)).toEqual(['nodes', 'only-korean']);
  expect(Object.keys(lab!.steps[0].files).sort()).toEqual(['en', 'ko']);
  expect(Object.keys(lab!.steps[1].files)).toEqual(['ko']);
  expect(lab!.steps[0].solution).toBe('kubectl get nodes');
  const gradable: GradableLab = lab!; // the grader grades this very type
  expect(gradable.steps).toHaveLength(2);
});

it('reports each mistake with the file and line', () => {
  const dir = path.join(FIXTURES, '02-broken');
  const { lab, errors } = loadLab(dir);
  const file = path.join(dir, 'lab.yaml');
  expect(lab).toBeUndefined();
  expect(errors).toEqual(
    expect.arrayContaining([
      `${file}:6: estimatedMinutes must be a positive number`,
      expect.stringMatching(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:8: step id must be lowercase`)),
    ]),
  );
});

it('catches a flow mapping split by an unquoted comma (a title that lost its English)', () => {
  const dir = labDir('id: 01-x\norder: 1\ntitle: { ko: 같은 이름, 다른 네임스페이스, en: Same name }\nsummary: { ko: 요약, en: Summary }\nestimatedMinutes: 5\nsteps:\n  - id: a\n    title: { ko: 가, en: A }\n', { 'ko/a.md': '가' });
  expect(loadLab(dir).errors).toEqual([`${path.join(dir, 'lab.yaml')}:3: unknown language "다른 네임스페이스" (use ko or en)`]);
});

it('refuses unknown fields, duplicate steps and steps without any text', () => {
  const dir = labDir('id: 01-x\norder: 1\ntitle: { en: X }\nsummary: { en: S }\nestimatedMinutes: 5\nlevel: hard\nsteps:\n  - id: a\n    title: { en: A }\n  - id: a\n    title: { en: A again }\n', { 'en/a.md': 'A' });
  const file = path.join(dir, 'lab.yaml');
  expect(loadLab(dir).errors).toEqual([`${file}:6: unknown field "level" (known: id, order, title, summary, estimatedMinutes, prerequisites, steps)`, `${file}:10: duplicate step id "a"`]);
  const empty = labDir('id: 01-x\norder: 1\ntitle: { en: X }\nsummary: { en: S }\nestimatedMinutes: 5\nsteps:\n  - id: a\n    title: { en: A }\n');
  expect(loadLab(empty).errors[0]).toMatch(/:7: step a has no text: expected .*ko\/a\.md or .*en\/a\.md/);
});

it('leaves labs with mistakes out of the catalogue, and checks prerequisites name labs', () => {
  const { labs, errors } = loadLabs(FIXTURES);
  expect(labs.map((l) => l.id)).toEqual(['01-first', '03-check']);
  expect(errors.some((e) => e.includes('02-broken'))).toBe(true);
});

it('falls back to the other language when a text is missing', () => {
  expect(pickText({ ko: '한국어' }, 'en')).toEqual({ text: '한국어', lang: 'ko', fallback: true });
  expect(pickText({ ko: '한국어', en: 'English' }, 'en')).toEqual({ text: 'English', lang: 'en', fallback: false });
});
