// Checking a step in the app, against the real web app and the learner's real in-process cluster: ✗ with the
// expected/found/hint before the step is done, ✓ after; quizzes graded on the server without their answers in the
// page; every Check recorded as an attempt; the learner's own progress page; the instructor's class table, drill-down,
// groups with join codes and CSV; and nobody else's progress, check or table for a learner.
import { findKind } from '../../../sandbox/apiserver/kinds/registry';
import { startApp, type Harness, type WebClient } from '../app-harness';

let app: Harness;
let teacher: WebClient;
let ann: WebClient;
let annId: string;

async function check(c: WebClient, lab: string, step: string, answers: Record<string, unknown> = {}) {
  const res = await fetch(`${c.base}/api/labs/${lab}/steps/${step}/check`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': c.csrf, cookie: c.cookieHeader() },
    body: JSON.stringify({ answers }),
  });
  return { status: res.status, body: res.status === 200 ? ((await res.json()) as any) : await res.text() };
}

beforeAll(async () => {
  app = await startApp({ checkSettleMs: 300 });
  teacher = app.client();
  await teacher.signUp('teacher@example.com'); // the first account is an instructor
  ann = app.client();
  await ann.signUp('ann@example.com');
  annId = await ann.userId();
  await ann.get('/en/labs/03-check/make-ns');
}, 60_000);

afterAll(() => app?.close());

it('reports ✗ with expected, found and the hint before the step is done, and ✓ after', async () => {
  const before = await check(ann, '03-check', 'make-ns');
  expect(before.status).toBe(200);
  expect(before.body.passed).toBe(false);
  expect(before.body.results).toEqual([
    expect.objectContaining({ id: 'demo-exists', status: 'failed', hint: { ko: 'kubectl create namespace demo', en: 'kubectl create namespace demo' } }),
  ]);
  expect(before.body.results[0].found.en).toMatch(/not found|no /i);
  app.server.ctx.clusters.ensure(annId).api.create(findKind('Namespace')!, undefined, { metadata: { name: 'demo' } });
  const after = await check(ann, '03-check', 'make-ns');
  expect(after.body).toMatchObject({ passed: true, lab: { steps: 2, passed: 1, passedSteps: ['make-ns'] } });
  const page = await ann.get('/en/labs/03-check/make-ns');
  expect(page.text).toMatch(/data-step-id="make-ns" class="passed"/);
  expect(page.text).toContain('<span data-lab-progress>1</span> / 2 steps done');
});

it('grades quizzes on the server and never puts the answers in the page', async () => {
  const page = await ann.get('/en/labs/03-check/quiz');
  expect(page.text).toContain('Which namespace is used without -n?');
  expect(page.text).toContain('name="default-ns" value="kube-system"');
  expect(page.text).not.toMatch(/correct/);
  const wrong = await check(ann, '03-check', 'quiz', { 'default-ns': 'kube-system' });
  expect(wrong.body.results[0]).toMatchObject({ status: 'failed', found: { en: 'your choice is not right: “kube-system”' } });
  expect(JSON.stringify(wrong.body)).not.toContain('"correct":true');
  const right = await check(ann, '03-check', 'quiz', { 'default-ns': 'default' });
  expect(right.body).toMatchObject({ passed: true, lab: { passed: 2, steps: 2 } });
});

it('shows the learner their own attempts with every criterion, newest first', async () => {
  const page = await ann.get('/en/progress');
  expect(page.status).toBe(200);
  expect(page.text).toMatch(/Checked lab<\/a> — <span data-lab-done="03-check">2<\/span> \/ 2 steps done/);
  const rows = page.text.split('<tr class="').slice(1).map((r) => r.slice(0, 6));
  expect(rows).toEqual(['passed', 'failed', 'passed', 'failed']);
  expect(page.text).toContain('Expected: namespace &quot;demo&quot; exists · Found: not found');
});

it('refuses a check without the CSRF token, of an unknown step, or when signed out', async () => {
  const noCsrf = await fetch(`${ann.base}/api/labs/03-check/steps/make-ns/check`, {
    method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', cookie: ann.cookieHeader() }, body: '{}',
  });
  expect(noCsrf.status).toBe(403);
  expect((await check(ann, '03-check', 'nope')).status).toBe(404);
  const anon = app.client();
  await anon.get('/signin');
  expect((await check(anon, '03-check', 'make-ns')).status).toBe(401);
});

it('lets instructors see the class table, a learner\'s attempts and a CSV; learners cannot', async () => {
  const table = await teacher.get('/instructor/progress');
  expect(table.status).toBe(200);
  expect(table.text).toMatch(new RegExp(`data-learner="${annId}" data-lab="03-check"><span class="done">2/2</span>`));
  const attempts = await teacher.get(`/learners/${annId}/attempts`);
  expect(attempts.text).toContain('네임스페이스 demo가 있음'); // the instructor's language: Korean first
  const csv = await teacher.get('/instructor/progress.csv');
  expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
  const lines = csv.text.trim().split('\r\n');
  expect(lines[0]).toBe('email,name,lab,step,status,attempts,best_score,started_at,passed_at,time_spent_seconds');
  // A byte-order mark first, so Excel reads the UTF-8 (Korean names) right (fetch's text() hides it: read bytes).
  const bytes = Buffer.from(await (await fetch(`${teacher.base}/instructor/progress.csv`, { headers: { cookie: teacher.cookieHeader() } })).arrayBuffer());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(lines).toContainEqual(expect.stringMatching(/^ann@example\.com,ann,03-check,make-ns,passed,2,1\.00,\d{4}-.*Z,\d{4}-.*Z,\d+$/));
  expect(lines).toContainEqual(expect.stringMatching(/^ann@example\.com,ann,01-first,only-korean,not started,0,,,,$/));

  expect((await ann.get('/instructor/progress')).status).toBe(403);
  expect((await ann.get('/instructor/progress.csv')).status).toBe(403);
  const bob = app.client();
  await bob.signUp('bob@example.com');
  expect((await bob.get(`/learners/${annId}/attempts`)).status).toBe(403);
});

it('filters the class table by a group learners join with its code', async () => {
  await teacher.get('/instructor/groups');
  await teacher.post('/instructor/groups', { name: 'Monday class' });
  const groups = await teacher.get('/instructor/groups');
  const code = /data-join-code>([A-Z0-9]{6})</.exec(groups.text)![1];
  const table = await teacher.get('/instructor/progress');
  const groupId = /<option value="([0-9a-f]{16})">Monday class<\/option>/.exec(table.text)![1];
  await ann.get('/en/progress');
  expect((await ann.post('/groups/join', { code: 'WRONG1' })).location).toBe('/en/progress?joined=no');
  expect((await ann.post('/groups/join', { code: code.toLowerCase() })).location).toBe('/en/progress?joined=yes');
  expect((await ann.get('/en/progress?joined=yes')).text).toContain('Groups: Monday class');
  const filtered = await teacher.get(`/instructor/progress?group=${groupId}`);
  expect(filtered.text).toContain('ann@example.com');
  expect(filtered.text).not.toContain('bob@example.com');
  const csv = await teacher.get(`/instructor/progress.csv?group=${groupId}`);
  expect(csv.text).not.toContain('teacher@example.com');
  expect(csv.text).toContain('ann@example.com');
});

it('keeps progress across a server restart', async () => {
  app = await app.restart({ checkSettleMs: 300 });
  const again = app.client();
  await again.signIn('ann@example.com');
  const page = await again.get('/en/progress');
  expect(page.text).toMatch(/<span data-lab-done="03-check">2<\/span> \/ 2 steps done/);
});
