// A Korean learner's way through the course in a real browser (Chromium), as the learner-experience review walked
// it: a class join link leads to sign-up and into the class; the home page starts lab 1; the step list is numbered
// once; copied code ends with a newline, so "paste into `cat > file`, then Ctrl+D" ends the file; Ctrl+V and a right
// click paste (never a literal ^V); "save as file" puts a manifest in the home that `kubectl apply -f` takes; "run
// in terminal" never types into a full-screen program; a second terminal tab is its own shell in the same home and
// comes back after a reload; finishing a lab leads to its summary and on to the next lab.
// (Tab completion and the `k` alias belong to the toolbox image, built elsewhere: not tested here.)
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startApp, type Harness } from '../server/app-harness';
import { DEFAULT_LABS_DIR } from '../../server/app';
import { browserAvailable, launchBrowser } from '../helpers/browser';
import { kubectlBinaries, requireOrSkip } from '../helpers/kubectl-bin';
import { screenshotPath, signUpInBrowser, terminalConnected, terminalText, waitForTerminal } from '../helpers/browser-terminal';

const run = browserAvailable() && requireOrSkip('kubectl', !!kubectlBinaries().newest);
const suite = run ? describe : describe.skip;

suite("a learner's way through the course in the browser", () => {
  jest.setTimeout(120_000);
  let app: Harness;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let joinCode: string;

  beforeAll(async () => {
    app = await startApp({ labsDir: DEFAULT_LABS_DIR, workers: 1 });
    // The first account is the instructor, who makes a class.
    const teacher = app.client();
    await teacher.signUp('teacher@example.com');
    const owner = app.server.ctx.auth.users.list()[0];
    joinCode = app.server.ctx.groups.create(owner.id, '월요일 반').joinCode;
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'ko-KR' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.url });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const clipboard = (p: Page) => p.evaluate(() => navigator.clipboard.readText());
  const setClipboard = (p: Page, text: string) => p.evaluate((t) => navigator.clipboard.writeText(t), text);

  it('joins a class from its link while signing up', async () => {
    // The link's page names the class; signing up from it carries the code, so the new learner is in the class.
    await page.goto(`${app.url}/join/${joinCode.toLowerCase()}`);
    expect(await page.textContent('h1')).toContain('월요일 반');
    await page.click('[data-join-signup]');
    await page.waitForURL(/\/signup\?/);
    expect(await page.inputValue('input[name="joinCode"]')).toBe(joinCode);
    await signUpInBrowser(page, app.url, { name: '김학생', email: 'student@example.com', path: new URL(page.url()).pathname + new URL(page.url()).search });
    expect(new URL(page.url()).pathname).toBe('/ko/progress');
    expect(await page.textContent('main')).toContain('월요일 반');
  });

  it('says on the home page what kubelab is and starts lab 1 from it', async () => {
    await page.goto(`${app.url}/ko/labs`);
    expect(await page.textContent('.hero h1')).toMatch(/[\uac00-\ud7a3]/);
    expect(await page.getAttribute('[data-start-course]', 'data-start-course')).toBe('start');
    expect(await page.$$eval('.lab-card [data-lab-status]', (els) => els.map((e) => e.getAttribute('data-lab-status')))).toContain('labNotStarted');
    await page.screenshot({ path: screenshotPath('home-ko.png'), fullPage: true });
    await page.click('[data-start-course]');
    await page.waitForURL(/\/ko\/labs\/01-why-kubernetes\/manual-problems$/);
    // The list numbers the steps itself: no "1. 1." in front of the titles.
    const first = await page.textContent('.step-nav li:first-child a');
    expect(first).not.toMatch(/^\s*\d/);
  });

  it('copies code with a final newline, so a paste into `cat > file` ends with one Ctrl+D', async () => {
    await page.goto(`${app.url}/ko/labs/04-pods/manifest`);
    await terminalConnected(page);
    const block = page.locator('.code-block[data-lang="yaml"]').first();
    const code = (await block.locator('code').textContent())!;
    await block.locator('.code-copy').click();
    await page.waitForFunction(() => document.querySelector('.code-block[data-lang="yaml"] .code-copy')?.textContent !== '복사');
    const copied = await clipboard(page);
    expect(copied).toBe(code.replace(/\n*$/, '\n'));
    await page.click('[data-terminal]');
    await page.keyboard.type('cat > pasted.yaml\n');
    // Pasted once `cat` reads (bash has left its line editor and turned bracketed paste off), as a person would.
    await page.waitForFunction(() => (window as any).kubelab.terminal.term.modes.bracketedPasteMode === false);
    await page.keyboard.press('Control+V');
    await page.keyboard.press('Control+D');
    await page.keyboard.type('tail -n 1 pasted.yaml; echo LINES=$(wc -l < pasted.yaml)\n');
    const lines = code.replace(/\n*$/, '').split('\n');
    await waitForTerminal(page, new RegExp(`^LINES=${lines.length}$`, 'm'));
    expect(await terminalText(page)).not.toContain('^V');
  });

  it('pastes with a right click, as one piece the shell can edit before Enter', async () => {
    await setClipboard(page, 'echo RIGHT-CLICK-$((6*7))');
    await page.click('[data-terminal]', { button: 'right' });
    await waitForTerminal(page, /echo RIGHT-CLICK-\$\(\(6\*7\)\)\s*$/);
    await page.keyboard.press('Enter');
    await waitForTerminal(page, /^RIGHT-CLICK-42$/m);
  });

  it('saves a manifest into the home with one button, and kubectl applies the file', async () => {
    const save = page.locator('.code-save').first();
    expect(await save.textContent()).toContain('~/simple-pod.yaml');
    await save.click();
    await page.waitForSelector('.code-block[data-saved="~/simple-pod.yaml"] .code-status');
    expect(await page.textContent('.code-status')).toContain('kubectl apply -f simple-pod.yaml');
    await page.click('[data-terminal]');
    await page.keyboard.type('kubectl apply -f simple-pod.yaml\n');
    await waitForTerminal(page, /pod\/simple-echo created/);
    await page.screenshot({ path: screenshotPath('save-as-file-ko.png') });
  });

  it('does not type a lesson command into a full-screen program', async () => {
    await page.keyboard.type('less pasted.yaml\n');
    await page.waitForFunction(() => (window as any).kubelab.terminal.fullscreen === true);
    const runButton = page.locator('.code-run').first();
    await runButton.click();
    const warning = await page.waitForSelector('.code-status[data-tone="warn"]');
    expect(await warning.textContent()).toContain('vi');
    await page.screenshot({ path: screenshotPath('run-refused-fullscreen-ko.png') });
    await page.click('[data-terminal]');
    await page.keyboard.press('q');
    await page.waitForFunction(() => (window as any).kubelab.terminal.fullscreen === false);
    await page.keyboard.type('echo STILL-HERE\n');
    await waitForTerminal(page, /^STILL-HERE$/m);
    // Nothing of the command reached less or the shell behind it.
    expect((await terminalText(page)).match(/kubectl apply -f simple-pod\.yaml/g)?.length).toBe(1);
  });

  it('opens a second terminal tab: its own shell, the same home, both back after a reload', async () => {
    await page.keyboard.type('echo TAB1-PID=$$\n');
    await waitForTerminal(page, /^TAB1-PID=\d+$/m);
    const pid1 = /^TAB1-PID=(\d+)$/m.exec(await terminalText(page))![1];
    await page.click('[data-new-tab]');
    await terminalConnected(page, 2);
    expect(await page.getAttribute('[data-tab-button="2"]', 'aria-selected')).toBe('true');
    await page.click('[data-terminal][data-tab="2"]');
    await page.keyboard.type('ls simple-pod.yaml && echo TAB2-PID=$$\n');
    await waitForTerminal(page, /^TAB2-PID=\d+$/m);
    const pid2 = /^TAB2-PID=(\d+)$/m.exec(await terminalText(page))![1];
    expect(pid2).not.toBe(pid1);
    expect(await terminalText(page)).not.toContain('TAB1-PID');
    await page.screenshot({ path: screenshotPath('terminal-tabs-ko.png') });
    await page.reload();
    await terminalConnected(page, 1);
    expect(await page.$$eval('[data-tab-button]', (bs) => bs.map((b) => b.getAttribute('data-tab-button')))).toEqual(['1', '2']);
    await page.click('[data-tab-button="2"]');
    await terminalConnected(page, 2);
    await waitForTerminal(page, /^TAB2-PID=\d+$/m);
    // Closing a tab ends its shell.
    await page.click('[data-close-tab="2"]');
    await page.waitForFunction(() => !document.querySelector('[data-tab-button="2"]'));
    const owner = (await page.getAttribute('[data-cluster-map]', 'data-owner'))!;
    for (const deadline = Date.now() + 10_000; app.server.ctx.terminals!.has(owner, 2) && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 50));
    expect(app.server.ctx.terminals!.tabs(owner)).toEqual([1]);
  });

  it('leads from the last Check of a lab to its summary and on to the next lab', async () => {
    const owner = (await page.getAttribute('[data-cluster-map]', 'data-owner'))!;
    // Lab 4's pod is still in the cluster: the learner empties it first, as the lesson page offers.
    page.once('dialog', (d) => void d.accept());
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/reset') && r.ok()), page.click('[data-reset-form] button')]);
    const lab = app.server.ctx.catalogue.find('01-why-kubernetes')!;
    // The other steps of lab 1 are recorded as passed in the real progress store (their grading is tested elsewhere);
    // the learner passes the last one left, the quiz, in the browser.
    for (const step of lab.steps.slice(1)) {
      app.server.ctx.progress.visit(owner, lab.id, step.id);
      app.server.ctx.progress.record(owner, lab.id, step.id, [{ id: 'x', title: { ko: 'x', en: 'x' }, status: 'passed', expected: { ko: '', en: '' }, found: { ko: '', en: '' }, hint: { ko: '', en: '' } }], 1);
    }
    await page.goto(`${app.url}/ko/labs/01-why-kubernetes/manual-problems`);
    for (const id of ['restart', 'scale', 'balance', 'lock-in']) await page.check(`input[value="${id}"]`);
    await page.click('[data-check-button]');
    const link = await page.waitForSelector('[data-go-complete]');
    await link.click();
    await page.waitForURL(/\/ko\/labs\/01-why-kubernetes\/complete$/);
    expect(await page.getAttribute('.lab-complete-page', 'data-complete')).toBe('true');
    expect(await page.$$eval('.recap-steps li.passed', (l) => l.length)).toBe(lab.steps.length);
    expect(await page.getAttribute('[data-next-lab]', 'data-next-lab')).toBe('02-cluster-architecture');
    await page.screenshot({ path: screenshotPath('lab-complete-ko.png'), fullPage: true });
    await page.click('[data-start-next]');
    await page.waitForURL(/\/ko\/labs\/02-cluster-architecture\/[^/]+$/);
    await page.goto(`${app.url}/ko/labs`);
    expect(await page.getAttribute('.lab-card[data-lab="01-why-kubernetes"] [data-lab-status]', 'data-lab-status')).toBe('labDone');
    expect(await page.getAttribute('[data-start-course]', 'data-start-course')).toBe('continue');
  });
});
