// kubelab as an LTI 1.3 tool against a platform written from the 1EdTech specifications (lti-platform.ts): an
// instructor registers the platform; a learner launched from the LMS goes through the OIDC login to the lab the
// link names, signed in to an account of their own (the same one on the next launch); their progress goes back to
// the LMS gradebook through Assignment and Grade Services — a line item found or created for the link, then scores
// with a bearer token got with a signed client assertion; and launches that are replayed, tampered with, signed by
// another key, meant for another tool or expired are refused.
import { findKind } from '../../../sandbox/apiserver/kinds/registry';
import { startApp, type Harness, type WebClient } from '../app-harness';
import { TestPlatform, type PlatformUser } from './lti-platform';
import { generateKeyPairSync } from 'node:crypto';

let app: Harness;
let platform: TestPlatform;
let teacher: WebClient;

async function waitFor<T>(what: string, probe: () => T | undefined, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** What the learner's browser does from clicking the link in the LMS to landing in kubelab. */
async function launch(browser: WebClient, user: PlatformUser, lab: string, o: { lineitem?: boolean; resourceLinkId?: string } = {}) {
  const login = await browser.get(platform.launchUrl(user, lab, o).replace(app.url, ''));
  expect(login.status).toBe(302);
  const auth = await fetch(login.location!);
  const form = await auth.text();
  expect([auth.status, platform.problems]).toEqual([200, []]);
  const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(form)?.[1] ?? '';
  return { idToken: field('id_token'), state: field('state'), post: (fields?: Record<string, string>) => browser.post('/lti/launch', fields ?? { id_token: field('id_token'), state: field('state') }, false) };
}

async function check(c: WebClient, lab: string, step: string, answers: Record<string, unknown> = {}) {
  const res = await fetch(`${c.base}/api/labs/${lab}/steps/${step}/check`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': c.csrf, cookie: c.cookieHeader() },
    body: JSON.stringify({ answers }),
  });
  return (await res.json()) as { passed: boolean };
}

beforeAll(async () => {
  app = await startApp({ checkSettleMs: 100 });
  platform = await TestPlatform.start();
  teacher = app.client();
  await teacher.signUp('teacher@example.com');
  const page = await teacher.get('/instructor/lti');
  const urls = [...page.text.matchAll(/data-lti-url>([^<]*)</g)].map((m) => m[1]);
  platform.tool = { loginUrl: urls[0], redirectUri: urls[1], jwksUrl: urls[3] };
  expect(platform.tool.jwksUrl).toBe(`${app.url}/lti/jwks`);
  const added = await teacher.post('/instructor/lti/platforms', {
    issuer: platform.issuer, clientId: platform.clientId, deploymentId: platform.deploymentId,
    authUrl: `${platform.url}/auth`, jwksUrl: `${platform.url}/jwks`, tokenUrl: `${platform.url}/token`,
  });
  expect(added.status).toBe(303);
}, 60_000);

afterAll(async () => {
  await app?.close();
  await platform?.close();
});

afterEach(() => {
  platform.tamper = undefined;
  platform.signWith = undefined;
  platform.problems.length = 0;
});

it('launches a learner from the LMS into the lab the link names, and sends their score back to its gradebook', async () => {
  const browser = app.client();
  const jisu: PlatformUser = { sub: 'lms-user-1001', name: '이지수', email: 'jisu@school.example', locale: 'ko-KR' };
  const landed = await (await launch(browser, jisu, '03-check')).post();
  expect([landed.status, landed.location]).toEqual([303, '/ko/labs/03-check']);
  const userId = await browser.userId();
  expect(app.server.ctx.auth.users.byId(userId)).toMatchObject({ name: '이지수', email: 'jisu@school.example', role: 'learner' });

  await browser.get('/ko/labs/03-check/make-ns');
  expect((await check(browser, '03-check', 'make-ns')).passed).toBe(false);
  app.server.ctx.clusters.ensure(userId).api.create(findKind('Namespace')!, undefined, { metadata: { name: 'demo' } });
  expect((await check(browser, '03-check', 'make-ns')).passed).toBe(true);
  expect((await check(browser, '03-check', 'quiz', { 'default-ns': 'default' })).passed).toBe(true);
  await app.server.ctx.lti.passback.settled();

  // No line item came with the launch: the tool made one for the link, tagged with the lab, then sent scores.
  expect(platform.lineitems).toEqual([expect.objectContaining({ resourceLinkId: 'link-03-check', tag: '03-check', scoreMaximum: 2 })]);
  const last = await waitFor('the completed score', () => platform.scores.find((s) => s.body.activityProgress === 'Completed'));
  expect(last).toMatchObject({ lineitem: platform.lineitems[0].id, contentType: expect.stringMatching(/^application\/vnd\.ims\.lis\.v1\.score\+json/), body: { userId: 'lms-user-1001', scoreGiven: 2, scoreMaximum: 2, gradingProgress: 'FullyGraded' } });
  expect(platform.scores.map((s) => s.body.scoreGiven)).toEqual([0, 1, 2]);
  // Tokens were asked for with the tool's signed assertion, for the scopes needed.
  expect(platform.tokenRequests.map((t) => t.scope)).toEqual(['https://purl.imsglobal.org/spec/lti-ags/scope/lineitem', 'https://purl.imsglobal.org/spec/lti-ags/scope/score']);
  expect(platform.problems).toEqual([]);

  // The next launch from the same LMS user is the same kubelab account.
  const again = app.client();
  expect((await (await launch(again, jisu, '03-check')).post()).location).toBe('/ko/labs/03-check');
  expect(await again.userId()).toBe(userId);
});

it('sends the score to the line item the launch names, and opens the English pages for an English LMS user', async () => {
  const browser = app.client();
  const sam: PlatformUser = { sub: 'lms-user-2002', name: 'Sam', email: 'teacher@example.com', locale: 'en-US' };
  const landed = await (await launch(browser, sam, '03-check', { lineitem: true, resourceLinkId: 'link-given' })).post();
  expect(landed.location).toBe('/en/labs/03-check');
  // The LMS claimed an e-mail that belongs to another account here: never signed in as that account.
  const userId = await browser.userId();
  expect(app.server.ctx.auth.users.byId(userId)?.email).toMatch(/@lti\.invalid$/);
  await browser.get('/en/labs/03-check/quiz');
  await check(browser, '03-check', 'quiz', { 'default-ns': 'default' });
  await app.server.ctx.lti.passback.settled();
  const given = platform.lineitems.find((l) => l.resourceLinkId === 'link-given')!;
  expect(platform.scores.filter((s) => s.lineitem === given.id).map((s) => [s.body.userId, s.body.scoreGiven, s.body.activityProgress])).toEqual([['lms-user-2002', 1, 'InProgress']]);
});

it('refuses launches replayed, tampered with, signed by another key, for another tool, or expired', async () => {
  const user: PlatformUser = { sub: 'lms-user-3003', name: 'Eve', email: 'eve@school.example' };
  const ok = await launch(app.client(), user, '03-check');
  expect((await ok.post()).status).toBe(303);
  // The same state and token again.
  const replay = await ok.post();
  expect([replay.status, replay.text]).toEqual([400, expect.stringContaining('unknown or used state')]);

  const tampered = await launch(app.client(), user, '03-check');
  const [h, p, s] = tampered.idToken.split('.');
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
  claims.sub = 'lms-user-admin';
  const forged = await tampered.post({ id_token: `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`, state: tampered.state });
  expect([forged.status, forged.text]).toEqual([400, expect.stringContaining('signature does not verify')]);

  platform.signWith = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  expect((await (await launch(app.client(), user, '03-check')).post()).text).toContain('signature does not verify');
  platform.signWith = undefined;

  platform.tamper = (c) => ({ ...c, aud: 'some-other-tool' });
  expect((await (await launch(app.client(), user, '03-check')).post()).text).toContain('audience');
  platform.tamper = (c) => ({ ...c, exp: Math.floor(Date.now() / 1000) - 3600 });
  expect((await (await launch(app.client(), user, '03-check')).post()).text).toContain('expired');
  platform.tamper = (c) => ({ ...c, nonce: 'not-the-nonce' });
  expect((await (await launch(app.client(), user, '03-check')).post()).text).toContain('nonce');
  platform.tamper = (c) => ({ ...c, 'https://purl.imsglobal.org/spec/lti/claim/deployment_id': 'elsewhere' });
  expect((await (await launch(app.client(), user, '03-check')).post()).text).toContain('deployment');
  // The refusal page is in the learner's language.
  expect((await (await launch(app.client(), user, '03-check')).post({ id_token: 'x.y.z', state: 'nope' })).text).toContain('LMS에서 실습을 열지 못했습니다');
});

it('publishes the tool\'s key set and lets only instructors register platforms', async () => {
  const jwks = (await (await fetch(`${app.url}/lti/jwks`)).json()) as { keys: Record<string, string>[] };
  expect(jwks.keys).toEqual([expect.objectContaining({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String), n: expect.any(String), e: 'AQAB' })]);
  expect(JSON.stringify(jwks)).not.toMatch(/"d"|"p"|"q"/);
  const learner = app.client();
  await learner.signUp('plain@example.com');
  expect((await learner.get('/instructor/lti')).status).toBe(403);
  expect((await learner.post('/instructor/lti/platforms', { issuer: 'x' })).status).toBe(403);
  expect((await teacher.post('/instructor/lti/platforms', { issuer: 'https://x', clientId: '1', deploymentId: '1', authUrl: 'javascript:alert(1)', jwksUrl: 'https://x/j', tokenUrl: 'https://x/t' })).status).toBe(400);
});
