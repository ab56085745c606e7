// The lab images kubelab builds offline, as data: names and tags, which folder holds the Dockerfile, which C
// programs to compile with `gcc -static`, which host binaries or Debian packages to copy in, and which of our images
// each builds on. The images courses name (nginx, httpd, redis, …) are in course-images.ts.
import path from 'node:path';
import { COURSE_IMAGES, toolboxRootfs } from './course-images';
export { BASE_IMAGE } from './course-images';
import { findBusybox, findKubectl } from './host-files';
import type { RootfsSpec } from './host-rootfs';
import { normalizeImage } from '../lib/image-names';
import { iptablesHostFiles } from './iptables-files';

export interface ProgramRecipe {
  /** File name in the build context (the Dockerfile COPYs it). */
  output: string;
  /** C sources relative to the recipe folder; sandbox/images/common is on the include path. */
  sources: string[];
}

export interface HostFileRecipe {
  output: string;
  /** What it is, for error messages ("a static busybox (apt-get install busybox-static)"). */
  what: string;
  find: () => string | undefined;
}

export interface ImageRecipe {
  /** Catalog name, also the value of the dev.kubelab.image label. */
  name: string;
  /** Tags to give the image; the first is the one other recipes build FROM. */
  tags: string[];
  /** Folder under sandbox/images holding the Dockerfile and sources. */
  dir: string;
  programs?: ProgramRecipe[];
  hostFiles?: HostFileRecipe[];
  /** Files from the host's Debian packages (and the libraries they load), put in the context's `rootfs/`. */
  rootfs?: () => RootfsSpec;
  /** Recipes whose image this one builds FROM. */
  after?: string[];
  /**
   * Built when a pod first asks for it (the kubelet's pull) or by `kubelab images build`, not on every cluster's
   * start: the course images are tens of MB each and most lessons use none of them.
   */
  onDemand?: boolean;
}

export const IMAGES_DIR = __dirname;
export const COMMON_DIR = path.join(__dirname, 'common');

export const BUSYBOX_IMAGE = 'kubelab/busybox:1.35';
// 3.10 (the pause of Kubernetes 1.31) since it routes pods through the network agent (KUBELAB_ROUTES); 3.9 only
// installed the Service route.
export const PAUSE_IMAGE = 'kubelab/pause:3.10';
// :2 since the agent enforces NetworkPolicies (iptables inside, `deny` lines and policy.rules in its config).
export const NETAGENT_IMAGE = 'kubelab/netagent:2';
// :2 since the toolbox is bash with completion and curl (the :1 of older kubelabs had only busybox's sh).
export const TOOLBOX_IMAGE = 'kubelab/toolbox:2';
export const ECHO_IMAGE = 'gihyodocker/echo:latest';
export const NGINX_IMAGE = 'gihyodocker/nginx:latest';

const busyboxFile: HostFileRecipe = { output: 'busybox', what: 'a static busybox (Debian: apt-get install busybox-static)', find: findBusybox };

export const CATALOG: readonly ImageRecipe[] = [
  { name: 'busybox', tags: [BUSYBOX_IMAGE, 'busybox:latest'], dir: 'busybox', hostFiles: [busyboxFile] },
  { name: 'pause', tags: [PAUSE_IMAGE], dir: 'pause', programs: [{ output: 'pause', sources: ['pause.c'] }] },
  { name: 'echo', tags: [ECHO_IMAGE], dir: 'echo', programs: [{ output: 'echo', sources: ['echo.c'] }], after: ['busybox'] },
  { name: 'gihyo-nginx', tags: [NGINX_IMAGE], dir: 'nginx', programs: [{ output: 'nginx', sources: ['nginx.c'] }], after: ['busybox'] },
  {
    name: 'netagent',
    tags: [NETAGENT_IMAGE],
    dir: 'netagent',
    programs: [{ output: 'netagent', sources: ['main.c', 'config.c', 'proxy.c', 'dns.c'] }],
    // The host's iptables, for NetworkPolicies (looked up on first use, not at import).
    get hostFiles() {
      return iptablesHostFiles();
    },
    after: ['busybox'],
  },
  {
    name: 'toolbox',
    tags: [TOOLBOX_IMAGE],
    dir: 'toolbox',
    hostFiles: [{ output: 'kubectl', what: 'a static kubectl binary (set KUBELAB_TOOLBOX_KUBECTL)', find: findKubectl }],
    rootfs: toolboxRootfs,
    after: ['base'],
  },
  ...COURSE_IMAGES,
];

export function recipe(name: string): ImageRecipe | undefined {
  return CATALOG.find((r) => r.name === name);
}

/** The recipe that makes this image reference (`nginx`, `docker.io/library/nginx:1.25`…), by name or by tag. */
export function recipeFor(image: string, catalog: readonly ImageRecipe[] = CATALOG): ImageRecipe | undefined {
  const byName = catalog.find((r) => r.name === image);
  if (byName) return byName;
  const ref = normalizeImage(image);
  return catalog.find((r) => r.tags.some((t) => normalizeImage(t) === ref));
}

/** Recipes grouped in build order: each group only needs images from earlier groups, so a group builds in parallel. */
export function buildLevels(recipes: readonly ImageRecipe[]): ImageRecipe[][] {
  const levels: ImageRecipe[][] = [];
  const placed = new Map<string, number>();
  let rest = [...recipes];
  while (rest.length) {
    const ready = rest.filter((r) => (r.after ?? []).every((d) => placed.has(d) || !recipes.some((x) => x.name === d)));
    if (!ready.length) throw new Error(`image recipes depend on each other in a cycle: ${rest.map((r) => r.name).join(', ')}`);
    for (const r of ready) placed.set(r.name, levels.length);
    levels.push(ready);
    rest = rest.filter((r) => !ready.includes(r));
  }
  return levels;
}
