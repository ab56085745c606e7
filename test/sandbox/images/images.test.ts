// The offline lab images, built for real and run: what the seed lessons expect of gihyodocker/echo and
// gihyodocker/nginx, the learner's toolbox, and the builder's rules (rebuild only on change, keep real images).
import http from 'node:http';
import { Readable } from 'node:stream';
import { ensureImages, type ImageReport } from '../../../sandbox/images/builder';
import { BUSYBOX_IMAGE, CATALOG, ECHO_IMAGE, NGINX_IMAGE, TOOLBOX_IMAGE, type ImageRecipe } from '../../../sandbox/images/catalog';
import { IMAGE_LABEL } from '../../../sandbox/docker/labels';
import { tarBuffer } from '../../../sandbox/docker/tar';
import { describeDocker, sweep, testEngine, testLabels, waitFor } from '../docker/docker-env';

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers, timeout: 3000 }, (res) => {
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

describeDocker('lab images (real engine, offline)', () => {
  const engine = testEngine();
  const labels = testLabels();
  const run = labels['dev.kubelab.test-run'];
  let reports: ImageReport[];

  beforeAll(async () => {
    reports = await ensureImages(engine);
  }, 120_000);
  afterAll(() => sweep(engine, labels));

  async function start(image: string, extra: Partial<Parameters<typeof engine.containers.create>[0]> = {}): Promise<{ id: string; ip: string }> {
    const id = await engine.containers.create({ image, labels, networkMode: 'bridge', ...extra });
    await engine.containers.start(id);
    const info = await engine.containers.inspect(id);
    return { id, ip: info?.networks.bridge?.ipAddress ?? '' };
  }

  async function logsOf(id: string): Promise<string> {
    let text = '';
    for await (const c of await engine.containers.logs(id)) text += c.toString();
    return text;
  }

  it('builds every image a cluster needs without a registry, each in a few seconds, and leaves the course images for their first pull', () => {
    expect(reports.filter((r) => r.action === 'failed')).toEqual([]);
    for (const r of reports) if (r.action === 'built') expect(r.ms).toBeLessThan(15_000);
    for (const r of CATALOG.filter((x) => !x.onDemand)) expect(reports.find((x) => x.name === r.name)).toBeDefined();
    const course = ['nginx', 'httpd', 'redis', 'perl', 'python', 'postgres', 'bash', 'curl'];
    expect(reports.map((r) => r.name).filter((n) => course.includes(n))).toEqual([]);
  });

  it('rebuilds nothing when no source changed', async () => {
    const again = await ensureImages(engine);
    expect(again.map((r) => r.action).filter((a) => a === 'built')).toEqual([]);
  });

  it('labels the images it built and gives busybox its usual name', async () => {
    const ours = await engine.images.inspect(BUSYBOX_IMAGE);
    expect(ours?.labels[IMAGE_LABEL]).toBe('busybox');
    const alias = await engine.images.inspect('busybox:latest');
    if (alias?.labels[IMAGE_LABEL] !== undefined) expect(alias.id).toBe(ours?.id);
  });

  it('echo answers "Hello Docker!!" on 8080 and logs each request', async () => {
    const echo = await start(ECHO_IMAGE);
    const res = await waitFor('echo to answer', () => get(`http://${echo.ip}:8080/`).catch(() => undefined));
    expect(res).toEqual({ status: 200, body: 'Hello Docker!!' });
    await get(`http://${echo.ip}:8080/second`);
    const logs = await waitFor('two request lines', async () => {
      const l = await logsOf(echo.id);
      return (l.match(/received request/g) ?? []).length >= 2 && l;
    });
    expect(logs).toMatch(/^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2} start server$/m);
  });

  it('the nginx stand-in proxies to $BACKEND_HOST in its pod, logs access lines, and has a shell', async () => {
    const echo = await start(ECHO_IMAGE);
    const nginx = await start(NGINX_IMAGE, { networkMode: `container:${echo.id}`, env: { BACKEND_HOST: 'localhost:8080' } });
    const res = await waitFor('nginx to answer', () => get(`http://${echo.ip}/`, { 'User-Agent': 'kubelab-test' }).catch(() => undefined));
    expect(res).toEqual({ status: 200, body: 'Hello Docker!!' });
    const access = await waitFor('an access line', async () => /"GET \/ HTTP\/1.1" 200 14 "-" "kubelab-test"/.test(await logsOf(nginx.id)));
    expect(access).toBe(true);
    const inside = await engine.containers.exec(nginx.id, { cmd: ['sh', '-c', 'wget -qO- localhost:8080'] });
    expect(inside).toMatchObject({ exitCode: 0, stdout: 'Hello Docker!!' });
  });

  it('the nginx stand-in answers 502 Bad Gateway while its backend is down, as nginx does', async () => {
    const nginx = await start(NGINX_IMAGE, { env: { BACKEND_HOST: 'localhost:8080' } });
    const res = await waitFor('nginx to answer', () => get(`http://${nginx.ip}/`).catch(() => undefined));
    expect(res.status).toBe(502);
    expect(res.body).toContain('502 Bad Gateway');
    expect(await waitFor('an error line', async () => /\[error\].*connect\(\) failed \(111: Connection refused\)/.test(await logsOf(nginx.id)))).toBe(true);
  });

  it('the toolbox runs kubectl, vi, bash and curl as the non-root learner in /home/learner', async () => {
    const box = await start(TOOLBOX_IMAGE);
    const r = await engine.containers.exec(box.id, { cmd: ['sh', '-c', 'id -u; echo $HOME; pwd; kubectl version --client 2>/dev/null | head -1; which vi; which bash curl'] });
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split('\n')).toEqual(['1000', '/home/learner', '/home/learner', expect.stringMatching(/^Client Version: v1\.\d+/), '/bin/vi', '/bin/bash', '/usr/bin/curl', '']);
  });

  it('removes the untagged copy of an image that another process built at the same moment', async () => {
    const r: ImageRecipe = { ...CATALOG.find((x) => x.name === 'pause')!, name: `race-${run}`, tags: [`kubelab-test/race-${run}:1`] };
    // What a racing build leaves: an image labelled as this recipe's whose tag the other build took.
    const build = async (content: string) => {
      const tar = Readable.from([await tarBuffer([{ type: 'file', name: 'Dockerfile', content: `FROM scratch\nCOPY Dockerfile /${content}\n` }])]);
      return engine.images.build(tar, { tags: [`kubelab-test/race-tmp-${run}:1`], labels: { [IMAGE_LABEL]: r.name } });
    };
    const lost = await build('lost');
    await build('won');
    try {
      expect((await engine.images.inspect(lost))?.tags).toEqual([]);
      const [made] = await ensureImages(engine, () => undefined, { catalog: [r] });
      expect(made.action).toBe('built');
      expect(await engine.images.inspect(lost)).toBeUndefined();
    } finally {
      for (const t of [...r.tags, `kubelab-test/race-tmp-${run}:1`]) await engine.images.remove(t, { force: true });
      await engine.images.remove(lost, { force: true });
    }
  });

  it('keeps a real image of the same name unless forced', async () => {
    const tag = `kubelab-test/real:${run}`;
    const context = Readable.from([await tarBuffer([{ type: 'file', name: 'Dockerfile', content: 'FROM scratch\nCOPY Dockerfile /real\n' }])]);
    const realId = await engine.images.build(context, { tags: [tag] });
    const recipe: ImageRecipe = { ...CATALOG.find((r) => r.name === 'pause')!, name: `pause-test-${run}`, tags: [tag] };
    try {
      const [kept] = await ensureImages(engine, () => undefined, { catalog: [recipe] });
      expect(kept).toMatchObject({ action: 'kept', keptTags: [tag] });
      expect((await engine.images.inspect(tag))?.labels[IMAGE_LABEL]).toBeUndefined();
      const [forced] = await ensureImages(engine, () => undefined, { catalog: [recipe], force: true });
      expect(forced.action).toBe('built');
      expect((await engine.images.inspect(tag))?.labels[IMAGE_LABEL]).toBe(recipe.name);
    } finally {
      await engine.images.remove(tag, { force: true });
      await engine.images.remove(realId, { force: true }); // untagged by the forced build, still ours to clean
    }
  });
});
