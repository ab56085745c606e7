// `npm run bench`: runs every benchmark and prints one table per area (results are recorded in docs/BENCHMARKS.md).
import os from 'node:os';
import { benchControlPlane } from './control-plane';
import { printTable } from './stats';
import { benchGrader } from './grader';
import { benchProgress } from './progress';
import { benchWebApp } from './web-app';
import { benchWorkloads } from './workloads';
import { benchNetwork } from './network';
import { benchDockerPods } from './docker-pods';
import { requireDockerForBench } from './docker-available';

async function main(): Promise<void> {
  console.log(`kubelab benchmarks — node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${new Date().toISOString()}\n`);
  printTable('Control plane', await benchControlPlane());
  printTable('Workloads (sim runtime)', await benchWorkloads());
  printTable('Grader', await benchGrader());
  printTable('Progress in the app', await benchProgress());
  printTable('Web app', await benchWebApp());
  if (await requireDockerForBench()) {
    printTable('Pods on real containers (docker)', await benchDockerPods());
    printTable('Service networking (docker)', await benchNetwork());
  } else console.log('### Pods and service networking (docker)\n\nskipped: no Docker engine answers\n');
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
