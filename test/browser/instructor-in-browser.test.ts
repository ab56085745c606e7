// An instructor's day in a real browser (Chromium, in Korean, in Seoul's time zone) against the real app: while a
// learner works, the analytics page's heatmap and "stuck now" follow the learner's Checks made in this test without
// a reload; the learner's terminal session, recorded as it ran, plays back in the drill-down beside their Checks;
// the cluster scrubber shows an object as it was before the learner changed it; the class CSV carries a byte-order
// mark so Korean names read right; a group has a join link and QR code and the labs assigned to it show on the
// learner's progress page with their due date.
import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { findKind } from '../../sandbox/apiserver/kinds/registry';
import { startApp, type Harness, type WebClient } from '../server/app-harness';
import { browserAvailable, launchBrowser } from '../helpers/browser';
import { screenshotPath } from '../helpers/browser-terminal';
import { waitFor } from '../helpers/test-cluster';

const suite = browserAvailable() ? describe : describe.skip;

async function check(c: WebClient, lab: string, step: string) {
  const res = await fetch(`${c.base}/api/labs/${lab}/steps/${step}/check`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': c.csrf, cookie: c.cookieHeader() },
    body: JSON.stringify({ answers: {} }),
  });
  return (await res.json()) as { passed: boolean };
}

suite('the instructor pages in a browser', () => {
  jest.setTimeout(180_000);
  let app: Harness;
  let browser: Browser;
  let teacherContext: BrowserContext;
  let learnerContext: BrowserContext;
  let teacher: Page;
  let learner: WebClient;
  let learnerId: string;

  beforeAll(async () => {
    app = await startApp({ checkSettleMs: 200 });
    browser = await launchBrowser();
    teacherContext = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'ko-KR', timezoneId: 'Asia/Seoul' });
    learnerContext = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'ko-KR', timezoneId: 'Asia/Seoul' });
    teacher = await teacherContext.newPage();
    await teacher.goto(`${app.url}/signup`);
    await teacher.fill('input[name="name"]', '김선생');
    await teacher.fill('input[name="email"]', 'teacher@example.com');
    await teacher.fill('input[name="password"]', 'tiger lily 42 river');
    await teacher.click('button[type="submit"]');
    await teacher.waitForURL(/\/labs$/);
    learner = app.client();
    await learner.signUp('student@example.com', 'tiger lily 42 river', '김학생');
    learnerId = await learner.userId();
    await learnerContext.addCookies([...learner.cookies].map(([name, value]) => ({ name, value, url: app.url })));
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('shows the learner failing a check in the heatmap and as stuck now, live, without a reload', async () => {
    await teacher.goto(`${app.url}/instructor/analytics?lab=03-check&stuck=0`);
    await teacher.waitForSelector('[data-nobody-stuck]');
    const cell = `td.heat[data-learner="${learnerId}"][data-step="make-ns"]`;
    expect(await teacher.getAttribute(cell, 'data-state')).toBe('untouched');
    await learner.get('/ko/labs/03-check/make-ns');
    expect((await check(learner, '03-check', 'make-ns')).passed).toBe(false);
    expect((await check(learner, '03-check', 'make-ns')).passed).toBe(false);
    // No reload: the page fetches its live part again by itself.
    await teacher.waitForSelector(`${cell}[data-state="failing"]`, { timeout: 20_000 });
    await teacher.waitForSelector(`tr[data-stuck="${learnerId}"]`, { timeout: 20_000 });
    const stuck = await teacher.textContent(`tr[data-stuck="${learnerId}"]`);
    expect(stuck).toContain('김학생');
    expect(stuck).toContain('네임스페이스 demo가 있음');
    expect(await teacher.textContent('tr[data-failing-check="demo-exists"]')).toMatch(/kubectl create namespace demo\s*\(2\)/);
    // Times are Seoul's (UTC+9), written as people read them.
    const shown = await teacher.textContent(`tr[data-stuck="${learnerId}"] time`);
    const iso = await teacher.getAttribute(`tr[data-stuck="${learnerId}"] time`, 'datetime');
    const seoulHour = (new Date(iso!).getUTCHours() + 9) % 24;
    expect(shown).toContain(`${String(seoulHour).padStart(2, '0')}:`);
    expect(shown).not.toMatch(/UTC|AM|PM|오전|오후/);
    await teacher.screenshot({ path: screenshotPath('instructor-analytics-ko.png'), fullPage: true });

    app.server.ctx.clusters.ensure(learnerId).api.create(findKind('Namespace')!, undefined, { metadata: { name: 'demo' } });
    expect((await check(learner, '03-check', 'make-ns')).passed).toBe(true);
    await teacher.waitForSelector(`${cell}[data-state="passed"]`, { timeout: 20_000 });
    await teacher.waitForSelector('[data-nobody-stuck]', { timeout: 20_000 });
  });

  it('plays back the learner\'s recorded terminal session beside their checks', async () => {
    const own = await learnerContext.newPage();
    await own.goto(`${app.url}/ko/labs/01-first/nodes`);
    await own.waitForSelector('[data-terminal][data-state="connected"]');
    await own.evaluate(() => (window as any).kubelab.terminal.run('echo REPLAY-$((6*7)); read -s -p "Password: " secret; echo; echo after-$secret-prompt'));
    await own.waitForFunction(() => (window as any).kubelab.terminal.term.buffer.active.getLine(0) !== undefined && document.querySelector('[data-terminal]')!.textContent!.includes('Password'), undefined, { timeout: 20_000 }).catch(() => undefined);
    await own.keyboard.type('hunter2-typed');
    await own.keyboard.press('Enter');
    // The recording is written in batches of up to a second: wait until the file has the end of it.
    let cast = '';
    await waitFor(() => {
      const list = app.server.ctx.recordings.list(learnerId);
      cast = list.length ? app.server.ctx.recordings.cast(learnerId, list[0].id) ?? '' : '';
      return cast.includes('after-hunter2-typed-prompt');
    }, 'the recording of the session', 20_000).catch(() => undefined); // the assertions below say what is missing
    // asciicast v2: a header line, then [seconds, "o", text] events; the password typed at the prompt (echo off)
    // appears only where the script itself printed it back, never as typed input.
    const [header, ...events] = cast.trim().split('\n').map((l) => JSON.parse(l));
    expect(header).toMatchObject({ version: 2, width: expect.any(Number), height: expect.any(Number), timestamp: expect.any(Number) });
    expect(events.every((e: unknown[]) => typeof e[0] === 'number' && (e[1] === 'o' || e[1] === 'r'))).toBe(true);
    expect(cast.split('hunter2-typed').length - 1).toBe(1);
    await own.close();

    await teacher.goto(`${app.url}/learners/${learnerId}/attempts`);
    await teacher.waitForSelector('[data-replay-player][data-loaded]');
    await teacher.click('[data-replay-play]');
    await teacher.waitForFunction(
      () => {
        const buf = (window as any).kubelab.replay.term.buffer.active;
        for (let i = 0; i < buf.length; i++) if (buf.getLine(i)?.translateToString(true).includes('REPLAY-42')) return true;
        return false;
      },
      undefined,
      { timeout: 30_000 },
    );
    await teacher.waitForSelector('[data-replay-player][data-playing="false"]', { timeout: 30_000 });
    // The Checks made before the session are marked as past on the time line beside it.
    expect(await teacher.locator('[data-replay-timeline] li.tl-attempt.past').count()).toBe(3);
    await teacher.screenshot({ path: screenshotPath('instructor-replay-ko.png'), fullPage: true });
  });

  it('scrubs the learner\'s cluster back to an object\'s earlier version', async () => {
    const api = app.server.ctx.clusters.ensure(learnerId).api;
    const cm = findKind('ConfigMap')!;
    api.create(cm, 'default', { metadata: { name: 'settings' }, data: { color: 'blue-version-one' } });
    await new Promise((r) => setTimeout(r, 1200)); // two versions a moment apart, as a learner would make them
    const current = api.get(cm, 'default', 'settings');
    api.update(cm, 'default', 'settings', { ...current, data: { color: 'green-version-two' } });

    await teacher.goto(`${app.url}/learners/${learnerId}/attempts`);
    const object = teacher.locator('.scrubber-objects button', { hasText: 'default/settings' });
    await object.waitFor({ timeout: 20_000 });
    await object.click();
    await teacher.waitForSelector('.scrubber-object pre:has-text("green-version-two")');
    const versions = teacher.locator('.scrubber-versions button');
    expect(await versions.count()).toBe(2);
    await versions.first().click();
    await teacher.waitForSelector('.scrubber-object pre:has-text("blue-version-one")', { timeout: 10_000 });
    expect(await teacher.textContent('.scrubber-object pre')).not.toContain('green-version-two');
    await teacher.screenshot({ path: screenshotPath('instructor-scrubber-ko.png'), fullPage: true });
  });

  it('downloads a CSV that opens with the Korean names right (UTF-8 with a byte-order mark) and an .xlsx', async () => {
    const res = await teacher.request.get(`${app.url}/instructor/progress.csv`);
    const body = await res.body();
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(body.subarray(3))).toMatch(/student@example\.com,김학생,03-check,make-ns,passed,3,1\.00,/);
    const xlsx = await teacher.request.get(`${app.url}/instructor/progress.xlsx`);
    const zip = await xlsx.body();
    expect(zip.subarray(0, 2).toString()).toBe('PK');
    expect(zip.toString('utf8')).toContain('<t xml:space="preserve">김학생</t>');
  });

  it('gives a group a join link and QR code, and shows its assignment with the due date to the learner', async () => {
    await teacher.goto(`${app.url}/instructor/groups`);
    await teacher.fill('input[name="name"]', '월요일 반');
    await teacher.click('form[action="/instructor/groups"] button[type="submit"]');
    await teacher.waitForSelector('[data-join-link]');
    const link = (await teacher.getAttribute('[data-join-link]', 'href'))!;
    expect(link).toMatch(/\/join\/[A-Z0-9]{6}$/);
    expect(await teacher.locator('.join-card svg[role="img"] path').count()).toBe(1);
    await teacher.selectOption('select[name="lab"]', '03-check');
    await teacher.fill('input[name="due"]', '2031-03-02T18:00');
    await teacher.click('form[action$="/assignments"] button[type="submit"]');
    await teacher.waitForSelector('[data-assignment="03-check"]');
    expect(await teacher.textContent('[data-assignment="03-check"]')).toContain('18:00');
    await teacher.screenshot({ path: screenshotPath('instructor-group-ko.png'), fullPage: true });

    const own = await learnerContext.newPage();
    await own.goto(link);
    await own.click('form[action="/groups/join"] button[type="submit"]');
    await own.waitForURL(/joined=yes/);
    const assigned = await own.textContent('[data-assigned="03-check"]');
    expect(assigned).toContain('마감');
    expect(assigned).toContain('18:00'); // Seoul's 18:00, as the instructor in Seoul set it
    expect(app.server.ctx.assignments.ofLearner(learnerId)[0].dueAt).toBe(Date.UTC(2031, 2, 2, 9, 0));
    await own.close();
  });

  it('shows every instructor page in Korean only', async () => {
    for (const p of ['/instructor', '/instructor/progress', '/instructor/analytics?lab=03-check', '/instructor/groups', '/instructor/labs', '/instructor/labs/03-check', '/instructor/lti', `/learners/${learnerId}/attempts`]) {
      await teacher.goto(app.url + p);
      const text = await teacher.evaluate(() => {
        const clone = document.querySelector('main')!.cloneNode(true) as HTMLElement;
        // What is not UI text: code, learners' and labs' own text, e-mails, ids.
        for (const e of clone.querySelectorAll('code, pre, bdi, .lesson-body, .xterm, .tz-note, [data-join-link], .scrubber-objects, option, .lti-urls dd')) e.remove();
        return clone.innerText;
      });
      const english = text.match(/\b(?:OK|Show|Learners?|Groups?|Download|Attempts?|Step|Result|Passed|Failed|Check|Median|Stuck|Due|Lab|Register|Client|Platform|Redirect|Remove)\b/g);
      expect([p, english]).toEqual([p, null]);
    }
    expect(fs.existsSync(screenshotPath('instructor-analytics-ko.png'))).toBe(true);
  });
});
