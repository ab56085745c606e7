// The routes behind the learner's new buttons and links: "save as file" writes the step's own manifest into the
// learner's home (and nothing else, nowhere else); the map's describe answers for the learner's own objects only;
// an unknown /en/ address answers in English; a join link and a join code at sign-up put the learner in the class.
import fs from 'node:fs';
import path from 'node:path';
import { startApp, type Harness, type WebClient } from '../app-harness';
import { DEFAULT_LABS_DIR } from '../../../server/app';

let app: Harness;
let ann: WebClient;
let annId: string;

beforeAll(async () => {
  app = await startApp({ labsDir: DEFAULT_LABS_DIR });
  ann = app.client();
  await ann.signUp('ann@example.com');
  annId = app.server.ctx.auth.users.list()[0].id;
});
afterAll(() => app.close());

it("saves a step's manifest into the learner's home under the name the lesson gives", async () => {
  await ann.get('/ko/labs/04-pods/manifest');
  const res = await ann.post('/api/labs/04-pods/steps/manifest/files?lang=ko', { index: '0' });
  expect(res.status).toBe(200);
  expect(JSON.parse(res.text)).toEqual({ path: '~/simple-pod.yaml', file: 'simple-pod.yaml' });
  const saved = fs.readFileSync(path.join(app.dataDir, 'homes', annId, 'simple-pod.yaml'), 'utf8');
  expect(saved).toMatch(/^apiVersion: v1\nkind: Pod/);
  expect(saved.endsWith('containerPort: 8080\n')).toBe(true);
});

it('refuses a save without a manifest at that index, without CSRF token, or without an account', async () => {
  expect((await ann.post('/api/labs/04-pods/steps/manifest/files?lang=ko', { index: '7' })).status).toBe(404);
  expect((await ann.post('/api/labs/04-pods/steps/manifest/files?lang=ko', { index: '0' }, false)).status).toBe(403);
  const stranger = app.client();
  await stranger.get('/signin');
  expect((await stranger.post('/api/labs/04-pods/steps/manifest/files?lang=ko', { index: '0' })).status).toBe(401);
});

it("describes the learner's own objects, checks the names, and refuses other learners", async () => {
  const ok = await ann.get(`/api/clusters/${annId}/describe?kind=Node&name=kubelab-worker`);
  expect(ok.status).toBe(200);
  expect(ok.text).toMatch(/^Name:\s+kubelab-worker$/m);
  expect((await ann.get(`/api/clusters/${annId}/describe?kind=Secret&namespace=default&name=x`)).status).toBe(400);
  expect((await ann.get(`/api/clusters/${annId}/describe?kind=Pod&namespace=default&name=--kubeconfig=/etc/passwd`)).status).toBe(400);
  const bob = app.client();
  await bob.signUp('bob@example.com');
  expect((await bob.get(`/api/clusters/${annId}/describe?kind=Node&name=kubelab-worker`)).status).toBe(403);
});

it('answers an unknown address under /en/ in English and under /ko/ in Korean', async () => {
  const en = await app.client().get('/en/nothing-here', { 'accept-language': 'ko-KR' });
  expect(en.status).toBe(404);
  expect(en.text).toContain('<html lang="en">');
  expect(en.text).toContain('Page not found.');
  const ko = await app.client().get('/ko/nothing-here', { 'accept-language': 'en-US' });
  expect(ko.text).toContain('페이지를 찾을 수 없습니다.');
});

it('joins a class from its link, or from the code typed at sign-up, and refuses a wrong code', async () => {
  const group = app.server.ctx.groups.create(annId, 'Monday');
  const carol = app.client();
  const link = await carol.get(`/join/${group.joinCode}`);
  const toSignup = `/signup?code=${group.joinCode}&next=${encodeURIComponent(`/join/${group.joinCode}`)}`;
  expect(link.text).toContain(`href="${toSignup}"`);
  await carol.get(toSignup);
  const wrong = await carol.post('/signup', { email: 'carol@example.com', password: 'correct horse battery', name: 'carol', joinCode: 'NOPE99' });
  expect(wrong.status).toBe(400);
  const made = await carol.post('/signup', { email: 'carol@example.com', password: 'correct horse battery', name: 'carol', joinCode: group.joinCode, next: `/join/${group.joinCode}` });
  expect(made.status).toBe(303);
  expect(made.location).toMatch(/\/progress\?joined=yes$/);
  const carolId = app.server.ctx.auth.users.list().find((u) => u.email === 'carol@example.com')!.id;
  expect(app.server.ctx.groups.members(group.id).has(carolId)).toBe(true);
  const bob = app.client();
  await bob.signIn('bob@example.com');
  // A signed-in learner confirms with one button: a link alone never changes anything.
  expect((await bob.get(`/join/${group.joinCode.toLowerCase()}`)).text).toContain(`name="code" value="${group.joinCode}"`);
  expect((await bob.post('/groups/join', { code: group.joinCode })).location).toMatch(/joined=yes$/);
});
