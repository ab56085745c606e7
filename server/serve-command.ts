// `kubelab serve`: the web app for learners — lessons, a terminal and a live map of each learner's own cluster.
// Parses flags, starts the server, prints a `ready` line, and shuts down cleanly on SIGINT/SIGTERM.
import path from 'node:path';
import { startKubelabServer, type KubelabServerOptions } from './app';

export const SERVE_HELP = `Usage: kubelab serve [--port 3000] [--host 127.0.0.1] [--data ./data] [--labs ./labs] [--guest]
                    [--idle-minutes 30] [--workers 2] [--runtime auto|docker|sim] [--trust-proxy ADDRS] [--recording-days 30]
Serves the lab in the browser: lessons, a terminal and a live cluster map, with one mini cluster per learner.
  --port           default: the PORT environment variable, else 3000
  --guest          a single local user, no sign-in (only with a loopback --host)
  --runtime        learners' pods as real containers (docker), simulated (sim), or docker when an engine answers (auto)
  --idle-minutes   suspend a learner's cluster after this long unused (0: never)
  --recording-days keep learners' terminal recordings and cluster history this many days (0: record nothing)
  --trust-proxy    addresses of a TLS-terminating reverse proxy in front (comma-separated IPs/CIDRs, or loopback):
                   its X-Forwarded-Proto/-For are believed, so cookies are Secure and sign-in attempts are counted
                   per client; without it, those headers are ignored
Instructors: the first account, and the e-mails in KUBELAB_INSTRUCTORS (comma-separated).`;

export function parseServeArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): KubelabServerOptions {
  // PORT, as hosting platforms set it, unless --port says otherwise.
  const envPort = env.PORT?.trim();
  if (envPort && !/^\d+$/.test(envPort)) throw new Error(`PORT must be a port number, not ${envPort}`);
  const opts: KubelabServerOptions = { dataDir: './data', port: envPort ? Number(envPort) : 3000, host: '127.0.0.1' };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--port': opts.port = Number(value()); break;
      case '--host': opts.host = value(); break;
      case '--data': opts.dataDir = value(); break;
      case '--labs': opts.labsDir = path.resolve(value()); break;
      case '--guest': opts.guest = true; break;
      case '--idle-minutes': opts.idleMs = Number(value()) * 60_000; break;
      case '--workers': opts.workers = Number(value()); break;
      case '--trust-proxy': opts.trustProxy = value(); break;
      case '--recording-days': opts.recordingDays = Number(value()); break;
      case '--runtime': {
        const r = value();
        if (r !== 'auto' && r !== 'docker' && r !== 'sim') throw new Error(`--runtime must be auto, docker or sim, not ${r}`);
        opts.runtime = r;
        break;
      }
      default: throw new Error(`unknown flag ${argv[i]} (see: kubelab serve --help)`);
    }
  }
  if (!Number.isInteger(opts.port) || opts.port! < 0 || opts.port! > 65535) throw new Error('--port (or PORT) must be 0..65535');
  if (opts.idleMs !== undefined && !(opts.idleMs >= 0)) throw new Error('--idle-minutes must be a number ≥ 0');
  if (opts.recordingDays !== undefined && !(opts.recordingDays >= 0)) throw new Error('--recording-days must be a number ≥ 0');
  if (opts.workers !== undefined && !(Number.isInteger(opts.workers) && opts.workers >= 0 && opts.workers <= 20)) throw new Error('--workers must be 0..20');
  opts.instructors = (env.KUBELAB_INSTRUCTORS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return opts;
}

export async function runServeCommand(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(SERVE_HELP);
    return;
  }
  const server = await startKubelabServer(parseServeArgs(argv));
  const shown = server.host === '127.0.0.1' ? `http://localhost:${server.port}` : server.url;
  console.log(`kubelab ready at ${shown} (data in ${path.resolve(parseServeArgs(argv).dataDir)})`);
  if (server.ctx.terminalState === 'not-loopback') console.log('kubelab: the browser terminal is off because the server listens beyond loopback');
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
