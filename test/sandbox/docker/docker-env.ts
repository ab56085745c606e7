// Shared by the tests that need a real Docker engine: decides (synchronously, so `describe` can be skipped)
// whether one answers, labels everything a test run creates, sweeps it all afterwards, and waits for outcomes
// with a deadline instead of sleeping.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { requireOrSkip } from '../../helpers/kubectl-bin';
import { connectEngine, type DockerEngine } from '../../../sandbox/docker/engine';
import { TEST_LABEL } from '../../../sandbox/docker/labels';
import { processIdentityOf } from '../../../sandbox/docker/ownership';
import { waitFor as pollUntil } from '../../helpers/test-cluster';

const PROBE = `
const http = require('http');
const h = process.env.DOCKER_HOST || 'unix:///var/run/docker.sock';
const opts = h.startsWith('unix://') ? { socketPath: h.slice(7) } : { host: new URL(h.replace(/^tcp:/, 'http:')).hostname, port: new URL(h.replace(/^tcp:/, 'http:')).port };
const req = http.get({ ...opts, path: '/_ping', timeout: 1500 }, (r) => process.exit(r.statusCode === 200 ? 0 : 1));
req.on('error', () => process.exit(1)).on('timeout', () => process.exit(1));
`;

let answers: boolean | undefined;

/** True when a Docker engine answers; throws when KUBELAB_REQUIRE names docker and none does. */
export function dockerAvailable(): boolean {
  answers ??= spawnSync(process.execPath, ['-e', PROBE], { timeout: 5000 }).status === 0;
  return requireOrSkip('docker', answers);
}

/** `describe` when Docker answers, `describe.skip` otherwise. */
export const describeDocker: jest.Describe = ((...args: Parameters<jest.Describe>) =>
  (dockerAvailable() ? describe : describe.skip)(...args)) as unknown as jest.Describe;

/** Labels for one test file's objects: the common test label plus a run id, so parallel files sweep only their own. */
export function testLabels(): Record<string, string> {
  return { [TEST_LABEL]: '1', [`${TEST_LABEL}-run`]: randomBytes(4).toString('hex') };
}

export function testEngine(): DockerEngine {
  return connectEngine();
}

/** Removes every container, network and volume carrying these labels. */
export async function sweep(engine: DockerEngine, labels: Record<string, string>): Promise<void> {
  for (const c of await engine.containers.list(labels)) await engine.containers.remove(c.id, { force: true });
  for (const n of await engine.networks.list(labels)) {
    const info = await engine.networks.inspect(n.id);
    for (const id of Object.keys(info?.containers ?? {})) await engine.networks.disconnect(n.id, id);
    await engine.networks.remove(n.id);
  }
  for (const v of await engine.volumes.list(labels)) await engine.volumes.remove(v.name, { force: true });
}

/** Polls `check` until it returns a value (not undefined/false; 0 and '' count) or the deadline passes. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const found = await pollUntil(async () => {
    const v = await check();
    return v === undefined || v === false ? undefined : { v: v as T };
  }, what, timeoutMs);
  return found!.v; // pollUntil returns only a truthy value
}

/** The owner identity (sandbox/docker/ownership.ts) of a process that has exited since: a kubelab that died. */
export async function exitedProcessIdentity(): Promise<string> {
  const child = spawn('sleep', ['30']);
  const id = processIdentityOf(child.pid!)!;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  return id;
}
