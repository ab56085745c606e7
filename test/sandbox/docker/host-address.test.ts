// Where containers reach this host: found on every engine generation (Debian's 20.10 reports no IPAM gateway for
// the default bridge, current Docker does), agreeing with what the engine itself maps `host-gateway` to, and
// proven by a container that really connects.
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { hostAddressForContainers, inSubnet, parseFibTrieLocals } from '../../../sandbox/docker/host-address';
import type { DockerEngine } from '../../../sandbox/docker/engine';
import { ensureImages } from '../../../sandbox/images/builder';
import { BUSYBOX_IMAGE } from '../../../sandbox/images/catalog';
import { proveToolboxReach } from '../../../server/terminal/toolbox-reach';
import { describeDocker, sweep, testEngine, testLabels } from './docker-env';

const FIB_TRIE = `Main:
  +-- 0.0.0.0/0 3 0 5
     |-- 0.0.0.0
        /0 universe UNICAST
     +-- 127.0.0.0/8 2 0 2
        +-- 127.0.0.0/31 1 0 0
           |-- 127.0.0.0
              /8 host LOCAL
           |-- 127.0.0.1
              /32 host LOCAL
     +-- 172.17.0.0/16 2 0 2
        +-- 172.17.0.0/32 ...
        |-- 172.17.0.1
           /32 host LOCAL
        |-- 172.17.255.255
           /32 link BROADCAST
`;

/** An engine whose default bridge reports what a given Docker generation reports (the other generation cannot run here). */
const engineWithBridge = (ipam: { subnet?: string; gateway?: string }) =>
  ({ networks: { inspect: async () => ({ id: 'b', name: 'bridge', labels: {}, internal: false, containers: {}, ...ipam }) } }) as unknown as DockerEngine;

describe('finding the host address containers use', () => {
  it('reads the local addresses from the kernel table, including a bridge that is down', () => {
    expect(parseFibTrieLocals(FIB_TRIE)).toEqual(['127.0.0.1', '172.17.0.1']);
  });

  it('matches addresses to subnets', () => {
    expect(inSubnet('172.17.0.1', '172.17.0.0/16')).toBe(true);
    expect(inSubnet('172.18.0.1', '172.17.0.0/16')).toBe(false);
    expect(inSubnet('10.1.2.3', '0.0.0.0/0')).toBe(true);
  });

  it('takes the IPAM gateway when the engine reports one (current Docker)', async () => {
    const found = await hostAddressForContainers(engineWithBridge({ subnet: '172.17.0.0/16', gateway: '172.17.0.1' }), { list: () => [] });
    expect(found?.address).toBe('172.17.0.1');
  });

  it('finds the bridge interface address when the engine reports no gateway (Debian docker.io 20.10)', async () => {
    const found = await hostAddressForContainers(engineWithBridge({ subnet: '172.17.0.0/16' }), { list: () => ['127.0.0.1', '10.0.0.7', '172.17.0.1'] });
    expect(found).toEqual({ address: '172.17.0.1', source: expect.stringContaining('172.17.0.0/16') });
  });

  it('says it found nothing rather than guessing', async () => {
    expect(await hostAddressForContainers(engineWithBridge({ subnet: '172.17.0.0/16' }), { list: () => ['127.0.0.1'] })).toBeUndefined();
  });
});

describeDocker('the host address on the real engine', () => {
  const engine = testEngine();
  const labels = testLabels();

  beforeAll(() => ensureImages(engine, undefined, { only: ['busybox'] }), 60_000);
  afterAll(() => sweep(engine, labels), 30_000);

  it('is the address the engine itself gives containers for host-gateway', async () => {
    const found = await hostAddressForContainers(engine);
    expect(found).toBeDefined();
    const id = await engine.containers.create({ image: BUSYBOX_IMAGE, cmd: ['cat', '/etc/hosts'], extraHosts: ['host.docker.internal:host-gateway'], labels });
    await engine.containers.start(id);
    await engine.containers.wait(id);
    let hosts = '';
    for await (const chunk of await engine.containers.logs(id)) hosts += String(chunk);
    expect(hosts).toMatch(new RegExp(`^${found!.address.replace(/\./g, '\\.')}\\s+host\\.docker\\.internal$`, 'm'));
  }, 30_000);

  it('lets a container connect to a server listening there, and says so plainly when nothing listens', async () => {
    const { address } = (await hostAddressForContainers(engine))!;
    const server = net.createServer(); // accepts and never answers: connecting must be enough
    await new Promise<void>((resolve) => server.listen(0, address, resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      await expect(proveToolboxReach(engine, address, port)).resolves.toBeUndefined();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    await expect(proveToolboxReach(engine, address, port)).rejects.toThrow(/cannot reach the app at .*Connection refused/);
  }, 30_000);
});
