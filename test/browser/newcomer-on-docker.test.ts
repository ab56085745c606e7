// A newcomer's first minutes on the docker runtime, in Chromium: sign up, open the Pods lab, use kubectl in the
// toolbox terminal (a container that reaches the app at host.docker.internal — on a fresh Debian engine too), and
// reload the page in the middle of `kubectl get pods -w`: the replayed screen must not answer old terminal queries
// into the shell, so Ctrl-C leaves a clean prompt. "Save as file" writes the lesson's manifest into the toolbox's
// home volume (as the learner), where `kubectl apply -f` finds it, and a second terminal tab is another shell in that
// same toolbox home.
import type { Browser, Page } from 'playwright-core';
import { startApp, type Harness } from '../server/app-harness';
import { DEFAULT_LABS_DIR } from '../../server/app';
import { CLUSTER_LABEL } from '../../sandbox/docker/labels';
import { browserAvailable, launchBrowser } from '../helpers/browser';
import { kubectlBinaries, requireOrSkip } from '../helpers/kubectl-bin';
import { dockerAvailable, testEngine } from '../sandbox/docker/docker-env';

const run = browserAvailable() && requireOrSkip('kubectl', !!kubectlBinaries().newest) && dockerAvailable();
const suite = run ? describe : describe.skip;

suite('a newcomer on the docker runtime, in the browser', () => {
  jest.setTimeout(180_000);
  let app: Harness;
  let browser: Browser;
  let page: Page;
  let learnerId = '';

  beforeAll(async () => {
    app = await startApp({ labsDir: DEFAULT_LABS_DIR, runtime: 'docker', workers: 2 });
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'ko-KR' });
    await context.addInitScript(() => {
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
    page = await context.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.server.ctx.clusters.remove(learnerId).catch(() => undefined);
    await app?.close();
    const engine = testEngine();
    for (const c of await engine.containers.list({ [CLUSTER_LABEL]: true })) if (learnerId && c.labels[CLUSTER_LABEL]?.startsWith(learnerId)) await engine.containers.remove(c.id, { force: true });
    await engine.volumes.remove(`kubelab-home-${learnerId}`, { force: true }).catch(() => undefined);
  }, 60_000);

  const terminalText = () => page.evaluate(() => (window as any).terminalText() as string);
  const waitForTerminal = (pattern: RegExp, timeout = 60_000) =>
    page.waitForFunction(([source, flags]) => new RegExp(source, flags).test((window as any).terminalText()), [pattern.source, pattern.flags] as const, { timeout, polling: 100 });
  const connected = () => page.waitForSelector('[data-terminal][data-state="connected"]', { timeout: 60_000 });

  it('signs up and opens the Pods lab with a toolbox terminal that reaches the cluster', async () => {
    await page.goto(`${app.url}/signup`);
    await page.fill('input[name="name"]', '새내기');
    await page.fill('input[name="email"]', 'newcomer@example.com');
    await page.fill('input[name="password"]', 'correct horse battery');
    await page.click('button[type="submit"]');
    await page.waitForURL(/\/ko\/labs$/);
    await page.goto(`${app.url}/ko/labs/04-pods`);
    await page.waitForURL(/\/ko\/labs\/04-pods\/[^/]+$/);
    learnerId = (await page.getAttribute('[data-cluster-map]', 'data-owner'))!;
    await connected();
    // Typed at the prompt, as a person does (keys sent before it compete with the shell's own terminal queries).
    await waitForTerminal(/learner:~\$\s*$/m);
    await page.click('[data-terminal]');
    await page.keyboard.type('kubectl get nodes\n');
    await waitForTerminal(/kubelab-worker2\s+Ready/);
    expect(await terminalText()).not.toMatch(/refused|Unable to connect/);
    await waitForTerminal(/learner:~\$\s*$/m);
  });

  it('leaves a clean prompt after a reload in the middle of kubectl get pods -w and Ctrl-C', async () => {
    await page.keyboard.type('kubectl run web --image=gihyodocker/echo:latest && kubectl get pods -w\n');
    await waitForTerminal(/web\s+1\/1\s+Running/);
    await page.reload();
    await connected();
    await waitForTerminal(/web\s+1\/1\s+Running/);
    await page.click('[data-terminal]');
    await page.keyboard.press('Control+C');
    await page.keyboard.type('echo clean-$((40+2))\n');
    await waitForTerminal(/^clean-42$/m);
    const text = await terminalText();
    // Answers to old cursor-position queries would show as ^[[6;12R in the watch's output or after the prompt.
    expect(text).not.toMatch(/\^\[\[|\d+;\d+R/);
    expect(text).toMatch(/learner:~\$ echo clean-\$\(\(40\+2\)\)$/m);
  });

  it('saves a manifest into the toolbox home with one button; kubectl applies it, and a second tab sees it', async () => {
    await page.goto(`${app.url}/ko/labs/04-pods/manifest`);
    await connected();
    await page.click('.code-save');
    await page.waitForSelector('.code-block[data-saved="~/simple-pod.yaml"]', { timeout: 60_000 });
    await page.click('[data-terminal]');
    await page.keyboard.type('ls -l simple-pod.yaml && kubectl apply -f simple-pod.yaml\n');
    await waitForTerminal(/pod\/simple-echo created/);
    // Written by the learner's own user, not root.
    expect(await terminalText()).toMatch(/-rw\S*\s+\d+\s+(learner|1000)\s/);
    await page.click('[data-new-tab]');
    await page.waitForSelector('[data-terminal][data-tab="2"][data-state="connected"]', { timeout: 60_000 });
    await page.click('[data-terminal][data-tab="2"]');
    await page.keyboard.type('grep -c containerPort simple-pod.yaml\n');
    await waitForTerminal(/^2$/m);
  });
});
