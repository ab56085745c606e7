// The image catalog as data: build order, and the host binaries it is assembled from.
import path from 'node:path';
import { buildLevels, CATALOG, type ImageRecipe } from '../../../sandbox/images/catalog';
import { findBusybox, findKubectl, isStaticElf } from '../../../sandbox/images/host-files';

describe('buildLevels', () => {
  it('builds the busybox base before the images that start FROM it', () => {
    const levels = buildLevels(CATALOG).map((l) => l.map((r) => r.name));
    const levelOf = (n: string) => levels.findIndex((l) => l.includes(n));
    for (const dependent of ['echo', 'nginx', 'netagent', 'toolbox']) expect(levelOf(dependent)).toBeGreaterThan(levelOf('busybox'));
    expect(levelOf('pause')).toBe(0);
  });

  it('refuses recipes that depend on each other in a cycle', () => {
    const a: ImageRecipe = { name: 'a', tags: ['a'], dir: 'a', after: ['b'] };
    const b: ImageRecipe = { name: 'b', tags: ['b'], dir: 'b', after: ['a'] };
    expect(() => buildLevels([a, b])).toThrow(/cycle/);
  });

  it('names the images the seed lessons use', () => {
    const tags = CATALOG.flatMap((r) => r.tags);
    expect(tags).toEqual(expect.arrayContaining(['gihyodocker/echo:latest', 'gihyodocker/nginx:latest', 'busybox:latest', 'kubelab/busybox:1.35']));
  });
});

describe('host files', () => {
  it('tells static executables from dynamically linked ones', () => {
    const busybox = findBusybox();
    if (busybox) expect(isStaticElf(busybox)).toBe(true);
    expect(isStaticElf(process.execPath)).toBe(false); // node needs ld.so
    expect(isStaticElf(__filename)).toBe(false); // not ELF at all
  });

  it('prefers the kubectl matching the API server version for the toolbox', () => {
    const kubectl = findKubectl();
    if (!kubectl) return; // no kubectl on this machine: the toolbox build reports it
    expect(isStaticElf(kubectl)).toBe(true);
    if (/kubectl\.1\.\d+$/.test(kubectl)) expect(path.basename(kubectl)).toBe('kubectl.1.31');
  });
});
