// A learner's text never becomes markup, in a real browser (Chromium): a hostile learner puts a corpus of markup,
// a phishing link, javascript: URLs, spreadsheet formulas and right-to-left overrides into everything they
// control — their name and e-mail, their cluster (annotations, ConfigMap data, event messages, container images,
// a Deployment's replicas, a pod's status, an Endpoints address), a check result that echoes their cluster, and
// their terminal (window titles, OSC 8 hyperlinks, plain URLs). The instructor then opens every page that shows
// that learner (the learners list, the live view with map and terminal, the map's describe side panel, the
// drill-down with the replay of their terminal and their cluster through time, the class table, analytics, their
// group, the CSV), and so does the learner: no element of the corpus exists in any DOM, the text reads literally,
// the page title stays ours, and clicking the terminal's links from the instructor's view (live or replayed) opens
// nothing.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startApp, type Harness, type WebClient } from '../server/app-harness';
import { browserAvailable, launchBrowser } from '../helpers/browser';
import { apiRequest } from '../helpers/api-request';

const PLANTED = [
  '<img id=pwn-img src=x>',
  '<a id=pwn-a href=https://evil.example/login>sign in again</a>',
  '<b id=pwn-b>bold</b>',
  '"><svg id=pwn-svg onload=alert(1)>',
  'javascript:alert(document.domain)',
  '=HYPERLINK("https://evil.example/login","x")',
  '\u202Eexe.txt',
];
const HOSTILE = PLANTED.join(' ');
const NAME = '<b id=pwn-b>Mallory</b> <img id=pwn-img src=x> \u202Eexe.txt';
const EMAIL = '"><svg/id=pwn-svg/onload=alert(1)>@evil.example';

const suite = browserAvailable() ? describe : describe.skip;

suite('a hostile learner\'s text in every page that shows it', () => {
  jest.setTimeout(120_000);
  let app: Harness;
  let browser: Browser;
  let teacher: WebClient;
  let mallory: WebClient;
  let malloryId: string;
  let groupId: string;
  let teacherContext: BrowserContext;
  let malloryContext: BrowserContext;
  const dialogs: string[] = [];
  const popups: string[] = [];

  /** The terminal's buffer as text (xterm draws it, but the buffer is the truth). */
  const terminalHas = (p: Page, text: string) =>
    p.waitForFunction(
      (t) => {
        const buf = (window as any).kubelab?.terminal?.term?.buffer.active;
        if (!buf) return false;
        for (let i = 0; i < buf.length; i++) if (buf.getLine(i)?.translateToString(true).includes(t)) return true;
        return false;
      },
      text,
      { timeout: 20_000, polling: 100 },
    );

  /** Planted elements, links off-site, and the title: what must never change. */
  const planted = (p: Page) =>
    p.evaluate(() => ({
      elements: [...document.querySelectorAll('[id^="pwn-"], a[href*="evil.example"], a[href^="javascript:"], [onload], [onerror]')].map((e) => e.outerHTML),
      title: document.title,
      text: document.body.innerText,
    }));

  async function expectInert(p: Page, path: string, literal: string[]): Promise<void> {
    await p.goto(app.url + path);
    await p.waitForLoadState('networkidle').catch(() => undefined);
    const seen = await planted(p);
    expect([path, seen.elements]).toEqual([path, []]);
    expect(seen.title).toMatch(/kubelab$/);
    for (const l of literal) expect([path, seen.text.includes(l)]).toEqual([path, true]);
  }

  /** The describe side panel of the hostile pod and Service: their annotations, images, events and endpoints as text. */
  async function expectDescribeInert(p: Page): Promise<void> {
    for (const selector of ['.pod[data-pod="odd"]', '.flow[data-service="svc"] .obj-head']) {
      await p.click(selector);
      await p.waitForSelector('[data-describe-panel][data-state="ready"]');
      const seen = await planted(p);
      expect([selector, seen.elements]).toEqual([selector, []]);
      expect(seen.title).toMatch(/kubelab$/);
      expect(await p.textContent('[data-describe-panel] pre')).toContain(PLANTED[0]);
      await p.keyboard.press('Escape');
    }
  }

  async function signUpInBrowser(context: BrowserContext, name: string, email: string): Promise<Page> {
    const p = await context.newPage();
    await p.goto(`${app.url}/signup`);
    await p.fill('input[name="name"]', name);
    await p.fill('input[name="email"]', email);
    await p.fill('input[name="password"]', 'tiger lily 42 river');
    await p.click('button[type="submit"]');
    await p.waitForURL(/\/labs$/);
    return p;
  }

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
    teacherContext = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-US' });
    malloryContext = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-US' });
    for (const c of [teacherContext, malloryContext]) {
      c.on('page', (p) => {
        p.on('dialog', (d) => {
          dialogs.push(d.message());
          void d.dismiss();
        });
        p.on('popup', (w) => popups.push(w.url()));
      });
    }
    await signUpInBrowser(teacherContext, 'Teacher', 'teacher@example.com');
    teacher = app.client();
    await teacher.signIn('teacher@example.com', 'tiger lily 42 river');
    // The browser's e-mail field would not take this address; the server does (it is plausible), so Mallory posts
    // the form without a browser and carries the session into one.
    mallory = app.client();
    expect((await mallory.signUp(EMAIL, 'tiger lily 42 river', NAME)).status).toBe(303);
    malloryId = await mallory.userId();
    await malloryContext.addCookies([...mallory.cookies].map(([name, value]) => ({ name, value, url: app.url })));

    // Mallory's cluster, through its API as kubectl would send it. Fields the API refuses cannot be hostile.
    app.server.ctx.clusters.ensure(malloryId);
    const token = app.server.ctx.clusters.token(malloryId);
    const base = `${app.url.replace('http:', 'https:')}/clusters/${malloryId}`;
    const call = (method: string, path: string, body: unknown, type = 'application/json') =>
      apiRequest(base + path, { method, token, ca: app.server.ctx.caCert, body, headers: { 'content-type': type } });
    const meta = (name: string) => ({ name, annotations: { note: HOSTILE } });
    const template = (app: string) => ({ metadata: { labels: { app } }, spec: { containers: [{ name: 'c', image: HOSTILE, command: ['sh', '-c', HOSTILE] }] } });
    await call('POST', '/api/v1/namespaces/default/configmaps', { metadata: meta('notes'), data: { page: HOSTILE } });
    await call('POST', '/apis/apps/v1/namespaces/default/deployments', { metadata: meta('web'), spec: { replicas: PLANTED[0], selector: { matchLabels: { app: 'web' } }, template: template('web') } });
    await call('POST', '/apis/apps/v1/namespaces/default/replicasets', {
      metadata: { name: 'lone', annotations: { 'deployment.kubernetes.io/revision': PLANTED[2] } },
      spec: { replicas: PLANTED[1], selector: { matchLabels: { app: 'lone' } }, template: template('lone') },
    });
    await call('POST', '/api/v1/namespaces/default/pods', { metadata: meta('odd'), spec: { nodeName: 'kubelab-worker', containers: [{ name: 'c', image: HOSTILE }] } });
    await call('PATCH', '/api/v1/namespaces/default/pods/odd/status', { status: { phase: { html: PLANTED[3] }, containerStatuses: [{ name: 'c', ready: false, restartCount: 0, state: { waiting: { reason: PLANTED[1] } } }] } }, 'application/merge-patch+json');
    await call('POST', '/api/v1/namespaces/default/services', { metadata: meta('svc'), spec: { ports: [{ port: 80 }] } });
    await call('POST', '/api/v1/namespaces/default/endpoints', { metadata: { name: 'svc' }, subsets: [{ addresses: [{ ip: PLANTED[0], targetRef: { kind: 'Pod', name: PLANTED[2] } }] }] });
    await call('POST', '/api/v1/namespaces/default/events', { metadata: { name: 'odd.1' }, involvedObject: { kind: 'Pod', name: 'odd', namespace: 'default' }, reason: 'Hostile', message: HOSTILE, type: 'Warning' });
    // A check result that echoes the cluster (as the grader does with images, data and messages), stored as it would be.
    app.server.ctx.progress.visit(malloryId, '03-check', 'make-ns');
    const text = { ko: HOSTILE, en: HOSTILE };
    app.server.ctx.progress.record(malloryId, '03-check', 'make-ns', [{ id: 'demo-exists', title: text, status: 'failed', expected: text, found: text, hint: text }], 5);
    app.server.ctx.progress.record(malloryId, '03-check', 'make-ns', [{ id: 'demo-exists', title: text, status: 'failed', expected: text, found: text, hint: text, diagnosis: text }], 5);
    // Mallory is in a group the instructor manages.
    const group = app.server.ctx.groups.create(app.server.ctx.auth.users.list().find((u) => u.email === 'teacher@example.com')!.id, 'Monday');
    app.server.ctx.groups.join(malloryId, group.joinCode);
    groupId = group.id;
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it("the learner's terminal sets no title and opens no link for the instructor watching it", async () => {
    const own = await malloryContext.newPage();
    await own.goto(`${app.url}/en/labs/01-first/nodes`);
    await own.waitForSelector('[data-terminal][data-state="connected"]');
    const script = [
      `printf '\\033]0;${PLANTED[0]}\\007\\033]2;${PLANTED[2]}\\007'`,
      `printf '\\033]8;;https://evil.example/login\\033\\\\CLICK-ME-NOW\\033]8;;\\033\\\\\\n'`,
      `printf '\\033]8;;javascript:alert(1)\\033\\\\SCRIPT-LINK\\033]8;;\\033\\\\\\n'`,
      `echo https://evil.example/login`,
      `echo '${PLANTED[1]}'; echo DONE-$((40+2))`,
    ].join('; ');
    // Sent as one input, as the lessons' Run buttons do (typing it key by key takes minutes on a busy machine).
    await own.evaluate((s) => (window as any).kubelab.terminal.run(s), script);
    await terminalHas(own, 'DONE-42');

    const watch = await teacherContext.newPage();
    await watch.goto(`${app.url}/learners/${malloryId}`);
    await terminalHas(watch, 'DONE-42');
    for (const word of ['CLICK-ME-NOW', 'SCRIPT-LINK', 'evil.example/login']) {
      const box = await watch.evaluate((w) => {
        const term = (window as any).kubelab.terminal.term;
        const buf = term.buffer.active;
        const screen = document.querySelector('[data-terminal] .xterm-screen')!.getBoundingClientRect();
        for (let y = buf.viewportY; y < buf.viewportY + term.rows; y++) {
          const line = buf.getLine(y)?.translateToString(true) ?? '';
          const at = line.indexOf(w);
          // The typed command echoes the word too: the printed line is the one that starts with it.
          if (at === 0 || (at > 0 && !line.includes('printf') && !line.includes('echo'))) {
            const cw = screen.width / term.cols;
            const ch = screen.height / term.rows;
            return { x: screen.left + (at + 2) * cw, y: screen.top + (y - buf.viewportY + 0.5) * ch };
          }
        }
        return undefined;
      }, word);
      expect([word, !!box]).toEqual([word, true]);
      await watch.mouse.move(box!.x - 5, box!.y);
      await watch.mouse.move(box!.x, box!.y);
      await watch.mouse.click(box!.x, box!.y);
    }
    await watch.waitForTimeout(300); // a dialog or popup would have opened by now (an event, not a state to poll)
    expect({ dialogs, popups }).toEqual({ dialogs: [], popups: [] });
    const seen = await planted(watch);
    expect(seen.elements).toEqual([]);
    expect(seen.title).toMatch(/kubelab$/);
    await own.close();
    await watch.close();
  });

  it('shows the instructor every page of that learner with nothing of the corpus as markup', async () => {
    const p = await teacherContext.newPage();
    await expectInert(p, '/instructor', ['Mallory', EMAIL]);
    await expectInert(p, `/learners/${malloryId}/attempts`, [PLANTED[1], PLANTED[3], NAME.split(' ')[0]]);
    await expectInert(p, '/instructor/progress', ['<b id=pwn-b>Mallory</b>', EMAIL]);
    await p.goto(`${app.url}/learners/${malloryId}`);
    await p.waitForSelector('.node[data-node="kubelab-worker"]', { timeout: 20_000 });
    await p.waitForSelector('.pod[data-pod="odd"]', { timeout: 20_000 });
    const seen = await planted(p);
    expect(seen.elements).toEqual([]);
    expect(seen.title).toMatch(/kubelab$/);
    // The map draws the values literally (where the API let them in).
    expect(seen.text).toContain(PLANTED[1]); // the odd pod's waiting reason
    expect(seen.text).toContain(PLANTED[0]); // the endpoints address
    await expectDescribeInert(p);
    await p.close();
  });

  it('shows the instructor analytics, the group, the replay and the cluster through time with nothing of the corpus as markup', async () => {
    const p = await teacherContext.newPage();
    await expectInert(p, '/instructor/analytics?lab=03-check&stuck=0', [PLANTED[1], '<b id=pwn-b>Mallory</b>']);
    expect(await p.locator(`tr[data-stuck="${malloryId}"]`).count()).toBe(1);
    await expectInert(p, `/instructor/groups/${groupId}`, ['<b id=pwn-b>Mallory</b>', EMAIL]);
    await expectInert(p, `/learners/${malloryId}/attempts`, [PLANTED[3]]);
    // The replay of Mallory's terminal (titles, OSC 8 links, markup printed) plays to the end as text.
    await p.waitForSelector('[data-replay-player][data-loaded]');
    await p.click('[data-replay-play]');
    await p.waitForFunction(() => {
      const buf = (window as any).kubelab.replay.term.buffer.active;
      for (let i = 0; i < buf.length; i++) if (buf.getLine(i)?.translateToString(true).includes('DONE-42')) return true;
      return false;
    }, undefined, { timeout: 30_000 });
    for (const link of await p.locator('.replay-screen .xterm-screen').all()) await link.click({ position: { x: 40, y: 40 } });
    // The cluster through time: the hostile ConfigMap and pod as they were, as text.
    const notes = p.locator('.scrubber-objects button', { hasText: 'default/notes' });
    await notes.waitFor({ timeout: 20_000 });
    await notes.click();
    await p.waitForSelector('.scrubber-object pre:has-text("pwn-img")');
    await p.locator('.scrubber-objects button', { hasText: /^Pod default\/odd$/ }).click();
    await p.waitForSelector('.scrubber-object pre:has-text("pwn-svg")');
    const seen = await planted(p);
    expect(seen.elements).toEqual([]);
    expect(seen.title).toMatch(/kubelab$/);
    expect(seen.text).toContain(PLANTED[0]);
    expect({ dialogs, popups }).toEqual({ dialogs: [], popups: [] });
    await p.close();
  });

  it('shows the learner their own pages with nothing of the corpus as markup', async () => {
    const p = await malloryContext.newPage();
    await p.goto(`${app.url}/en/labs/01-first/nodes`);
    await p.waitForSelector('.pod[data-pod="odd"]', { timeout: 20_000 });
    const seen = await planted(p);
    expect(seen.elements).toEqual([]);
    expect(seen.text).toContain('<b id=pwn-b>Mallory</b>');
    await expectDescribeInert(p);
    await expectInert(p, '/en/progress', [PLANTED[3]]);
    await expectInert(p, `/learners/${malloryId}/attempts`, ['<b id=pwn-b>Mallory</b>', PLANTED[3]]);
    await p.close();
  });

  it('exports a CSV whose learner cells no spreadsheet runs as a formula', async () => {
    const res = await teacher.get('/instructor/progress.csv');
    const rows = parseCsv(res.text);
    const row = rows.find((r) => r[0].includes('svg'))!;
    expect(row[0]).toBe(EMAIL);
    expect(row[1]).toBe(NAME);
    await app.server.ctx.auth.users.create({ email: 'formula@example.com', name: '=HYPERLINK("https://evil.example/login","x")', password: 'tiger lily 42 river' });
    for (const name of ['+1+1', '-1+1', '@SUM(A1)', '\t=1+1', ' =1+1', '＝1+1']) {
      await app.server.ctx.auth.users.create({ email: `f${Buffer.from(name).toString('hex')}@example.com`, name, password: 'tiger lily 42 river' });
    }
    const all = parseCsv((await teacher.get('/instructor/progress.csv')).text).slice(1);
    for (const r of all) expect([r[1], /^[=+\-@\t\r＝＋－＠]|^\s+[=+\-@]/.test(r[1])]).toEqual([r[1], false]);
    expect(all.some((r) => r[1] === `'=HYPERLINK("https://evil.example/login","x")`)).toBe(true);
  });
});

/** RFC 4180 rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    }
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}
