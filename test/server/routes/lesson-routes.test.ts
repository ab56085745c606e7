// Lessons at the same paths in Korean and English: the catalogue, a step page with its tools, a missing
// translation shown in the other language with a notice, the language remembered, lab files served safely.
import { startApp, type Harness, type WebClient } from '../app-harness';

let app: Harness;
let ann: WebClient;
beforeAll(async () => {
  app = await startApp();
  ann = app.client();
  await ann.signUp('ann@example.com');
});
afterAll(() => app.close());

it('lists the valid labs in both languages and logs the broken one with its line', async () => {
  const ko = await app.client().get('/ko/labs');
  const en = await app.client().get('/en/labs');
  expect(ko.text).toContain('<html lang="ko">');
  expect(ko.text).toContain('첫 실습');
  expect(en.text).toContain('First lab');
  expect(en.text).toContain('href="/en/labs/01-first/nodes"');
  expect(ko.text).not.toContain('02-broken');
  expect(app.logs.some((l) => /02-broken\/lab\.yaml:\d+:/.test(l))).toBe(true);
});

it('shows a step in Korean and in English at the same path, with terminal and map', async () => {
  const ko = await ann.get('/ko/labs/01-first/nodes');
  const en = await ann.get('/en/labs/01-first/nodes');
  expect(ko.status).toBe(200);
  expect(ko.text).toContain('클러스터의 <strong>노드</strong>를 봅니다.');
  expect(ko.text).toContain('href="/en/labs/01-first/nodes"');
  expect(en.text).toContain("Look at the cluster's <strong>nodes</strong>.");
  expect(en.text).toContain('<details class="admonition admonition-hint"><summary>Show a hint</summary>');
  for (const page of [ko, en]) {
    expect(page.text).toContain('data-terminal ');
    expect(page.text).toContain('data-cluster-map');
    expect(page.text).not.toContain('fallback-notice');
  }
});

it('shows the Korean text with a notice when the English translation is missing', async () => {
  const en = await ann.get('/en/labs/01-first/only-korean');
  expect(en.status).toBe(200);
  expect(en.text).toContain('<html lang="en">');
  expect(en.text).toContain('class="fallback-notice"');
  expect(en.text).toContain('<div class="lesson-body" lang="ko"><p>이 단계는 한국어로만 쓰여 있습니다.</p>');
  expect(en.text).toContain('<h1 id="step-title">한국어만 있는 단계</h1>');
});

it('remembers the language last chosen', async () => {
  const c = app.client();
  expect((await c.get('/')).location).toBe('/ko/labs');
  await c.get('/en/labs');
  expect((await c.get('/')).location).toBe('/en/labs');
  expect((await c.get('/lang/ko?next=/en/labs/01-first/nodes')).location).toBe('/ko/labs/01-first/nodes');
  expect((await c.get('/')).location).toBe('/ko/labs');
  expect((await app.client().get('/', { 'accept-language': 'en-US,en;q=0.9' })).location).toBe('/en/labs');
});

it('asks for sign-in before a lesson and answers 404 for unknown labs and steps', async () => {
  const anon = await app.client().get('/ko/labs/01-first/nodes');
  expect(anon.status).toBe(303);
  expect(anon.location).toMatch(/^\/signin\?next=/);
  expect((await ann.get('/ko/labs/01-first/nope')).status).toBe(404);
  expect((await ann.get('/ko/labs/99-none/nodes')).status).toBe(404);
  expect((await ann.get('/ko/labs/01-first')).location).toBe('/ko/labs/01-first/nodes');
});

it("serves a lab's pictures and files, never lab.yaml or anything outside the lab", async () => {
  const svg = await ann.get('/lab-files/01-first/img/nodes.ko.svg');
  expect(svg.status).toBe(200);
  expect(svg.headers.get('content-type')).toBe('image/svg+xml');
  expect(svg.headers.get('content-security-policy')).toContain('sandbox');
  expect((await ann.get('/lab-files/01-first/img/pod.yaml')).text).toContain('kind: Pod');
  expect((await ann.get('/lab-files/01-first/lab.yaml')).status).toBe(404);
  expect((await ann.get('/lab-files/01-first/..%2f02-broken%2flab.yaml')).status).toBe(404);
  expect((await ann.get('/lab-files/01-first/%2e%2e/%2e%2e/fixtures.ts')).status).toBe(404);
});

it('serves the bundled browser code and styles from memory', async () => {
  const js = await app.client().get('/assets/main.js');
  expect(js.status).toBe(200);
  expect(js.headers.get('content-type')).toMatch(/javascript/);
  const css = await app.client().get('/assets/main.css');
  expect(css.text).toContain('.xterm');
});
