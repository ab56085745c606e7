// The tool gate every external-tool test goes through: run when present, skip when absent, fail when required.
import { kubectlBinaries, requireOrSkip } from './kubectl-bin';

describe('requireOrSkip', () => {
  const saved = process.env.KUBELAB_REQUIRE;
  afterEach(() => {
    if (saved === undefined) delete process.env.KUBELAB_REQUIRE;
    else process.env.KUBELAB_REQUIRE = saved;
  });

  it('runs a test whose tool is available', () => {
    process.env.KUBELAB_REQUIRE = 'kubectl';
    expect(requireOrSkip('kubectl', true)).toBe(true);
  });

  it('skips a test whose tool is absent and not required', () => {
    process.env.KUBELAB_REQUIRE = 'docker';
    expect(requireOrSkip('kubectl', false)).toBe(false);
  });

  it('fails when a required tool is absent', () => {
    process.env.KUBELAB_REQUIRE = 'docker,kubectl';
    expect(() => requireOrSkip('kubectl', false)).toThrow(/kubectl is required/);
  });
});

describe('kubectlBinaries', () => {
  it('orders the versioned binaries oldest first', () => {
    const { all, oldest, newest } = kubectlBinaries();
    expect(oldest).toBe(all[0]);
    expect(newest).toBe(all[all.length - 1]);
    const minors = all.map((b) => Number(/kubectl\.1\.(\d+)$/.exec(b)![1]));
    expect(minors).toEqual([...minors].sort((a, b) => a - b));
  });
});
