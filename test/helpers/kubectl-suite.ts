// Shared scaffolding of the tests that drive a cluster with the real kubectl: one describe block per kubectl version
// under test (oldest and newest installed), and `ok`/`k` runners bound to a cluster and a binary.
import { kubectlBinaries, requireOrSkip } from './kubectl-bin';
import type { KubectlResult, TestCluster } from './test-cluster';

/** describe.each over the oldest and newest kubectl; skipped (or failing, under KUBELAB_REQUIRE) without them. */
export function describeEachKubectl(): (name: string, fn: (bin: string) => void) => void {
  const { oldest, newest } = kubectlBinaries();
  const versions = [...new Set([oldest, newest].filter((b): b is string => !!b))];
  return requireOrSkip('kubectl', versions.length > 0) ? describe.each(versions) : describe.skip.each(['kubectl']);
}

export interface KubectlRunners {
  /** Runs kubectl and returns its result, whatever the exit code. */
  k(...args: string[]): Promise<KubectlResult>;
  /** Runs kubectl and returns stdout; a non-zero exit fails the test with kubectl's stderr. */
  ok(...args: string[]): Promise<string>;
}

export function kubectlRunners(tc: () => TestCluster, bin: string): KubectlRunners {
  const k = (...args: string[]) => tc().kubectl(bin, args);
  const ok = async (...args: string[]) => {
    const r = await k(...args);
    if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
    return r.stdout;
  };
  return { k, ok };
}
