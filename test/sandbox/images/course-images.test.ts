// The images courses name, built offline from the host's Debian packages and run the way courses run them: nginx
// serving a mounted html folder and a conf.d server, httpd serving htdocs, redis answering redis-cli PING from
// another container, perl computing pi for the Kubernetes docs' Job, python's http.server, postgres initialised
// from POSTGRES_PASSWORD/POSTGRES_DB and answering psql over TCP, bash and curl everywhere, curlimages/curl taking
// curl's arguments. Every tag of one image is that image, and a second build rebuilds nothing.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { ensureImages, type ImageReport } from '../../../sandbox/images/builder';
import { CATALOG } from '../../../sandbox/images/catalog';
import type { ContainerSpec } from '../../../sandbox/docker/types';
import { describeDocker, sweep, testEngine, testLabels, waitFor } from '../docker/docker-env';

const COURSE = ['nginx', 'httpd', 'redis', 'perl', 'python', 'postgres', 'bash', 'curl'];

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { timeout: 3000 }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject)
      .on('timeout', function (this: http.ClientRequest) {
        this.destroy(new Error('timeout'));
      });
  });
}

/** A folder a container can read as any user (like a ConfigMap volume), with these files. */
function folder(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-course-image-'));
  fs.chmodSync(dir, 0o755);
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content, { mode: 0o644 });
  return dir;
}

describeDocker('the images courses name (real engine, built offline from Debian packages)', () => {
  const engine = testEngine();
  const labels = testLabels();
  const dirs: string[] = [];
  let first: ImageReport[];
  let firstMs: number;

  beforeAll(async () => {
    const started = Date.now();
    first = await ensureImages(engine, () => undefined, { only: COURSE });
    firstMs = Date.now() - started;
  }, 240_000);
  afterAll(async () => {
    await sweep(engine, labels);
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  async function start(spec: Omit<ContainerSpec, 'labels'>): Promise<{ id: string; ip: string }> {
    const id = await engine.containers.create({ networkMode: 'bridge', ...spec, labels });
    await engine.containers.start(id);
    const info = await engine.containers.inspect(id);
    return { id, ip: info?.networks.bridge?.ipAddress ?? '' };
  }

  /** Runs a container to its end and returns its exit code and output. */
  async function run(spec: Omit<ContainerSpec, 'labels'>): Promise<{ code: number; out: string }> {
    const { id } = await start(spec);
    const code = await engine.containers.wait(id);
    let out = '';
    for await (const c of await engine.containers.logs(id)) out += c.toString();
    return { code, out };
  }

  it('builds every course image offline, then finds them all up to date', async () => {
    expect(first.filter((r) => r.action === 'failed')).toEqual([]);
    const started = Date.now();
    const again = await ensureImages(engine, () => undefined, { only: COURSE });
    const againMs = Date.now() - started;
    expect(again.filter((r) => r.action === 'built')).toEqual([]);
    const built = first.filter((r) => r.action === 'built').map((r) => `${r.name} ${(r.ms / 1000).toFixed(1)} s ${((r.sizeBytes ?? 0) / 1e6).toFixed(0)} MB`);
    console.log(`course images: first ensure ${firstMs} ms (built: ${built.join(', ') || 'none'}), second ${againMs} ms`);
  }, 120_000);

  it('gives every tag courses use to the one build of its image', async () => {
    for (const name of COURSE) {
      const r = CATALOG.find((x) => x.name === name)!;
      const ids = new Set(await Promise.all(r.tags.map(async (t) => (await engine.images.inspect(t))?.id)));
      expect([...ids]).toHaveLength(1);
      expect([...ids][0]).toBeDefined();
    }
    const tags = CATALOG.flatMap((r) => r.tags);
    expect(tags).toEqual(expect.arrayContaining(['nginx:latest', 'nginx:1.25', 'nginx:alpine', 'httpd:2.4', 'redis:7', 'perl:latest', 'python:3', 'python:3.11', 'postgres:15', 'bash:latest', 'curlimages/curl:latest', 'busybox:latest']));
  });

  it('nginx serves the html folder mounted over /usr/share/nginx/html and the servers of conf.d, with bash and curl inside', async () => {
    const html = folder({ 'index.html': '<h1>mounted page</h1>\n', 'about.html': 'about us\n' });
    const confd = folder({
      'default.conf': 'server { listen 80; location / { root /usr/share/nginx/html; index index.html; } }\n',
      'extra.conf': 'server { listen 8081; location / { return 200 "from conf.d\\n"; } }\n',
    });
    dirs.push(html, confd);
    const nginx = await start({
      image: 'nginx:1.25',
      mounts: [{ type: 'bind', source: html, target: '/usr/share/nginx/html', readOnly: true }, { type: 'bind', source: confd, target: '/etc/nginx/conf.d', readOnly: true }],
    });
    expect(await waitFor('nginx to serve the mounted page', () => get(`http://${nginx.ip}/`).catch(() => undefined))).toEqual({ status: 200, body: '<h1>mounted page</h1>\n' });
    expect(await get(`http://${nginx.ip}/about.html`)).toEqual({ status: 200, body: 'about us\n' });
    expect((await get(`http://${nginx.ip}/nothing-here`)).status).toBe(404);
    expect(await get(`http://${nginx.ip}:8081/`)).toEqual({ status: 200, body: 'from conf.d\n' });
    const inside = await engine.containers.exec(nginx.id, { cmd: ['bash', '-c', 'curl -s localhost/about.html; echo "$BASH_VERSION" | cut -d. -f1'] });
    expect(inside).toMatchObject({ exitCode: 0, stdout: 'about us\n5\n' });
    const plain = await start({ image: 'nginx' });
    const welcome = await waitFor('the default page', () => get(`http://${plain.ip}/`).catch(() => undefined));
    expect(welcome.body).toContain('<title>Welcome to nginx!</title>');
  });

  it('httpd serves the htdocs mounted at /usr/local/apache2/htdocs on port 80', async () => {
    const htdocs = folder({ 'index.html': 'apache here\n' });
    dirs.push(htdocs);
    const httpd = await start({ image: 'httpd:2.4', mounts: [{ type: 'bind', source: htdocs, target: '/usr/local/apache2/htdocs', readOnly: true }] });
    expect(await waitFor('httpd to answer', () => get(`http://${httpd.ip}/`).catch(() => undefined))).toEqual({ status: 200, body: 'apache here\n' });
    const plain = await start({ image: 'httpd' });
    expect((await waitFor('the default page', () => get(`http://${plain.ip}/`).catch(() => undefined))).body).toBe('<html><body><h1>It works!</h1></body></html>\n');
  });

  it('redis-server answers redis-cli PING from another container', async () => {
    const redis = await start({ image: 'redis:7' });
    const ping = await waitFor('PONG', async () => {
      const r = await run({ image: 'redis', cmd: ['redis-cli', '-h', redis.ip, 'PING'] });
      return r.out.trim() === 'PONG' && r;
    }, 30_000);
    expect(ping.code).toBe(0);
  });

  it('perl computes pi to 2000 digits for the Kubernetes docs\' Job', async () => {
    const r = await run({ image: 'perl:5', cmd: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'] });
    expect(r.code).toBe(0);
    expect(r.out.trim()).toMatch(/^3\.14159265358979323846\d{1979}$/);
    expect(r.out.trim().endsWith('326459958133904780275901')).toBe(true);
  }, 60_000);

  it('python3 -m http.server serves the working directory', async () => {
    const site = folder({ 'hello.txt': 'hi from python\n' });
    dirs.push(site);
    const py = await start({ image: 'python:3.11', cmd: ['python3', '-m', 'http.server', '8000'], workingDir: '/srv', mounts: [{ type: 'bind', source: site, target: '/srv', readOnly: true }] });
    expect(await waitFor('http.server', () => get(`http://${py.ip}:8000/hello.txt`).catch(() => undefined))).toEqual({ status: 200, body: 'hi from python\n' });
    expect((await run({ image: 'python', cmd: ['python', '-c', 'import sys; print(sys.version_info[0])'] })).out).toBe('3\n');
  });

  it('postgres initialises from POSTGRES_PASSWORD and POSTGRES_DB and answers psql over TCP; without a password it says why it stops', async () => {
    const pg = await start({ image: 'postgres:15', env: { POSTGRES_PASSWORD: 's3cret', POSTGRES_DB: 'shop' } });
    const answer = await waitFor('psql to answer', async () => {
      const r = await run({ image: 'postgres', env: { PGPASSWORD: 's3cret' }, cmd: ['psql', '-h', pg.ip, '-U', 'postgres', '-d', 'shop', '-tAc', 'select current_database()'] });
      return r.code === 0 && r.out;
    }, 60_000);
    expect(answer.trim()).toBe('shop');
    const wrong = await run({ image: 'postgres', env: { PGPASSWORD: 'nope' }, cmd: ['psql', '-h', pg.ip, '-U', 'postgres', '-d', 'shop', '-c', 'select 1'] });
    expect(wrong.out).toContain('password authentication failed for user "postgres"');
    const noPassword = await run({ image: 'postgres:15' });
    expect(noPassword.code).toBe(1);
    expect(noPassword.out).toContain('Database is uninitialized and superuser password is not specified.');
  }, 120_000);

  it('bash is the bash image\'s shell and curlimages/curl runs curl with the arguments it is given', async () => {
    expect((await run({ image: 'bash', cmd: ['bash', '-c', 'echo "${BASH_VERSINFO[0]} $(command -v bash)"'] })).out).toBe('5 /usr/local/bin/bash\n');
    const nginx = await start({ image: 'nginx' });
    await waitFor('nginx to answer', () => get(`http://${nginx.ip}/`).catch(() => undefined));
    const r = await run({ image: 'curlimages/curl', cmd: ['-s', '-o', '/dev/null', '-w', '%{http_code}', `http://${nginx.ip}/`] });
    expect(r).toEqual({ code: 0, out: '200' });
    expect((await run({ image: 'curlimages/curl', cmd: ['id', '-un'] })).out).toBe('curl_user\n');
  });
});
