// Accounts as a learner meets them: sign up, sign in and out, sessions that survive a restart, CSRF tokens on every
// form, the instructor role, and guest mode on loopback.
import { startApp, WebClient, type Harness } from '../app-harness';
import http from 'node:http';
import { startKubelabServer } from '../../../server/app';

let app: Harness;
beforeEach(async () => {
  app = await startApp({ instructors: ['teacher@example.com'] });
});
afterEach(() => app.close());

describe('sign-up and sign-in', () => {
  it('signs a new learner up and in, and the session survives a restart of the server', async () => {
    const ann = app.client();
    const res = await ann.signUp('ann@example.com');
    expect(res.status).toBe(303);
    expect(res.location).toBe('/ko/labs');
    const id = await ann.userId();
    app = await app.restart();
    const again = new WebClient(app.url);
    for (const [k, v] of ann.cookies) again.cookies.set(k, v);
    expect(await again.userId()).toBe(id);
  });

  it('refuses a wrong password with the same message as an unknown e-mail', async () => {
    await app.client().signUp('ann@example.com');
    const wrong = await app.client().signIn('ann@example.com', 'not the password');
    const unknown = await app.client().signIn('nobody@example.com', 'not the password');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const message = (p: { text: string }) => /class="form-error"[^>]*>([^<]*)/.exec(p.text)?.[1];
    expect(message(wrong)).toBe(message(unknown));
    expect((await app.client().signIn('ANN@example.com ')).status).toBe(303);
  });

  it('refuses a second account with the same e-mail and a short password', async () => {
    await app.client().signUp('ann@example.com');
    expect((await app.client().signUp('Ann@Example.com')).status).toBe(409);
    expect((await app.client().signUp('bob@example.com', 'short')).status).toBe(400);
  });

  it('signs out: the old session cookie no longer opens lessons', async () => {
    const ann = app.client();
    await ann.signUp('ann@example.com');
    const cookie = ann.cookieHeader();
    await ann.get('/ko/labs');
    expect((await ann.post('/signout')).status).toBe(303);
    const res = await fetch(`${app.url}/en/labs/01-first/nodes`, { headers: { cookie }, redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/signin?next=%2Fen%2Flabs%2F01-first%2Fnodes');
  });

  it('goes back to the page that asked for sign-in, but never to another site', async () => {
    const ann = app.client();
    await ann.signUp('ann@example.com');
    await ann.get('/ko/labs');
    await ann.post('/signout');
    await ann.get('/signin?next=/en/labs/01-first/nodes');
    expect((await ann.post('/signin', { email: 'ann@example.com', password: 'correct horse battery', next: '/en/labs/01-first/nodes' })).location).toBe('/en/labs/01-first/nodes');
    await ann.get('/ko/labs');
    await ann.post('/signout');
    await ann.get('/signin');
    expect((await ann.post('/signin', { email: 'ann@example.com', password: 'correct horse battery', next: '//evil.example/' })).location).toBe('/ko/labs');
  });
});

describe('CSRF', () => {
  it('refuses sign-up, sign-in and sign-out forms without the page token', async () => {
    const c = app.client();
    await c.get('/signup');
    expect((await c.post('/signup', { email: 'a@example.com', password: 'correct horse battery' }, false)).status).toBe(403);
    expect((await c.post('/signup', { _csrf: 'forged-token-forged-token-forged', email: 'a@example.com', password: 'correct horse battery' }, false)).status).toBe(403);
    expect((await c.post('/signin', { email: 'a@example.com', password: 'x' }, false)).status).toBe(403);
    await c.signUp('a@example.com');
    expect((await c.post('/signout', {}, false)).status).toBe(403);
    expect(await c.userId()).toBeTruthy();
  });

  it('refuses a reset of the cluster without the token, even with the session cookie', async () => {
    const c = app.client();
    await c.signUp('a@example.com');
    const id = await c.userId();
    expect((await c.post(`/api/clusters/${id}/reset`, {}, false)).status).toBe(403);
    expect((await c.request('POST', `/api/clusters/${id}/reset`, { headers: { 'x-csrf-token': c.csrf, accept: 'application/json' } })).status).toBe(200);
  });
});

describe('roles', () => {
  it('makes the first account and the e-mails in KUBELAB_INSTRUCTORS instructors, everyone else a learner', async () => {
    const first = app.client();
    await first.signUp('first@example.com');
    const second = app.client();
    await second.signUp('second@example.com');
    const teacher = app.client();
    await teacher.signUp('teacher@example.com');
    expect((await first.get('/instructor')).status).toBe(200);
    expect((await teacher.get('/instructor')).status).toBe(200);
    expect((await second.get('/instructor')).status).toBe(403);
  });
});

describe('guest mode', () => {
  it('signs the single local user in without a form', async () => {
    const guest = await app.restart({ guest: true });
    app = guest;
    const c = guest.client();
    const page = await c.get('/en/labs/01-first/nodes');
    expect(page.status).toBe(200);
    const again = await c.get('/en/labs/01-first/nodes');
    expect(/data-owner="guest"/.test(again.text)).toBe(true);
  });

  it('is refused when the server would listen beyond loopback', async () => {
    await expect(startKubelabServer({ dataDir: app.dataDir, host: '0.0.0.0', port: 0, guest: true, log: () => undefined })).rejects.toThrow(/loopback/);
  });
});

describe('DNS rebinding', () => {
  it('answers browser routes on loopback only for loopback host names', async () => {
    const guest = await app.restart({ guest: true });
    app = guest;
    // fetch will not send a Host of our choosing; node:http will.
    const res = await new Promise<http.IncomingMessage>((resolve, reject) =>
      http.get(`${app.url}/en/labs/01-first/nodes`, { headers: { host: `attacker.example:${app.server.port}` } }, resolve).on('error', reject),
    );
    res.resume();
    expect(res.statusCode).toBe(421);
    expect(res.headers['set-cookie']).toBeUndefined();
    const ok = await fetch(`${app.url.replace('127.0.0.1', 'localhost')}/en/labs`, { redirect: 'manual' });
    expect(ok.status).toBe(200);
  });
});
