// The `kubelab` command line: dispatches subcommands to the parts that own them.
import { runClusterCommand } from '../sandbox/cluster-command';

const USAGE = `Usage: kubelab <command> [options]
Commands:
  serve     the lab in the browser: lessons, terminal, cluster map, Check and progress (kubelab serve --help)
  cluster   serve one mini Kubernetes cluster and write a kubeconfig (kubelab cluster --help)
  images    build the lab images offline (kubelab images build)
  grade     grade a lab against any cluster: --lab <id> [--step n] [--kubeconfig f] --format text|json|junit|gradescope
  labs      check every lab: schema, both languages, hints, and each step's solution (kubelab labs check)`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'cluster':
      return runClusterCommand(rest);
    case 'serve': { const s: typeof import('./serve-command') = require('./serve-command'); return s.runServeCommand(rest); }
    case 'images': { const i: typeof import('../sandbox/images/command') = require('../sandbox/images/command'); return i.runImagesCommand(rest); }
    case 'grade': case 'labs': {
      const g: typeof import('../grader/cli') = require('../grader/cli');
      await (command === 'grade' ? g.runGradeCommand(rest) : g.runLabsCommand(rest));
      // Done: what an abandoned check left running (a timed-out script's watch, a cluster's timers) must not keep it.
      return process.exit(process.exitCode ?? 0);
    }
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      console.log(USAGE);
      return;
    default:
      console.error(`kubelab: unknown command "${command}"\n${USAGE}`);
      process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((e) => {
  console.error(`kubelab: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});
