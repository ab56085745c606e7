// The Docker engine wrapper against a real engine: the calls the images builder, the network and the kubelet make.
import { Readable } from 'node:stream';
import { connectEngine } from '../../../sandbox/docker/engine';
import { createBody } from '../../../sandbox/docker/engine/containers';
import { splitFrames } from '../../../sandbox/docker/engine/frames';
import { firstFileOf, tarBuffer } from '../../../sandbox/docker/tar';
import { ensureImages } from '../../../sandbox/images/builder';
import { BUSYBOX_IMAGE } from '../../../sandbox/images/catalog';
import { describeDocker, sweep, testEngine, testLabels, waitFor } from './docker-env';

describe('createBody', () => {
  it('joins another container\'s network namespace without network settings of its own', () => {
    const body = createBody({ image: 'x', networkMode: 'container:abc', hostname: 'h', dns: ['1.2.3.4'] }) as any;
    expect(body.HostConfig.NetworkMode).toBe('container:abc');
    expect(body.NetworkingConfig).toBeUndefined();
    expect(body.Hostname).toBeUndefined();
  });

  it('puts a fixed address and aliases on a user-defined network', () => {
    const body = createBody({ image: 'x', networkMode: 'net1', ipv4Address: '10.0.0.5', aliases: ['a'], env: { A: '1' } }) as any;
    expect(body.NetworkingConfig.EndpointsConfig.net1).toEqual({ Aliases: ['a'], IPAMConfig: { IPv4Address: '10.0.0.5' } });
    expect(body.Env).toEqual(['A=1']);
  });

  it('has no way to ask for a privileged container', () => {
    const body = createBody({ image: 'x', capAdd: ['NET_ADMIN'] }) as any;
    expect(body.HostConfig.Privileged).toBeUndefined();
  });
});

describe('splitFrames', () => {
  it('separates stdout from stderr in a multiplexed stream', () => {
    const frame = (t: number, s: string) => Buffer.concat([Buffer.from([t, 0, 0, 0, 0, 0, 0, s.length]), Buffer.from(s)]);
    const { stdout, stderr } = splitFrames(Buffer.concat([frame(1, 'out1 '), frame(2, 'err'), frame(1, 'out2')]));
    expect(stdout.toString()).toBe('out1 out2');
    expect(stderr.toString()).toBe('err');
  });
});

describe('ping', () => {
  it('answers false quickly when no engine listens', async () => {
    const started = Date.now();
    expect(await connectEngine({ socketPath: '/nonexistent/docker.sock' }).ping(500)).toBe(false);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describeDocker('DockerEngine (real engine)', () => {
  const engine = testEngine();
  const labels = testLabels();

  beforeAll(async () => {
    await ensureImages(engine, () => undefined, { only: ['busybox'] });
  });
  afterAll(() => sweep(engine, labels));

  it('pings and reports its version', async () => {
    expect(await engine.ping()).toBe(true);
    expect((await engine.version()).apiVersion).toMatch(/^1\.\d+$/);
  });

  it('runs a container, collects its logs and exit code, and finds it by label', async () => {
    const id = await engine.containers.create({ image: BUSYBOX_IMAGE, cmd: ['sh', '-c', 'echo to-out; echo to-err >&2; exit 3'], labels });
    await engine.containers.start(id);
    expect(await engine.containers.wait(id)).toBe(3);
    const logs = await engine.containers.logs(id);
    let text = '';
    for await (const c of logs) text += c.toString();
    expect(text).toContain('to-out');
    expect(text).toContain('to-err');
    const info = await engine.containers.inspect(id);
    expect(info?.state).toMatchObject({ running: false, exitCode: 3, status: 'exited' });
    expect((await engine.containers.list(labels)).map((c) => c.id)).toContain(id);
    await engine.containers.remove(id);
    expect(await engine.containers.inspect(id)).toBeUndefined();
    await engine.containers.remove(id); // removing twice is not an error
  });

  it('execs commands with separate stdout/stderr and exit codes, and copies files in and out', async () => {
    const id = await engine.containers.create({ image: BUSYBOX_IMAGE, cmd: ['sleep', '300'], labels });
    await engine.containers.start(id);
    const r = await engine.containers.exec(id, { cmd: ['sh', '-c', 'echo hi; echo oops >&2; exit 4'] });
    expect(r).toEqual({ exitCode: 4, stdout: 'hi\n', stderr: 'oops\n' });
    await engine.containers.putArchive(id, '/tmp', await tarBuffer([{ type: 'file', name: 'greeting', content: 'hello file' }]));
    expect((await engine.containers.exec(id, { cmd: ['cat', '/tmp/greeting'] })).stdout).toBe('hello file');
    const chunks: Buffer[] = [];
    for await (const c of await engine.containers.getArchive(id, '/tmp/greeting')) chunks.push(c as Buffer);
    expect((await firstFileOf(Buffer.concat(chunks)))?.toString()).toBe('hello file');
    await engine.containers.remove(id);
  });

  it('runs an interactive exec session with stdin and a TTY', async () => {
    const id = await engine.containers.create({ image: BUSYBOX_IMAGE, cmd: ['sleep', '300'], labels });
    await engine.containers.start(id);
    const s = await engine.containers.execSession(id, { cmd: ['sh'], stdin: true, tty: true });
    let out = '';
    s.stdout.on('data', (c: Buffer) => (out += c.toString()));
    await s.resize(100, 30);
    s.write('stty size; exit 7\n');
    expect(await s.exitCode()).toBe(7);
    expect(out).toContain('30 100');
    await engine.containers.remove(id);
  });

  it('follows logs until the stream is destroyed', async () => {
    const id = await engine.containers.create({ image: BUSYBOX_IMAGE, cmd: ['sh', '-c', 'i=0; while true; do echo line$i; i=$((i+1)); sleep 0.05; done'], labels });
    await engine.containers.start(id);
    const logs = await engine.containers.logs(id, { follow: true });
    let text = '';
    logs.on('data', (c: Buffer) => (text += c.toString()));
    await waitFor('three followed lines', () => text.includes('line2'));
    logs.destroy();
    await engine.containers.remove(id);
  });

  it('reports container start and exit events for labelled containers', async () => {
    const seen: string[] = [];
    const sub = await engine.events(labels, (e) => {
      if (e.type === 'container') seen.push(e.action);
    });
    try {
      const id = await engine.containers.create({ image: BUSYBOX_IMAGE, cmd: ['true'], labels });
      await engine.containers.start(id);
      await engine.containers.wait(id);
      await waitFor('start and die events', () => seen.includes('start') && seen.includes('die'));
      await engine.containers.remove(id);
    } finally {
      sub.dispose();
    }
  });

  it('creates, lists and removes networks and volumes by label', async () => {
    const net = await engine.networks.create({ name: `kl-test-net-${labels['dev.kubelab.test-run']}`, labels, subnet: '10.223.255.0/24' });
    expect(net.subnet).toBe('10.223.255.0/24');
    expect((await engine.networks.list(labels)).map((n) => n.name)).toContain(net.name);
    await engine.networks.remove(net.name);
    expect(await engine.networks.inspect(net.name)).toBeUndefined();
    const vol = await engine.volumes.create(`kl-test-vol-${labels['dev.kubelab.test-run']}`, labels);
    expect((await engine.volumes.list(labels)).map((v) => v.name)).toContain(vol.name);
    await engine.volumes.remove(vol.name);
    expect(await engine.volumes.inspect(vol.name)).toBeUndefined();
  });

  it('reports a missing image as a 404 the kubelet can turn into ErrImagePull', async () => {
    await expect(engine.containers.create({ image: 'kubelab-test/does-not-exist:1', labels })).rejects.toMatchObject({ statusCode: 404 });
  });

  it('builds an image from a tar stream without pulling anything', async () => {
    const tag = `kubelab-test/built:${labels['dev.kubelab.test-run']}`;
    const context = Readable.from([await tarBuffer([{ type: 'file', name: 'Dockerfile', content: `FROM ${BUSYBOX_IMAGE}\nRUN echo built > /built\n` }])]);
    const lines: string[] = [];
    const id = await engine.images.build(context, { tags: [tag], labels }, (l) => lines.push(l));
    expect(id).toBeTruthy();
    expect(lines.join('\n')).toContain('Step 2/');
    expect((await engine.images.inspect(tag))?.labels).toMatchObject(labels);
    await engine.images.remove(tag, { force: true });
  });
});
