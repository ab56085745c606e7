// The course images as data (no engine): which image reference each recipe answers to, that the simulated runtime
// pulls exactly the catalog's tags, and how a rootfs is gathered from the host's Debian packages.
import fs from 'node:fs';
import { CATALOG, recipeFor } from '../../../sandbox/images/catalog';
import os from 'node:os';
import path from 'node:path';
import { collectRootfs, packageFiles, rootfsFingerprint, type RootfsEntry } from '../../../sandbox/images/host-rootfs';
import { simPullFailure } from '../../../sandbox/kubelet/sim-program';

describe('the course images in the catalog', () => {
  it('finds the recipe of an image by name, by any of its tags, and by its full reference', () => {
    expect(recipeFor('nginx')?.name).toBe('nginx');
    expect(recipeFor('nginx:1.25')?.name).toBe('nginx');
    expect(recipeFor('docker.io/library/nginx:alpine')?.name).toBe('nginx');
    expect(recipeFor('gihyodocker/nginx')?.name).toBe('gihyo-nginx');
    expect(recipeFor('curlimages/curl')?.name).toBe('curl');
    expect(recipeFor('postgres')?.name).toBe('postgres');
    expect(recipeFor('nginx:1.161')).toBeUndefined();
    expect(recipeFor('mysql')).toBeUndefined();
  });

  it('builds the course images on demand, not with the images every cluster needs at its start', () => {
    const onDemand = CATALOG.filter((r) => r.onDemand).map((r) => r.name).sort();
    expect(onDemand).toEqual(['base', 'bash', 'curl', 'httpd', 'nginx', 'perl', 'postgres', 'python', 'redis']);
    expect(CATALOG.filter((r) => !r.onDemand).map((r) => r.name)).toEqual(expect.arrayContaining(['busybox', 'pause', 'echo', 'gihyo-nginx', 'netagent', 'toolbox']));
  });

  it('lets the simulated runtime pull exactly the catalog\'s tags', () => {
    for (const tag of CATALOG.flatMap((r) => r.tags)) expect([tag, simPullFailure(tag)]).toEqual([tag, false]);
    for (const image of ['nginx', 'docker.io/library/redis:7', 'perl', 'python:3', 'curlimages/curl', 'bash']) expect([image, simPullFailure(image)]).toEqual([image, false]);
    for (const image of ['nginx:1.161', 'postgres:16', 'redis:6', 'mysql:8', 'python:2']) expect([image, simPullFailure(image)]).toEqual([image, true]);
  });
});

describe('a rootfs from the host\'s Debian packages', () => {
  const hasDpkg = fs.existsSync('/var/lib/dpkg/info');
  const names = (entries: RootfsEntry[]) => new Map(entries.map((e) => [e.name, e]));

  (hasDpkg ? it : it.skip)('copies a package\'s programs at their real paths with every library they load, and no docs', () => {
    const entries = names(collectRootfs({ packages: ['curl'] }));
    expect(entries.get('usr/bin/curl')).toMatchObject({ hostPath: fs.realpathSync('/usr/bin/curl') });
    const names_ = [...entries.keys()];
    expect(names_.some((n) => /^usr\/lib\/[^/]+\/libcurl\.so\.4$/.test(n))).toBe(true); // the soname link, and its target
    expect(names_.some((n) => /^usr\/lib\/[^/]+\/libc\.so\.6$/.test(n))).toBe(true);
    expect(names_.some((n) => n.startsWith('usr/share/doc/') || n.startsWith('usr/share/man/'))).toBe(false);
    // The host's merged-/usr links are never copied: they would replace the busybox base's real /bin and /lib.
    for (const link of ['bin', 'sbin', 'lib', 'lib64']) expect(entries.has(link)).toBe(false);
  });

  (hasDpkg ? it : it.skip)('names the Debian packages that are missing, and builds without the optional ones', () => {
    expect(() => collectRootfs({ packages: ['curl', 'kubelab-no-such-package'] })).toThrow('kubelab-no-such-package');
    expect(() => packageFiles('kubelab-no-such-package')).toThrow();
    const entries = names(collectRootfs({ optionalPackages: ['kubelab-no-such-package', 'curl'] }));
    expect(entries.has('usr/bin/curl')).toBe(true);
  });

  it('places the first of several host files that exists (static bash, else the host\'s bash)', () => {
    const entries = names(collectRootfs({ place: [{ from: ['/no/such/bash-static', __filename], to: '/bin/bash', pkg: 'bash-static' }] }));
    expect(entries.get('bin/bash')).toMatchObject({ hostPath: __filename });
  });

  it('puts files where the recipe says, and makes its links and directories', () => {
    const entries = names(collectRootfs({ place: [{ from: __filename, to: '/opt/test.ts', pkg: 'none' }], links: [{ at: '/lib', target: 'usr/lib' }], dirs: ['/run', '/var/tmp'] }));
    expect(entries.get('opt/test.ts')).toMatchObject({ hostPath: __filename });
    expect(entries.get('lib')).toEqual({ name: 'lib', symlink: 'usr/lib' });
    expect(entries.get('run')).toEqual({ name: 'run', dir: 0o755 });
    expect(entries.get('var/tmp')).toEqual({ name: 'var/tmp', dir: 0o1777 });
    expect(() => collectRootfs({ place: [{ from: '/no/such/file', to: '/x', pkg: 'some-package' }] })).toThrow('some-package');
  });

  it('tells an image is out of date from dpkg\'s status file and the named paths, without running ldd', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-fingerprint-'));
    try {
      const status = path.join(dir, 'status');
      const named = path.join(dir, 'named');
      fs.writeFileSync(status, 'Package: curl\n');
      fs.writeFileSync(named, 'a');
      const spec = { packages: ['curl'], paths: [named], exclude: [/x$/] };
      const before = rootfsFingerprint(spec, status);
      expect(rootfsFingerprint(spec, status)).toBe(before);
      fs.appendFileSync(status, 'Package: nginx\n'); // an apt-get install on the host
      const afterInstall = rootfsFingerprint(spec, status);
      expect(afterInstall).not.toBe(before);
      fs.appendFileSync(named, 'b');
      expect(rootfsFingerprint(spec, status)).not.toBe(afterInstall);
      expect(rootfsFingerprint({ ...spec, exclude: [/y$/] }, status)).not.toBe(rootfsFingerprint(spec, status));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
