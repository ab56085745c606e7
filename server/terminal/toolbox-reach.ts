// Proof, at start-up, that a learner's toolbox can reach the app: a throwaway busybox container, given the same `host.docker.internal` entry as toolboxes, opens a TCP connection to the app's port. A host
// firewall that drops container traffic, a wrong address, or an engine on another machine all show here, in the
// log at start, instead of as "connection refused" in a learner's terminal minutes later.
import { randomBytes } from 'node:crypto';
import { BUSYBOX_IMAGE } from '../../sandbox/images/catalog';
import { ensureImages } from '../../sandbox/images/builder';
import { ROLE_LABEL } from '../../sandbox/docker/labels';
import type { DockerEngine } from '../../sandbox/docker/engine';

export const TOOLBOX_API_HOST = 'host.docker.internal';
const PROBE_SECONDS = 5;

/** Resolves when a container can open a connection to address:port; rejects with what it saw otherwise. */
export async function proveToolboxReach(engine: DockerEngine, address: string, port: number): Promise<void> {
  await ensureImages(engine, undefined, { only: ['busybox'] });
  const name = `kubelab-reach-${process.pid}-${randomBytes(3).toString('hex')}`;
  const id = await engine.containers.create({
    name,
    image: BUSYBOX_IMAGE,
    user: '65534:65534',
    // -e runs `true` on the connection once it is open: connecting is all that is asked, whatever the server says.
    cmd: ['nc', '-w', String(PROBE_SECONDS), TOOLBOX_API_HOST, String(port), '-e', 'true'],
    extraHosts: [`${TOOLBOX_API_HOST}:${address}`],
    capDrop: ['ALL'],
    memoryBytes: 32 * 1024 * 1024,
    pidsLimit: 16,
    labels: { [ROLE_LABEL]: 'toolbox-reach-probe' },
  });
  try {
    await engine.containers.start(id);
    const code = await engine.containers.wait(id);
    if (code === 0) return;
    const said = (await readAll(await engine.containers.logs(id))).trim();
    throw new Error(`a container cannot reach the app at ${address}:${port} (${said || `no answer within ${PROBE_SECONDS} s`})`);
  } finally {
    await engine.containers.remove(id, { force: true }).catch(() => undefined);
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  return text;
}
