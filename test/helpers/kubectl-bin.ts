// Finds the real kubectl binaries the machine image ships (kubectl.1.27 … kubectl.1.33 next to the `kubectl` on PATH)
// and decides whether a test that needs an external tool runs, skips, or fails: in CI (KUBELAB_REQUIRE=kubectl,…)
// a missing tool is a failure, never a silent skip.
import fs from 'node:fs';
import path from 'node:path';

export interface KubectlBinaries {
  /** The lowest minor version installed (1.27 on the reference image). */
  oldest?: string;
  /** The highest minor version installed. */
  newest?: string;
  /** Every versioned binary, oldest first. */
  all: string[];
}

function kubectlOnPath(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir || '.', 'kubectl');
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return fs.realpathSync(candidate);
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}

let found: KubectlBinaries | undefined;

export function kubectlBinaries(): KubectlBinaries {
  if (found) return found;
  const kubectl = kubectlOnPath();
  const dir = kubectl ? path.dirname(kubectl) : undefined;
  const all = dir
    ? fs
        .readdirSync(dir)
        .map((name) => /^kubectl\.1\.(\d+)$/.exec(name))
        .filter((m): m is RegExpExecArray => m !== null)
        .sort((a, b) => Number(a[1]) - Number(b[1]))
        .map((m) => path.join(dir, m[0]))
        .filter((p) => {
          try {
            fs.accessSync(p, fs.constants.X_OK);
            return true;
          } catch {
            return false;
          }
        })
    : [];
  found = { oldest: all[0], newest: all[all.length - 1], all };
  return found;
}

/** True when the test should run. Throws when KUBELAB_REQUIRE names the feature but it is not available. */
export function requireOrSkip(feature: 'kubectl' | 'docker' | 'browser' | 'python' | 'qr', available: boolean): boolean {
  if (available) return true;
  if ((process.env.KUBELAB_REQUIRE ?? '').includes(feature)) {
    throw new Error(`${feature} is required (KUBELAB_REQUIRE=${process.env.KUBELAB_REQUIRE}) but not available on this machine`);
  }
  return false;
}
