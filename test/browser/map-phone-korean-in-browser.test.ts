// The cluster map as a teacher, the phone layout, and Korean everywhere, in a real browser (Chromium):
// - the map draws Ingress → Service → Pods and Deployment → ReplicaSet → Pods with arrows, an ExternalName
//   Service's target, a LoadBalancer's address, and the rollout timeline with what changed; clicking a pod opens its
//   `kubectl describe` in a side panel;
// - at 390×844 nothing overflows sideways on any page, the lesson, terminal and map are panes a thumb switches, and
//   the terminal has at least 40 columns;
// - every string the Korean UI shows is Korean, apart from code, names and the learner's own objects.
import type { Browser, Page } from 'playwright-core';
import { startApp, type Harness } from '../server/app-harness';
import { DEFAULT_LABS_DIR } from '../../server/app';
import { browserAvailable, launchBrowser } from '../helpers/browser';
import { kubectlBinaries, requireOrSkip } from '../helpers/kubectl-bin';
import { screenshotPath, signUpInBrowser, terminalConnected, waitForTerminal } from '../helpers/browser-terminal';
import { nonKoreanTexts } from '../helpers/korean-ui';

const run = browserAvailable() && requireOrSkip('kubectl', !!kubectlBinaries().newest);
const suite = run ? describe : describe.skip;

suite('the map, the phone layout and Korean everywhere', () => {
  jest.setTimeout(180_000);
  let app: Harness;
  let browser: Browser;
  let page: Page;
  let phone: Page;

  beforeAll(async () => {
    app = await startApp({ labsDir: DEFAULT_LABS_DIR, workers: 1 });
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ko-KR' })).newPage();
    await signUpInBrowser(page, app.url, { name: '김학생', email: 'student@example.com' });
    phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'ko-KR' })).newPage();
    await signUpInBrowser(phone, app.url, { name: '이폰', email: 'phone@example.com' });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('draws traffic and ownership with arrows, the ExternalName target, the LoadBalancer address and the rollouts', async () => {
    await page.goto(`${app.url}/ko/labs/07-services/clusterip`);
    await terminalConnected(page);
    const script = [
      'kubectl create deployment web --image=gihyodocker/echo:latest --replicas=2',
      'kubectl expose deployment web --port=80 --target-port=8080',
      'kubectl create service externalname docs --external-name kubernetes.io',
      'kubectl create service loadbalancer lb --tcp=80:8080',
      'kubectl create ingress web --rule="test.host/*=web:80"',
      'kubectl annotate deployment web kubernetes.io/change-cause="첫 배포"',
      'kubectl rollout status deployment web --timeout=60s',
      'kubectl set image deployment/web echo=gihyodocker/echo:v2',
      'echo MAP-READY',
    ].join('; ');
    await page.evaluate((s) => (window as any).kubelab.terminal.run(s), script);
    await waitForTerminal(page, /^MAP-READY$/m, 60_000);
    const web = page.locator('.flow[data-service="web"]');
    await web.locator('.flow-from .ing[data-ingress="web"]').waitFor();
    expect(await web.locator('.arrow').count()).toBe(2);
    await page.waitForFunction(() => document.querySelectorAll('.flow[data-service="web"] .endpoints li').length >= 2);
    expect(await page.getAttribute('.flow[data-service="docs"] [data-external-name]', 'data-external-name')).toBe('kubernetes.io');
    expect(await page.textContent('.flow[data-service="docs"]')).not.toContain('엔드포인트 없음');
    await page.waitForSelector('.flow[data-service="lb"] [data-lb-ip]');
    expect(await page.textContent('.flow[data-service="lb"] [data-lb-ip]')).toMatch(/외부 IP \d+\.\d+\.\d+\.\d+/);
    await page.waitForFunction(() => document.querySelectorAll('.deploy[data-deployment="web"] .timeline li').length === 2);
    const revisions = await page.$$eval('.deploy[data-deployment="web"] .timeline li', (ls) => ls.map((l) => l.textContent ?? ''));
    expect(revisions[0]).toContain('첫 배포');
    expect(revisions[1]).toContain('echo: gihyodocker/echo:latest → gihyodocker/echo:v2');
    expect(await page.locator('.deploy[data-deployment="web"] > .arrow-down').count()).toBe(1);
    await page.screenshot({ path: screenshotPath('cluster-map-flows-ko.png') });
  });

  it('opens the describe of a pod in a side panel, and closes it with Escape', async () => {
    const pod = page.locator('.flow[data-service="web"] .endpoints li[data-describe="Pod"]').first();
    const name = (await pod.getAttribute('data-name'))!;
    await pod.click();
    await page.waitForSelector('[data-describe-panel][data-state="ready"]');
    const text = (await page.textContent('[data-describe-panel] pre'))!;
    expect(text).toMatch(new RegExp(`^Name:\\s+${name}$`, 'm'));
    expect(text).toMatch(/^Events:/m);
    await page.screenshot({ path: screenshotPath('describe-panel-ko.png') });
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-describe-panel]', { state: 'hidden' });
  });

  /** Whether anything sticks out of the viewport sideways (the page itself scrolls horizontally). */
  const overflow = (p: Page) => p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

  it('fits every page into 390 px, with the lesson, terminal and map as panes and a 40-column terminal', async () => {
    for (const path of ['/ko/labs', '/ko/progress', '/ko/labs/04-pods/complete', '/account']) {
      await phone.goto(app.url + path);
      expect([path, await overflow(phone)]).toEqual([path, 0]);
    }
    await phone.goto(`${app.url}/ko/labs`);
    await phone.screenshot({ path: screenshotPath('phone-home-ko.png') });
    // A diagram keeps its natural size (its text readable) and scrolls inside its own box, not the page.
    await phone.goto(`${app.url}/ko/labs/02-cluster-architecture/control-plane`);
    const figure = await phone.waitForSelector('.figure-scroll img');
    await phone.waitForFunction(() => (document.querySelector('.figure-scroll img') as HTMLImageElement).complete);
    const size = await figure.evaluate((img) => ({ shown: (img as HTMLImageElement).getBoundingClientRect().width, natural: (img as HTMLImageElement).naturalWidth }));
    expect(size.shown).toBe(size.natural);
    expect(size.natural).toBeGreaterThan(390);
    expect([await overflow(phone)]).toEqual([0]);
    await phone.goto(`${app.url}/ko/labs/04-pods/manifest`);
    expect(await phone.isVisible('.pane-switch')).toBe(true);
    expect(await phone.isVisible('#pane-lesson')).toBe(true);
    expect(await phone.isVisible('[data-terminal]')).toBe(false);
    expect([await overflow(phone)]).toEqual([0]);
    await phone.screenshot({ path: screenshotPath('phone-lesson-ko.png') });
    await phone.tap('[data-show-pane="terminal"]');
    await terminalConnected(phone);
    expect(await phone.isVisible('#pane-lesson')).toBe(false);
    await phone.waitForFunction(() => (window as any).kubelab.terminal.term.cols >= 40);
    const { cols, rows } = await phone.evaluate(() => ({ cols: (window as any).kubelab.terminal.term.cols, rows: (window as any).kubelab.terminal.term.rows }));
    expect(rows).toBeGreaterThanOrEqual(15);
    await phone.evaluate(() => (window as any).kubelab.terminal.run('stty size; echo 안녕하세요 쿠버네티스'));
    await waitForTerminal(phone, new RegExp(`^${rows} ${cols}$`, 'm'));
    expect([await overflow(phone)]).toEqual([0]);
    await phone.screenshot({ path: screenshotPath('phone-terminal-ko.png') });
    await phone.tap('[data-show-pane="map"]');
    await phone.waitForSelector('.node[data-node="kubelab-worker"]');
    expect([await overflow(phone)]).toEqual([0]);
    await phone.screenshot({ path: screenshotPath('phone-map-ko.png') });
    // "Run in terminal" from the lesson pane shows the terminal it typed into.
    await phone.tap('[data-show-pane="lesson"]');
    await phone.locator('.code-run').first().tap();
    await phone.waitForSelector('[data-terminal]', { state: 'visible' });
  });

  it('shows only Korean in the Korean UI, apart from code, names and the learner\'s objects', async () => {
    const found: string[] = [];
    const look = async (p: Page, path: string, prepare?: () => Promise<void>) => {
      if (path) await p.goto(app.url + path);
      await prepare?.();
      for (const text of await nonKoreanTexts(p)) found.push(`${path || p.url()}: ${text}`);
    };
    await look(page, '/ko/labs');
    await look(page, '/ko/labs/07-services/clusterip', async () => {
      await page.waitForSelector('.flow[data-service="lb"] [data-lb-ip]');
      await page.click('[data-check-button]');
      await page.waitForSelector('.check-panel[data-result]');
      await page.click('.flow[data-service="web"] .obj-head[data-describe]');
      await page.waitForSelector('[data-describe-panel][data-state="ready"]');
      await page.click('[data-new-tab]');
      await terminalConnected(page, 2);
    });
    await look(page, '/ko/labs/01-why-kubernetes/complete');
    await look(page, '/ko/progress');
    await look(page, '/account');
    await look(page, '/ko/no-such-page');
    await look(page, '/ko/labs/no-such-lab');
    const stranger = await (await browser.newContext({ locale: 'ko-KR' })).newPage();
    for (const path of ['/ko/labs', '/signin', '/signup']) await look(stranger, path);
    expect(found).toEqual([]);
  });

  it('answers an unknown English address with an English page', async () => {
    const res = await page.goto(`${app.url}/en/no-such-page`);
    expect(res!.status()).toBe(404);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.textContent('h1')).toBe('Page not found.');
  });
});
