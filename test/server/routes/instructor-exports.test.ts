// The instructor's exports and a learner's replay data, over HTTP against the real app: a group's grades as
// Gradescope results per learner and lab and as well-formed JUnit XML, the class table as an .xlsx whose sheet
// holds the learners' names as text, and recordings and cluster history readable by the learner and instructors
// only.
import zlib from 'node:zlib';
import { startApp, type Harness, type WebClient } from '../app-harness';
import { parseXml } from '../../grader/xml';

let app: Harness;
let teacher: WebClient;
let ann: WebClient;
let bob: WebClient;
let annId: string;
let groupId: string;

async function check(c: WebClient, lab: string, step: string, answers: Record<string, unknown> = {}) {
  const res = await fetch(`${c.base}/api/labs/${lab}/steps/${step}/check`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': c.csrf, cookie: c.cookieHeader() },
    body: JSON.stringify({ answers }),
  });
  return res.json();
}

beforeAll(async () => {
  app = await startApp({ checkSettleMs: 100 });
  teacher = app.client();
  await teacher.signUp('teacher@example.com');
  ann = app.client();
  await ann.signUp('ann@example.com', 'correct horse battery', '안나');
  annId = await ann.userId();
  bob = app.client();
  await bob.signUp('bob@example.com');
  await teacher.get('/instructor/groups');
  const made = await teacher.post('/instructor/groups', { name: 'Monday' });
  groupId = made.location!.split('/').pop()!;
  const code = /data-join-code>([A-Z0-9]{6})</.exec((await teacher.get(made.location!)).text)![1];
  await ann.get('/en/progress');
  await ann.post('/groups/join', { code });
  await ann.get('/en/labs/03-check/make-ns');
  await check(ann, '03-check', 'make-ns');
  await check(ann, '03-check', 'quiz', { 'default-ns': 'default' });
}, 60_000);

afterAll(() => app?.close());

it('exports a group\'s grades as Gradescope results per learner and lab', async () => {
  const res = await teacher.get(`/instructor/grades?group=${groupId}&lab=03-check&format=gradescope`);
  expect(res.headers.get('content-disposition')).toContain('kubelab-grades-03-check.json');
  const body = JSON.parse(res.text);
  expect(body.learners.map((l: any) => l.email)).toEqual(['ann@example.com']);
  const results = body.learners[0].labs['03-check'];
  expect(results).toMatchObject({ score: 1, max_score: 2 });
  expect(results.tests.map((t: any) => [t.name.split(':')[0], t.status])).toEqual([['03-check / make-ns / demo-exists', 'failed'], ['03-check / quiz / default-ns', 'passed']]);
});

it('exports a group\'s grades as well-formed JUnit XML, a suite per learner and lab, unchecked steps failing', async () => {
  const res = await teacher.get('/instructor/grades?format=junit&lab=01-first', { 'accept-language': 'en' });
  const doc = parseXml(res.text);
  const suites = doc.children.filter((c) => c.name === 'testsuite');
  expect(suites.map((s) => s.attrs.name)).toEqual(['teacher@example.com 01-first', 'ann@example.com 01-first', 'bob@example.com 01-first']);
  expect(suites[1].attrs).toMatchObject({ failures: '2' });
  expect(res.text).toContain('no attempt');
});

it('exports the class table as an .xlsx workbook with names as text cells', async () => {
  const res = await fetch(`${teacher.base}/instructor/progress.xlsx?group=${groupId}`, { headers: { cookie: teacher.cookieHeader() } });
  expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const zip = Buffer.from(await res.arrayBuffer());
  // Stored entries: find the sheet by its local header and check its CRC as a spreadsheet would.
  const name = Buffer.from('xl/worksheets/sheet1.xml');
  let at = -1;
  for (let i = zip.indexOf(name); i >= 0 && at < 0; i = zip.indexOf(name, i + 1)) if (i >= 30 && zip.readUInt32LE(i - 30) === 0x04034b50) at = i - 30;
  expect(zip.readUInt32LE(at)).toBe(0x04034b50);
  const size = zip.readUInt32LE(at + 18);
  const sheet = zip.subarray(at + 30 + name.length, at + 30 + name.length + size);
  expect(zlib.crc32(sheet)).toBe(zip.readUInt32LE(at + 14));
  expect(sheet.toString('utf8')).toContain('<c r="B2" t="inlineStr"><is><t xml:space="preserve">안나</t></is></c>');
  expect(sheet.toString('utf8')).not.toContain('bob@example.com');
});

it('shows a learner\'s recordings and cluster history to them and instructors, to nobody else', async () => {
  app.server.ctx.clusters.ensure(annId);
  const id = app.server.ctx.recordings.start(annId, 80, 24);
  app.server.ctx.recordings.append(id, '[0.5,"o","hello"]\n');
  for (const c of [ann, teacher]) {
    expect((await c.get(`/learners/${annId}/recordings/${id}.cast`)).text).toContain('[0.5,"o","hello"]');
    expect(JSON.parse((await c.get(`/learners/${annId}/history`, { accept: 'application/json' })).text).span).not.toBeNull();
  }
  expect((await bob.get(`/learners/${annId}/recordings/${id}.cast`)).status).toBe(403);
  expect((await bob.get(`/learners/${annId}/history/objects`, { accept: 'application/json' })).status).toBe(403);
  expect((await ann.get(`/learners/${annId}/recordings/${id + 1}.cast`)).status).toBe(404);
  // The learner sees their own drill-down, without the instructor's menu.
  const own = await ann.get(`/learners/${annId}/attempts`);
  expect(own.status).toBe(200);
  expect(own.text).not.toContain('instructor-nav');
});

it('asks a visitor who follows a join link to sign in and brings them back to join', async () => {
  const code = /data-join-code>([A-Z0-9]{6})</.exec((await teacher.get(`/instructor/groups/${groupId}`)).text)![1];
  const visitor = app.client();
  const page = await visitor.get(`/join/${code.toLowerCase()}`, { 'accept-language': 'ko' });
  expect(page.status).toBe(200);
  expect(page.text).toContain(`href="/signin?next=%2Fjoin%2F${code}"`);
  expect(page.text).toContain(`참여 코드 ${code}`);
  await visitor.get('/signin');
  expect((await visitor.post('/signin', { email: 'bob@example.com', password: 'correct horse battery', next: `/join/${code}` })).location).toBe(`/join/${code}`);
  const confirm = await visitor.get(`/join/${code}`);
  expect(confirm.text).toContain('name="code" value="' + code + '"');
  expect((await visitor.post('/groups/join', { code })).location).toMatch(/joined=yes$/);
  expect((await teacher.get('/join/NOSUCH')).status).toBe(404);
});

it('refuses every instructor page and export to a learner', async () => {
  for (const p of ['/instructor/analytics', '/instructor/groups', `/instructor/groups/${groupId}`, '/instructor/labs', '/instructor/labs/03-check', '/instructor/grades', '/instructor/progress.xlsx', '/instructor/lti']) {
    expect([p, (await ann.get(p)).status]).toEqual([p, 403]);
  }
});
