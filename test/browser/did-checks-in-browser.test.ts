// Lab 04 in a real browser, in Korean, graded by what the learner really typed: the learner jumps to the exec step
// from the Check panel (a fresh cluster with simple-echo prepared), presses Check without running anything and reads
// which command is still missing, execs into the wrong container and reads that, then types `kubectl exec` and
// `kubectl logs -f` in the terminal and passes. The API server's record is what grades them (the simulated runtime
// refuses exec and logs for want of processes, but the request is made). The Check panel's ✗ is saved as
// check-did-ko.png (test-output/screenshots/, or docs/screenshots/ with KUBELAB_SCREENSHOTS=docs).
import type { Browser, Page } from 'playwright-core';
import { startApp, type Harness } from '../server/app-harness';
import { DEFAULT_LABS_DIR } from '../../server/app';
import { browserAvailable, launchBrowser } from '../helpers/browser';
import { screenshotPath } from '../helpers/browser-terminal';
import { kubectlBinaries, requireOrSkip } from '../helpers/kubectl-bin';

const run = browserAvailable() && requireOrSkip('kubectl', !!kubectlBinaries().newest);
const suite = run ? describe : describe.skip;

suite('lab 04 in the browser, in Korean: exec and logs graded by what the learner ran', () => {
  jest.setTimeout(180_000);
  let app: Harness;
  let browser: Browser;
  let learner: Page;

  beforeAll(async () => {
    app = await startApp({ labsDir: DEFAULT_LABS_DIR, workers: 2, checkSettleMs: 1000 });
    browser = await launchBrowser();
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ko-KR' });
    learner = await ctx.newPage();
    await learner.goto(`${app.url}/signup`);
    await learner.fill('input[name="name"]', '김학생');
    await learner.fill('input[name="email"]', 'student@example.com');
    await learner.fill('input[name="password"]', 'correct horse battery');
    await learner.click('button[type="submit"]');
    await learner.waitForURL(/\/ko\/labs$/);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const connected = (p: Page) => p.waitForSelector('[data-terminal][data-state="connected"]', { timeout: 30_000 });

  /** Types a line in the terminal and waits for a pattern in its output. */
  async function typeAndWait(p: Page, line: string, pattern: RegExp): Promise<void> {
    await p.click('[data-terminal]');
    await p.keyboard.type(`${line}\n`);
    await p.waitForFunction(
      ([source, flags]) => {
        const buf = (window as any).kubelab?.terminal?.term?.buffer.active;
        let text = '';
        for (let i = 0; buf && i < buf.length; i++) text += `${buf.getLine(i)?.translateToString(true) ?? ''}\n`;
        return new RegExp(source, flags).test(text);
      },
      [pattern.source, pattern.flags] as const,
      { timeout: 60_000, polling: 200 },
    );
  }

  async function pressCheck(p: Page): Promise<string> {
    await p.evaluate(() => document.querySelector('[data-check-panel]')?.removeAttribute('data-result'));
    await p.click('[data-check-button]');
    await p.waitForSelector('[data-check-panel][data-result]', { timeout: 60_000 });
    return (await p.getAttribute('[data-check-panel]', 'data-result'))!;
  }

  const why = (p: Page, id: string) => p.textContent(`[data-criterion="${id}"] dd[data-field="why"]`);
  const status = (p: Page, id: string) => p.getAttribute(`[data-criterion="${id}"]`, 'class');

  it('jumps to the exec step on a fresh cluster from the Check panel, simple-echo prepared', async () => {
    await learner.goto(`${app.url}/ko/labs/04-pods/manifest`);
    await learner.click('.lab-start-box summary');
    expect(await learner.textContent('.lab-start-explain')).toContain('건너뛴 단계는 통과로 치지 않습니다');
    await learner.selectOption('[data-lab-start] select[name="step"]', 'exec');
    await learner.click('[data-lab-start] button[type="submit"]');
    await learner.waitForURL(/\/ko\/labs\/04-pods\/exec$/, { timeout: 120_000 });
    await connected(learner);
    await typeAndWait(learner, 'kubectl get pod simple-echo', /simple-echo\s+2\/2\s+Running/);
    // The steps skipped were prepared, not passed.
    expect(await learner.locator('.step-nav li.passed').count()).toBe(0);
  });

  it('tells a learner who skips exec which command is still missing, then their own mistake', async () => {
    await learner.check('input[name="double-dash"][value="end-of-flags"]');
    await learner.check('input[name="old-form"][value="error"]');
    expect(await pressCheck(learner)).toBe('failed');
    expect(await status(learner, 'double-dash')).toBe('criterion passed');
    expect(await why(learner, 'exec-nginx')).toBe('아직 터미널에서 실행하지 않은 명령: `kubectl exec -it simple-echo -c nginx -- sh`');
    await learner.locator('[data-check-panel]').screenshot({ path: screenshotPath('check-did-ko.png') });

    await typeAndWait(learner, 'kubectl exec -it simple-echo -c echo -- sh', /need real containers/);
    expect(await pressCheck(learner)).toBe('failed');
    expect(await why(learner, 'exec-nginx')).toBe('거의 됐습니다. 컨테이너: echo (요구: nginx). 아직 실행하지 않은 명령: `kubectl exec -it simple-echo -c nginx -- sh`');
  });

  it('passes exec once the learner ran it into nginx in the terminal', async () => {
    await typeAndWait(learner, 'clear; kubectl exec -it simple-echo -c nginx -- sh', /need real containers/);
    expect(await pressCheck(learner)).toBe('passed');
    expect(await learner.textContent('[data-check-status]')).toBe('이 단계를 마쳤습니다.');
    expect(await learner.getAttribute('.step-nav li[data-step-id="exec"]', 'class')).toBe('passed');
  });

  it('asks for kubectl logs -c echo and -f, and passes once the learner followed the logs', async () => {
    await learner.goto(`${app.url}/ko/labs/04-pods/logs`);
    await connected(learner);
    expect(await pressCheck(learner)).toBe('failed');
    expect(await why(learner, 'echo-logs')).toBe('아직 터미널에서 실행하지 않은 명령: `kubectl logs simple-echo -c echo`');
    expect(await why(learner, 'echo-logs-follow')).toBe('아직 터미널에서 실행하지 않은 명령: `kubectl logs -f simple-echo -c echo`');
    await typeAndWait(learner, 'clear; kubectl logs -f simple-echo -c echo', /need real containers/);
    expect(await pressCheck(learner)).toBe('passed');
    expect(await learner.textContent('[data-criterion="echo-logs-follow"]')).toContain('✓');
  });
});
