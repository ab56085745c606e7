// Authoring a lab, as a course author would, against the real CLI and the running app in a real browser: `kubelab
// labs new` writes a bilingual lab that `kubelab labs check <id> --runtime sim` proves in seconds; the app, never
// restarted, lists it to learners and shows the instructor its preview with the step's text, solution and checks;
// and an authoring mistake is reported as file:line by labs check and on the instructor's lab page.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { FIXTURE_LABS, startApp, type Harness } from '../server/app-harness';
import { browserAvailable, launchBrowser } from '../helpers/browser';
import { screenshotPath } from '../helpers/browser-terminal';

const suite = browserAvailable() ? describe : describe.skip;
const ROOT = path.join(__dirname, '..', '..');

function kubelab(args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/kubelab.js'), ...args], { cwd: ROOT });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ code: code ?? -1, out }));
  });
}

suite('a lab written with labs new, in the running app', () => {
  jest.setTimeout(180_000);
  let labsDir: string;
  let app: Harness;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    labsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-labs-'));
    fs.cpSync(path.join(FIXTURE_LABS, '01-first'), path.join(labsDir, '01-first'), { recursive: true });
    app = await startApp({ labsDir });
    browser = await launchBrowser();
    page = await (await browser.newContext({ locale: 'en-US', viewport: { width: 1300, height: 900 } })).newPage();
    await page.goto(`${app.url}/signup`);
    await page.fill('input[name="name"]', 'Author');
    await page.fill('input[name="email"]', 'author@example.com');
    await page.fill('input[name="password"]', 'tiger lily 42 river');
    await page.click('button[type="submit"]');
    await page.waitForURL(/\/labs$/);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    fs.rmSync(labsDir, { recursive: true, force: true });
  });

  it('scaffolds a lab that labs check proves, shown by the running app without a restart', async () => {
    await page.goto(`${app.url}/instructor/labs`);
    expect(await page.locator('a[href="/instructor/labs/20-volumes"]').count()).toBe(0);

    const made = await kubelab(['labs', 'new', '20-volumes', '--labs-dir', labsDir, '--title-ko', '볼륨', '--title-en', 'Volumes']);
    expect(made).toMatchObject({ code: 0 });
    expect(fs.readdirSync(path.join(labsDir, '20-volumes', 'ko'))).toEqual(['create-namespace.md']);
    const started = Date.now();
    const checked = await kubelab(['labs', 'check', '20-volumes', '--labs-dir', labsDir, '--runtime', 'sim']);
    expect([checked.code, checked.out]).toEqual([0, expect.stringContaining('1 lab(s) OK')]);
    expect(checked.out).toContain('wrong attempt 1 + fix → ✓');
    expect(Date.now() - started).toBeLessThan(60_000);

    await page.goto(`${app.url}/en/labs`);
    expect(await page.textContent('main')).toContain('Volumes');
    await page.goto(`${app.url}/instructor/labs`);
    await page.click('a[href="/instructor/labs/20-volumes"]');
    const step = page.locator('[data-preview-step="create-namespace"]');
    expect(await step.locator('.lesson-body').textContent()).toContain('kubectl create namespace volumes-demo');
    expect(await step.locator('.preview-proof').textContent()).toMatch(/Solution script[\s\S]*kubectl create namespace volumes-demo[\s\S]*namespace-exists[\s\S]*volumes-demo-typo/);
    await page.screenshot({ path: screenshotPath('instructor-preview-en.png'), fullPage: true });
    await page.goto(`${app.url}/ko/labs/20-volumes/create-namespace`);
    expect(await page.textContent('main')).toContain('네임스페이스 `volumes-demo`'.replace(/`/g, ''));
  });

  it('reports an authoring mistake as file:line in labs check and on the instructor\'s lab page', async () => {
    const md = path.join(labsDir, '20-volumes', 'en', 'create-namespace.md');
    fs.writeFileSync(md, `${fs.readFileSync(md, 'utf8')}\n::: soluton\nkubectl get ns\n:::\n\n::: hint\nnever closed\n`);
    const yaml = path.join(labsDir, '20-volumes', 'lab.yaml');
    fs.writeFileSync(yaml, fs.readFileSync(yaml, 'utf8').replace('estimatedMinutes: 10', 'estimatedMinutes: 10\nlevel: easy'));
    const checked = await kubelab(['labs', 'check', '20-volumes', '--labs-dir', labsDir, '--no-solutions']);
    expect(checked.code).toBe(1);
    const lines = (await fs.promises.readFile(yaml, 'utf8')).split('\n');
    const levelLine = lines.findIndex((l) => l.startsWith('level:')) + 1;
    expect(checked.out).toContain(`${yaml}:${levelLine}: unknown field "level"`);
    const mdLines = fs.readFileSync(md, 'utf8').split('\n');
    expect(checked.out).toContain(`${md}:${mdLines.indexOf('::: soluton') + 1}: unknown block "::: soluton"`);
    expect(checked.out).toContain(`${md}:${mdLines.indexOf('::: hint') + 1}: the block "::: hint" is never closed`);

    await page.goto(`${app.url}/instructor/labs`);
    expect(await page.textContent('[data-lab-problems]')).toContain(`${yaml}:${levelLine}: unknown field "level"`);
  });
});
