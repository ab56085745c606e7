// A whole lab in a real browser, in Korean: the learner walks lab 03 (namespaces) step by step — typing each step's
// commands in the terminal, answering its quizzes, pressing Check — and sees ✗ with the explanation before doing a
// step, ✓ after, and finally "lab complete". The instructor's class table then shows the lab done, and the CSV
// export has every step passed. The Check panel's ✗ is saved as check-ko.png (in docs/screenshots/ with KUBELAB_SCREENSHOTS=docs).
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startApp, type Harness } from '../server/app-harness';
import { DEFAULT_LABS_DIR } from '../../server/app';
import { readLabFile } from '../../grader/lab-files';
import { planLab } from '../../grader/lab-plan';
import { correctAnswers } from '../../grader/solution-check';
import { browserAvailable, launchBrowser } from '../helpers/browser';
import { screenshotPath } from '../helpers/browser-terminal';
import { kubectlBinaries, requireOrSkip } from '../helpers/kubectl-bin';

const LAB = '03-namespaces';
const run = browserAvailable() && requireOrSkip('kubectl', !!kubectlBinaries().newest);
const suite = run ? describe : describe.skip;

suite('a whole lab in the browser, in Korean', () => {
  jest.setTimeout(180_000);
  const { plan, errors } = planLab(readLabFile(path.join(DEFAULT_LABS_DIR, LAB)));
  let app: Harness;
  let browser: Browser;
  let teacher: BrowserContext;
  let learner: Page;

  beforeAll(async () => {
    app = await startApp({ labsDir: DEFAULT_LABS_DIR, workers: 2 });
    browser = await launchBrowser();
    teacher = await browser.newContext({ locale: 'ko-KR' });
    await signUp(await teacher.newPage(), '강사', 'teacher@example.com'); // the first account is the instructor
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'ko-KR' });
    learner = await ctx.newPage();
    await signUp(learner, '김학생', 'student@example.com');
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function signUp(p: Page, name: string, email: string): Promise<void> {
    await p.goto(`${app.url}/signup`);
    await p.fill('input[name="name"]', name);
    await p.fill('input[name="email"]', email);
    await p.fill('input[name="password"]', 'correct horse battery');
    await p.click('button[type="submit"]');
    await p.waitForURL(/\/ko\/labs$/);
  }

  const terminalText = (p: Page) =>
    p.evaluate(() => {
      const buf = (window as any).kubelab?.terminal?.term?.buffer.active;
      let text = '';
      for (let i = 0; buf && i < buf.length; i++) text += `${buf.getLine(i)?.translateToString(true) ?? ''}\n`;
      return text;
    });

  /** Types the lines into the terminal and waits until the shell has run them all (a marker echoed last). */
  async function typeInTerminal(p: Page, script: string, marker: string): Promise<void> {
    await p.click('[data-terminal]');
    for (const line of script.split('\n').filter((l) => l.trim())) await p.keyboard.type(`${line}\n`);
    await p.keyboard.type(`echo ${marker}-$((1+1))\n`);
    await p.waitForFunction((m) => {
      const buf = (window as any).kubelab?.terminal?.term?.buffer.active;
      for (let i = 0; buf && i < buf.length; i++) if (buf.getLine(i)?.translateToString(true).trim() === `${m}-2`) return true;
      return false;
    }, marker, { timeout: 90_000, polling: 200 });
  }

  async function pressCheck(p: Page): Promise<'passed' | 'failed' | 'error'> {
    await p.evaluate(() => document.querySelector('[data-check-panel]')?.removeAttribute('data-result'));
    await p.click('[data-check-button]');
    await p.waitForSelector('[data-check-panel][data-result]', { timeout: 60_000 });
    return (await p.getAttribute('[data-check-panel]', 'data-result')) as 'passed' | 'failed' | 'error';
  }

  it('has a lab to walk', () => {
    expect(errors).toEqual([]);
    expect(plan.steps.length).toBeGreaterThan(3);
  });

  it('walks every step: ✗ with the explanation before the step is done, ✓ after, then lab complete', async () => {
    let shownFailure = false;
    for (const [i, step] of plan.steps.entries()) {
      await learner.goto(`${app.url}/ko/labs/${LAB}/${step.id}`);
      expect(await learner.getAttribute('html', 'lang')).toBe('ko');
      await learner.waitForSelector('[data-terminal][data-state="connected"]', { timeout: 30_000 });
      const handsOn = step.checks.some((c) => c.type !== 'quiz');
      if (handsOn && !shownFailure) {
        expect(await pressCheck(learner)).toBe('failed');
        const failed = learner.locator('.check-results .criterion.failed').first();
        const text = await failed.textContent();
        expect(text).toContain('기대한 것');
        expect(text).toContain('찾은 것');
        expect(text).toContain('힌트');
        expect(await learner.textContent('[data-check-status]')).toBe('아직 통과하지 못한 항목이 있습니다.');
        await learner.locator('[data-check-panel]').screenshot({ path: screenshotPath('check-ko.png') });
        shownFailure = true;
      }
      if (step.solution) await typeInTerminal(learner, step.solution, `step${i}`);
      for (const [id, answer] of Object.entries(await correctAnswers(step.checks))) {
        if (Array.isArray(answer)) for (const a of answer) await learner.check(`input[name="${id}"][value="${a}"]`);
        else if (await learner.locator(`input[type="radio"][name="${id}"]`).count()) await learner.check(`input[name="${id}"][value="${answer}"]`);
        else await learner.fill(`input[name="${id}"]`, String(answer));
      }
      const result = await pressCheck(learner);
      if (result !== 'passed') throw new Error(`step ${step.id}: ${await learner.textContent('[data-check-results]')}\n${await terminalText(learner)}`);
      expect(await learner.getAttribute(`.step-nav li[data-step-id="${step.id}"]`, 'class')).toBe('passed');
    }
    expect(shownFailure).toBe(true);
    expect(await learner.textContent('[data-check-status]')).toContain('실습을 모두 마쳤습니다!');
    expect(await learner.textContent('[data-lab-progress]')).toBe(String(plan.steps.length));
  });

  it('shows the instructor the lab done in the class table and every step passed in the CSV', async () => {
    const page = await teacher.newPage();
    await page.goto(`${app.url}/instructor/progress`);
    const cell = page.locator(`td[data-lab="${LAB}"]`).filter({ hasText: `${plan.steps.length}/${plan.steps.length}` });
    expect(await cell.count()).toBe(1);
    expect(await cell.getAttribute('class')).toBe('complete');
    const csv = await (await page.request.get(`${app.url}/instructor/progress.csv`)).text();
    for (const step of plan.steps) expect(csv).toMatch(new RegExp(`student@example\\.com,김학생,${LAB},${step.id},passed,\\d+,1\\.00,`));
  });
});
