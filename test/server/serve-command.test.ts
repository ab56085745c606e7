// `kubelab serve` flags: defaults for `npm start`, each flag, instructors from the environment, bad values refused.
import { parseServeArgs } from '../../server/serve-command';

it('defaults to port 3000 on 127.0.0.1 with data in ./data', () => {
  expect(parseServeArgs([], {})).toMatchObject({ port: 3000, host: '127.0.0.1', dataDir: './data', instructors: [] });
});

it('reads every flag and the instructors from KUBELAB_INSTRUCTORS', () => {
  const o = parseServeArgs(['--port=0', '--host', '::1', '--data', '/tmp/x', '--guest', '--idle-minutes', '5', '--workers', '1', '--runtime', 'sim'], {
    KUBELAB_INSTRUCTORS: 'a@example.com, b@example.com',
  });
  expect(o).toMatchObject({ port: 0, host: '::1', dataDir: '/tmp/x', guest: true, idleMs: 300_000, workers: 1, runtime: 'sim', instructors: ['a@example.com', 'b@example.com'] });
});

it('reads how long recordings and cluster history are kept', () => {
  expect(parseServeArgs(['--recording-days', '7'], {}).recordingDays).toBe(7);
  expect(parseServeArgs(['--recording-days=0'], {}).recordingDays).toBe(0);
  expect(() => parseServeArgs(['--recording-days', '-1'], {})).toThrow('--recording-days must be a number ≥ 0');
});

it('refuses unknown flags and bad values', () => {
  expect(() => parseServeArgs(['--nope'], {})).toThrow(/unknown flag --nope/);
  expect(() => parseServeArgs(['--port', '70000'], {})).toThrow(/--port/);
  expect(() => parseServeArgs(['--port'], {})).toThrow(/needs a value/);
  expect(() => parseServeArgs(['--runtime', 'podman'], {})).toThrow('--runtime must be auto, docker or sim, not podman');
});

it('takes the port from PORT, as hosting platforms set it, and lets --port win', () => {
  expect(parseServeArgs([], { PORT: '8080' }).port).toBe(8080);
  expect(parseServeArgs(['--port', '3001'], { PORT: '8080' }).port).toBe(3001);
  expect(parseServeArgs([], { PORT: '' }).port).toBe(3000);
  expect(() => parseServeArgs([], { PORT: 'http' })).toThrow('PORT must be a port number, not http');
  expect(() => parseServeArgs([], { PORT: '99999' })).toThrow(/PORT/);
});
