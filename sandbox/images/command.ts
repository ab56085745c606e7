// `kubelab images …`: build the offline lab images (`build [--force] [name…]`: all of them, the course images that
// pods otherwise build on their first pull included) or show their state (`list`).
import { connectEngine } from '../docker/engine';
import { IMAGE_HASH_LABEL, IMAGE_LABEL } from '../docker/labels';
import { CATALOG } from './catalog';
import { ensureImages, type ImageReport } from './builder';

const USAGE = `Usage: kubelab images <command>
Commands:
  build [--force] [name...]   build the lab images offline, all or these (names or tags: ${CATALOG.map((r) => r.name).join(', ')})
  list                        show each lab image and whether it exists
Options:
  --force     rebuild even when up to date, and replace real images of the same names
  --verbose   show the docker build output`;

function mb(bytes?: number): string {
  return bytes === undefined ? '' : `${(bytes / 1e6).toFixed(1)} MB`;
}

function printReports(reports: ImageReport[]): void {
  const rows = reports.map((r) => [
    r.name,
    r.action,
    (r.action === 'kept' ? r.keptTags : r.tags).join(', ') || '-',
    r.action === 'built' ? `${(r.ms / 1000).toFixed(2)} s` : '',
    mb(r.sizeBytes),
  ]);
  const head = ['IMAGE', 'RESULT', 'TAGS', 'TIME', 'SIZE'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const line of [head, ...rows]) console.log(line.map((c, i) => c.padEnd(widths[i])).join('   ').trimEnd());
  for (const r of reports) if (r.error) console.error(`error: ${r.name}: ${r.error}`);
}

export async function runImagesCommand(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (!sub || sub === '--help' || sub === '-h' || sub === 'help') {
    console.log(USAGE);
    return;
  }
  const engine = connectEngine();
  if (!(await engine.ping())) {
    console.error('kubelab images: no Docker engine answers (DOCKER_HOST or /var/run/docker.sock); start dockerd first');
    process.exitCode = 1;
    return;
  }
  if (sub === 'list') {
    for (const r of CATALOG) {
      for (const tag of r.tags) {
        const info = await engine.images.inspect(tag);
        const state = !info ? 'missing' : info.labels[IMAGE_LABEL] !== undefined ? `kubelab-built (${info.labels[IMAGE_HASH_LABEL] ?? '?'})` : 'real image';
        const when = !info && r.onDemand ? ' (built when a pod first pulls it)' : '';
        console.log(`${tag.padEnd(28)} ${state}${info ? `  ${mb(info.sizeBytes)}` : when}`);
      }
    }
    return;
  }
  if (sub !== 'build') {
    console.error(`kubelab images: unknown command "${sub}"\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const force = rest.includes('--force');
  const verbose = rest.includes('--verbose');
  const only = rest.filter((a) => !a.startsWith('--'));
  const reports = await ensureImages(engine, (m) => (verbose || !m.startsWith('  ') ? console.error(m) : undefined), { force, only, everything: true });
  printReports(reports);
  if (reports.some((r) => r.action === 'failed')) process.exitCode = 1;
}
