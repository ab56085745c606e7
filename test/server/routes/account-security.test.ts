// Accounts against an ordinary learner turned attacker (OWASP ASVS level 1): weak passwords are refused at sign-up;
// guessing one account's password from 20 parallel clients, or many accounts from one address, is slowed to a
// crawl with 429 + Retry-After in the page's language, and a refused guess never reaches scrypt; sessions end when
// idle or old; cookies are Secure over TLS; and a CSRF token planted by someone else is never accepted.
import https from 'node:https';
import { startApp, WebClient, type Harness } from '../app-harness';
import { SessionStore } from '../../../server/auth/sessions';
import { openDatabase } from '../../../server/db/database';
import { waitFor } from '../../helpers/test-cluster';

let app: Harness;
beforeEach(async () => {
  app = await startApp();
});
afterEach(() => app.close());

const formError = (text: string) => /class="form-error"[^>]*>([^<]*)/.exec(text)?.[1];

/** Counts the password checks that run (each one an scrypt). */
function countPasswordChecks(h: Harness): () => number {
  const users = h.server.ctx.auth.users;
  const original = users.authenticate.bind(users);
  let n = 0;
  users.authenticate = (email: string, password: string) => {
    n++;
    return original(email, password);
  };
  return () => n;
}

describe('new passwords', () => {
  it('refuses common, repetitive, sequential and e-mail passwords with a reason in Korean or English', async () => {
    const cases: [string, RegExp][] = [
      ['12345678', /연속된 글자나 숫자/],
      ['password', /너무 흔히 쓰이는 비밀번호/],
      ['aaaaaaaa', /같은 글자를 되풀이한/],
      ['ann@example.com', /이메일이나 이름과 같으면/],
    ];
    for (const [password, message] of cases) {
      const res = await app.client().signUp('ann@example.com', password);
      expect([password, res.status]).toEqual([password, 400]);
      expect(formError(res.text)).toMatch(message);
    }
    const en = app.client();
    await en.get('/lang/en');
    await en.get('/signup');
    const res = await en.post('/signup', { email: 'ann@example.com', password: 'Password1' });
    expect(formError(res.text)).toBe('This password is too common. Choose another one.');
    expect((await app.client().signUp('ann@example.com', 'tiger lily 42 river')).status).toBe(303);
  });
});

describe('password guessing', () => {
  it('slows 300 guesses at one account from 20 parallel clients to a handful that reach scrypt', async () => {
    await app.client().signUp('victim@example.com', 'tiger lily 42 river');
    const checks = countPasswordChecks(app);
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    let message: string | undefined;
    let next = 0;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        const c = app.client();
        await c.get('/signin');
        while (next < 300) {
          const i = next++;
          const res = await c.post('/signin', { email: 'victim@example.com', password: `guess number ${i}` });
          statuses.push(res.status);
          if (res.status === 429) {
            retryAfter ??= res.headers.get('retry-after') ?? '';
            message ??= formError(res.text);
          }
        }
      }),
    );
    expect(statuses.length).toBe(300);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(8);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(292);
    expect(checks()).toBe(statuses.filter((s) => s === 401).length);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(message).toMatch(/^시도가 너무 많습니다\. \d+초 뒤에 다시 시도해 주세요\.$/);
  });

  it('lets the owner in once the wait is over, and starts counting afresh after a success', async () => {
    await app.client().signUp('ann@example.com', 'tiger lily 42 river');
    const c = app.client();
    for (let i = 0; i < 5; i++) expect((await c.signIn('ann@example.com', `wrong guess ${i}`)).status).toBe(401);
    const early = await c.signIn('ann@example.com', 'tiger lily 42 river');
    expect(early.status).toBe(429);
    expect(early.headers.get('retry-after')).toBe('1');
    await waitFor(async () => (await c.signIn('ann@example.com', 'tiger lily 42 river')).status === 303 || undefined, 'the owner signs in after the wait', 5000);
    await c.post('/signout');
    for (let i = 0; i < 4; i++) expect((await app.client().signIn('ann@example.com', `another wrong ${i}`)).status).toBe(401);
  });

  it('slows one address guessing at many accounts after 50 failures (a classroom shares one address), in English too', async () => {
    const c = app.client();
    await c.get('/lang/en');
    const statuses: number[] = [];
    for (let i = 0; i < 50; i++) statuses.push((await c.signIn(`someone${i}@example.com`, 'some password guess')).status);
    expect(statuses.every((s) => s === 401)).toBe(true);
    const last = await c.signIn('someone-else@example.com', 'some password guess');
    expect(last.status).toBe(429);
    expect(formError(last.text)).toMatch(/^Too many attempts\. Try again in \d+ seconds\.$/);
  });

  it('slows mass sign-ups from one address after 50 (each one an scrypt)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 51; i++) statuses.push((await app.client().signUp(`new${i}@example.com`, 'tiger lily 42 river')).status);
    expect(statuses.slice(0, 50).every((s) => s === 303)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe('sessions', () => {
  it('end after 2 hours idle and 7 days after sign-in, however busy', () => {
    let now = 1_000_000;
    const db = openDatabase(':memory:');
    db.prepare("INSERT INTO users (id, email, name, password_hash, role, created_at) VALUES ('u1', 'a@b', 'A', '-', 'learner', 0)").run();
    const store = new SessionStore(db, () => now);
    const idle = store.create('u1').token;
    now += 2 * 3600_000 - 1000;
    expect(store.find(idle)).toBeDefined();
    now += 2 * 3600_000 - 1000;
    expect(store.find(idle)).toBeDefined(); // used just before: the idle clock started over
    now += 2 * 3600_000;
    expect(store.find(idle)).toBeUndefined();
    const busy = store.create('u1').token;
    for (let h = 0; h < 7 * 24 - 1; h++) {
      now += 3600_000;
      expect(store.find(busy)).toBeDefined();
    }
    now += 3600_000;
    expect(store.find(busy)).toBeUndefined();
    db.close();
  });

  it('set a cookie that lasts no longer than the absolute limit', async () => {
    const res = await app.client().signUp('ann@example.com', 'tiger lily 42 river');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('kubelab_session='))!;
    expect(cookie).toMatch(/Max-Age=604800/);
    expect(cookie).toMatch(/HttpOnly/);
  });
});

/** A sign-up over the app's own HTTPS (its self-signed certificate trusted), returning the Set-Cookie headers. */
function signUpOverTls(email: string): Promise<string[]> {
  const get = (path: string, cookie = ''): Promise<{ text: string; cookies: string[] }> =>
    new Promise((resolve, reject) => {
      https
        .get(`${app.url.replace('http:', 'https:')}${path}`, { ca: app.server.ctx.caCert, headers: { cookie } }, (res) => {
          let text = '';
          res.on('data', (d) => (text += d));
          res.on('end', () => resolve({ text, cookies: (res.headers['set-cookie'] ?? []) as string[] }));
        })
        .on('error', reject);
    });
  return get('/signup').then(({ text, cookies }) => {
    const csrf = /<meta name="csrf-token" content="([^"]*)"/.exec(text)![1];
    const cookie = cookies.map((c) => c.split(';')[0]).join('; ');
    const body = new URLSearchParams({ _csrf: csrf, email, password: 'tiger lily 42 river' }).toString();
    return new Promise((resolve, reject) => {
      const req = https.request(
        `${app.url.replace('http:', 'https:')}/signup`,
        { method: 'POST', ca: app.server.ctx.caCert, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' } },
        (res) => {
          res.resume();
          resolve([...cookies, ...((res.headers['set-cookie'] ?? []) as string[])]);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  });
}

describe('Secure cookies', () => {
  it('are Secure when the page came over TLS, and not over plain HTTP', async () => {
    const cookies = await signUpOverTls('tls@example.com');
    expect(cookies.find((c) => c.startsWith('kubelab_session='))).toMatch(/; Secure/);
    expect(cookies.find((c) => c.startsWith('kubelab_csrf='))).toMatch(/; Secure/);
    const plain = await app.client().signUp('plain@example.com', 'tiger lily 42 river');
    expect(plain.headers.getSetCookie().find((c) => c.startsWith('kubelab_session='))).not.toMatch(/Secure/);
  });

  it('are Secure behind a TLS proxy named with --trust-proxy, and X-Forwarded-Proto is ignored from anyone else', async () => {
    const viaProxy = async (h: Harness, email: string) => {
      const c = new WebClient(h.url);
      const headers = { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' };
      await c.get('/signup', headers);
      const res = await c.request('POST', '/signup', { form: { _csrf: c.csrf, email, password: 'tiger lily 42 river' }, headers });
      return res.headers.getSetCookie().find((s) => s.startsWith('kubelab_session=')) ?? '';
    };
    expect(await viaProxy(app, 'untrusted@example.com')).not.toMatch(/Secure/);
    app = await app.restart({ trustProxy: 'loopback' });
    expect(await viaProxy(app, 'proxied@example.com')).toMatch(/; Secure/);
  });
});

describe('CSRF before sign-in', () => {
  it('never accepts a token planted in the cookie, and replaces it with one of its own', async () => {
    const planted = 'A'.repeat(43);
    const victim = app.client();
    victim.cookies.set('kubelab_csrf', planted);
    const page = await victim.get('/signin');
    expect(victim.csrf).not.toBe(planted);
    expect(page.headers.getSetCookie().some((c) => c.startsWith('kubelab_csrf=') && !c.includes(planted))).toBe(true);
    victim.cookies.set('kubelab_csrf', planted);
    const res = await victim.request('POST', '/signup', { form: { _csrf: planted, email: 'attacker@example.com', password: 'tiger lily 42 river' } });
    expect(res.status).toBe(403);
    expect(res.headers.getSetCookie().some((c) => c.startsWith('kubelab_session='))).toBe(false);
  });

  it("refuses a sign-in form posted from another site, even with a token the server minted (the attacker's own)", async () => {
    await app.client().signUp('attacker@example.com', 'tiger lily 42 river');
    const attacker = app.client();
    await attacker.get('/signin');
    const minted = attacker.csrf;
    const victim = app.client();
    victim.cookies.set('kubelab_csrf', attacker.cookies.get('kubelab_csrf')!);
    for (const headers of [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }] as Record<string, string>[]) {
      const res = await victim.request('POST', '/signin', { form: { _csrf: minted, email: 'attacker@example.com', password: 'tiger lily 42 river' }, headers });
      expect(res.status).toBe(403);
      expect(res.headers.getSetCookie().some((c) => c.startsWith('kubelab_session='))).toBe(false);
    }
    const same = await victim.request('POST', '/signin', { form: { _csrf: minted, email: 'attacker@example.com', password: 'tiger lily 42 river' }, headers: { origin: app.url } });
    expect(same.status).toBe(303);
  });
});
