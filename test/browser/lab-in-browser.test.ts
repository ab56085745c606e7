// The lab in a real browser: a new learner signs up, opens the first lesson in Korean, switches to English, runs
// kubectl in the terminal, applies a manifest and sees the pod on the cluster map, reloads and finds the terminal's
// output, history and files still there; a second learner cannot reach the first one's terminal or cluster.
// Screenshots of the lesson (ko, en) and the cluster map go to test-output/screenshots/ (docs/screenshots/ with KUBELAB_SCREENSHOTS=docs).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startApp, type Harness } from '../server/app-harness';
import { DEFAULT_LABS_DIR } from '../../server/app';
import { browserAvailable, launchBrowser } from '../helpers/browser';
import { screenshotPath } from '../helpers/browser-terminal';
import { kubectlBinaries, requireOrSkip } from '../helpers/kubectl-bin';

const run = browserAvailable() && requireOrSkip('kubectl', !!kubectlBinaries().newest);
const suite = run ? describe : describe.skip;

const SIMPLE_ECHO = `apiVersion: v1
kind: Pod
metadata:
  name: simple-echo
spec:
  containers:
    - name: nginx
      image: gihyodocker/nginx:latest
      env:
        - name: BACKEND_HOST
          value: localhost:8080
      ports:
        - containerPort: 80
    - name: echo
      image: gihyodocker/echo:latest
      ports:
        - containerPort: 8080`;

suite('the lab in the browser', () => {
  jest.setTimeout(120_000);
  let app: Harness;
  let browser: Browser;
  let annContext: BrowserContext;
  let page: Page;
  let annId: string;
  let lessonPath: string;

  beforeAll(async () => {
    app = await startApp({ labsDir: DEFAULT_LABS_DIR, workers: 2 });
    browser = await launchBrowser();
    annContext = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'ko-KR' });
    await annContext.addInitScript(() => {
      // Lines the terminal wrapped are joined back, so long commands read as typed.
      (window as any).terminalText = () => {
        const buf = (window as any).kubelab?.terminal?.term?.buffer.active;
        let text = '';
        for (let i = 0; buf && i < buf.length; i++) {
          const line = buf.getLine(i);
          text += (i > 0 && !line?.isWrapped ? '\n' : '') + (line?.translateToString(true) ?? '');
        }
        return text;
      };
    });
    page = await annContext.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** The terminal's whole buffer as text (xterm draws to the DOM, but the buffer is the truth). */
  const terminalText = (p: Page) => p.evaluate(() => (window as any).terminalText() as string);

  const waitForTerminal = (p: Page, pattern: RegExp, timeout = 30_000) =>
    p.waitForFunction(([source, flags]) => new RegExp(source, flags).test((window as any).terminalText()), [pattern.source, pattern.flags] as const, {
      timeout,
      polling: 100,
    });

  const connected = (p: Page) => p.waitForSelector('[data-terminal][data-state="connected"]', { timeout: 30_000 });

  it('signs a new learner up', async () => {
    await page.goto(`${app.url}/signup`);
    await page.fill('input[name="name"]', '김학생');
    await page.fill('input[name="email"]', 'student@example.com');
    await page.fill('input[name="password"]', 'correct horse battery');
    await page.click('button[type="submit"]');
    await page.waitForURL(/\/ko\/labs$/);
    expect(await page.textContent('.user-name')).toBe('김학생');
  });

  it('opens the first lesson in Korean', async () => {
    await page.click('.lab-card:first-child .lab-link');
    await page.waitForURL(/\/ko\/labs\/[^/]+\/[^/]+$/);
    lessonPath = new URL(page.url()).pathname.replace(/^\/ko/, '');
    expect(await page.getAttribute('html', 'lang')).toBe('ko');
    expect(await page.textContent('#step-title')).toMatch(/[\uac00-\ud7a3]/);
    annId = (await page.getAttribute('[data-cluster-map]', 'data-owner'))!;
    await connected(page);
    await page.waitForSelector('.node[data-node="kubelab-worker"]');
    await page.screenshot({ path: screenshotPath('lesson-ko.png') });
  });

  it('switches the same lesson to English', async () => {
    await page.click('.lang-switch');
    await page.waitForURL((u) => u.pathname === `/en${lessonPath}`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.textContent('#step-title')).not.toMatch(/[\uac00-\ud7a3]/);
    await connected(page);
    await page.waitForSelector('.node[data-node="kubelab-worker"]');
    await page.screenshot({ path: screenshotPath('lesson-en.png') });
  });

  it('runs kubectl get nodes in the terminal and shows the nodes', async () => {
    await page.click('[data-terminal]');
    await page.keyboard.type('kubectl get nodes\n');
    await waitForTerminal(page, /kubelab-worker2\s+Ready/);
  });

  it('sizes the shell to the terminal and lets keyboard users leave it with Shift+Tab', async () => {
    const { cols, rows } = await page.evaluate(() => {
      const term = (window as any).kubelab.terminal.term;
      return { cols: term.cols as number, rows: term.rows as number };
    });
    expect(cols).toBeGreaterThan(60);
    await page.keyboard.type('stty size\n');
    await waitForTerminal(page, new RegExp(`^${rows} ${cols}$`, 'm'));
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => !!document.activeElement?.closest('[data-terminal]'))).toBe(false);
    await page.click('[data-terminal]');
  });

  it('applies a manifest and the pod appears on the cluster map', async () => {
    await page.keyboard.type(`cat > simple-pod.yaml <<'EOF'\n${SIMPLE_ECHO}\nEOF\n`);
    await page.keyboard.type('kubectl apply -f simple-pod.yaml\n');
    await waitForTerminal(page, /pod\/simple-echo created/);
    const chip = await page.waitForSelector('.pod[data-pod="simple-echo"]', { timeout: 20_000 });
    expect(await chip.getAttribute('aria-label')).toMatch(/^default\/simple-echo: /);
    await page.screenshot({ path: screenshotPath('cluster-map.png') });
  });

  it('keeps the terminal output, history and files across a reload', async () => {
    await page.keyboard.type('echo note-from-before-reload > notes.txt && echo notes-saved\n');
    await waitForTerminal(page, /^notes-saved$/m);
    await page.reload();
    await connected(page);
    await waitForTerminal(page, /kubelab-worker2\s+Ready/);
    await page.click('[data-terminal]');
    await page.keyboard.type('cat notes.txt; history | tail -n 3\n');
    await waitForTerminal(page, /^note-from-before-reload$/m);
    await waitForTerminal(page, /\d+\s+kubectl apply -f simple-pod\.yaml/);
    expect(await terminalText(page)).toContain('pod/simple-echo created');
  });

  it('runs a lesson command from its "Run in terminal" button', async () => {
    // Find the first step of the course with a runnable shell block.
    const steps = await page.$$eval('.step-nav a', (as) => as.map((a) => (a as HTMLAnchorElement).pathname));
    for (const step of steps) {
      await page.goto(app.url + step);
      if (await page.$('.code-run')) break;
    }
    const button = await page.waitForSelector('.code-run');
    const command = (await button.getAttribute('data-command'))!.split('\n')[0];
    await connected(page);
    await button.click();
    await waitForTerminal(page, new RegExp(`[$#] ${command.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });

  it("refuses a second learner the first learner's terminal and cluster, over HTTP and WebSocket", async () => {
    const bobContext = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const bob = await bobContext.newPage();
    await bob.goto(`${app.url}/signup`);
    await bob.fill('input[name="email"]', 'other@example.com');
    await bob.fill('input[name="password"]', 'another good password');
    await bob.click('button[type="submit"]');
    await bob.waitForURL(/\/labs$/);
    const statuses = await bob.evaluate(async (owner) => {
      const get = async (p: string) => (await fetch(p)).status;
      const ws = await new Promise<string>((resolve) => {
        const s = new WebSocket(`ws://${location.host}/terminal?user=${owner}`);
        s.onopen = () => resolve('opened');
        s.onerror = () => resolve('refused');
      });
      return { map: await get(`/api/clusters/${owner}/map`), kubeconfig: await get(`/api/clusters/${owner}/kubeconfig`), view: await get(`/learners/${owner}`), ws };
    }, annId);
    expect(statuses).toEqual({ map: 403, kubeconfig: 403, view: 403, ws: 'refused' });
    await bobContext.close();
  });
});
