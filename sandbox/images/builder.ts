// Makes sure every lab image exists, offline: builds what is missing or whose inputs changed, leaves alone what is
// up to date, and never replaces a real image of the same name (one the user pulled or built) unless forced.
// A cluster calls ensureImages() on start for the images every cluster needs; the course images (nginx, redis…)
// are built on demand by ensureImageFor() when a pod first asks for one; `kubelab images build` builds them all.
import { performance } from 'node:perf_hooks';
import type { DockerEngine } from '../docker/engine';
import { IMAGE_HASH_LABEL, IMAGE_LABEL } from '../docker/labels';
import { buildLevels, CATALOG, recipeFor, type ImageRecipe } from './catalog';
import { buildContext, recipeHash, resolveHostFiles, resolveRootfs } from './context';

export type ImageAction = 'built' | 'up-to-date' | 'kept' | 'failed';

export interface ImageReport {
  name: string;
  /** Tags this image carries now (ours), or the real image's tags we kept. */
  tags: string[];
  action: ImageAction;
  /** Tags held by real (not kubelab-built) images that we left alone. */
  keptTags: string[];
  ms: number;
  sizeBytes?: number;
  error?: string;
}

export interface EnsureOptions {
  /** Rebuild even when up to date, and replace real images of the same names. */
  force?: boolean;
  /** Only these catalog names or image tags (and what they build FROM). */
  only?: string[];
  /** With no `only`: the on-demand course images too (default: only what every cluster needs). */
  everything?: boolean;
  /** Another catalog (tests); default: the lab images. */
  catalog?: readonly ImageRecipe[];
}

type TagState = { kind: 'missing' } | { kind: 'ours'; hash: string; id: string } | { kind: 'foreign' };

async function tagState(engine: DockerEngine, tag: string): Promise<TagState> {
  const info = await engine.images.inspect(tag);
  if (!info) return { kind: 'missing' };
  if (info.labels[IMAGE_LABEL] === undefined) return { kind: 'foreign' };
  return { kind: 'ours', hash: info.labels[IMAGE_HASH_LABEL] ?? '', id: info.id };
}

function withDependencies(catalog: readonly ImageRecipe[], names: string[]): ImageRecipe[] {
  const wanted = new Set<string>();
  const add = (n: string) => {
    const r = recipeFor(n, catalog);
    if (!r) throw new Error(`unknown image "${n}" (known: ${catalog.map((x) => x.name).join(', ')})`);
    if (wanted.has(r.name)) return;
    wanted.add(r.name);
    for (const d of r.after ?? []) add(d);
  };
  names.forEach(add);
  return catalog.filter((r) => wanted.has(r.name));
}

async function ensureOne(
  engine: DockerEngine, r: ImageRecipe, hashes: Map<string, string>, opts: EnsureOptions, log: (m: string) => void, catalog: readonly ImageRecipe[],
): Promise<ImageReport> {
  const started = performance.now();
  const report = (action: ImageAction, tags: string[], keptTags: string[], extra: Partial<ImageReport> = {}): ImageReport => ({
    name: r.name, tags, action, keptTags, ms: performance.now() - started, ...extra,
  });
  const states = await Promise.all(r.tags.map(async (t) => [t, await tagState(engine, t)] as const));
  const keptTags = opts.force ? [] : states.filter(([, s]) => s.kind === 'foreign').map(([t]) => t);
  const targets = r.tags.filter((t) => !keptTags.includes(t));
  if (!targets.length) {
    log(`${r.tags.join(', ')}: a real image already exists; keeping it (use --force to replace it)`);
    return report('kept', [], keptTags);
  }
  const missingBase = (r.after ?? []).find((d) => !hashes.has(d));
  if (missingBase) return report('failed', [], keptTags, { error: `its base image "${missingBase}" is not available` });
  let hostFiles;
  try {
    hostFiles = resolveHostFiles(r);
  } catch (e) {
    return report('failed', [], keptTags, { error: (e as Error).message });
  }
  const hash = recipeHash(r, hostFiles, (r.after ?? []).map((d) => hashes.get(d)!));
  const upToDate = states.filter(([t]) => targets.includes(t)).every(([, s]) => s.kind === 'ours' && s.hash === hash);
  if (upToDate && !opts.force) {
    hashes.set(r.name, hash);
    return report('up-to-date', targets, keptTags);
  }
  for (const t of keptTags) log(`${t}: a real image already exists; keeping it`);
  log(`building ${targets.join(', ')}`);
  try {
    // The package files (and the libraries they load) are gathered only for a build: it runs ldd on each program.
    const { context, cleanup } = await buildContext(r, hostFiles, resolveRootfs(r, catalog));
    try {
      await engine.images.build(context, { tags: targets, labels: { [IMAGE_LABEL]: r.name, [IMAGE_HASH_LABEL]: hash } }, (line) =>
        log(`  ${r.name} | ${line}`),
      );
    } finally {
      cleanup();
    }
  } catch (e) {
    return report('failed', [], keptTags, { error: (e as Error).message });
  }
  hashes.set(r.name, hash);
  const info = await engine.images.inspect(targets[0]);
  // The build we replaced is now untagged, and so is one another process made at the same moment (two test
  // workers pulling nginx): remove them (the engine refuses while a container still uses one).
  const untagged = (await engine.images.list({ [IMAGE_LABEL]: r.name })).filter((i) => !i.tags.some((t) => t !== '<none>:<none>'));
  for (const id of new Set([...states.flatMap(([, st]) => (st.kind === 'ours' ? [st.id] : [])), ...untagged.map((i) => i.id)])) {
    if (id !== info?.id) await engine.images.remove(id).catch(() => undefined);
  }
  return report('built', targets, keptTags, { sizeBytes: info?.sizeBytes });
}

/**
 * Builds the catalog's images that are missing or out of date, level by level (a level's images in parallel).
 * Never throws for one image's failure: the report says which failed and why, so the rest still get built and a
 * pod using a missing image shows ErrImagePull as a real kubelet would.
 */
export async function ensureImages(engine: DockerEngine, log: (msg: string) => void = () => undefined, opts: EnsureOptions = {}): Promise<ImageReport[]> {
  const catalog = opts.catalog ?? CATALOG;
  const recipes = withDependencies(catalog, opts.only?.length ? opts.only : catalog.filter((r) => opts.everything || !r.onDemand).map((r) => r.name));
  const hashes = new Map<string, string>();
  const reports: ImageReport[] = [];
  for (const level of buildLevels(recipes)) {
    const done = await Promise.all(level.map((r) => ensureOne(engine, r, hashes, opts, log, catalog)));
    for (const rep of done) {
      // A kept real base still lets dependents build FROM it; record a hash so they do not fail.
      if (rep.action === 'kept') hashes.set(rep.name, `kept:${rep.keptTags.join(',')}`);
      if (rep.action === 'failed') log(`${rep.name}: ${rep.error}`);
      reports.push(rep);
    }
  }
  return reports;
}

/** Catalog images that do not exist at all (the quick check the app makes before deciding to build). */
export async function missingImages(engine: DockerEngine): Promise<string[]> {
  const missing: string[] = [];
  for (const r of CATALOG) if (!(await engine.images.exists(r.tags[0]))) missing.push(r.tags[0]);
  return missing;
}

const provided = new WeakMap<DockerEngine, Map<string, Promise<ImageReport | undefined>>>();

/**
 * What the kubelet's pull does for an image kubelab knows how to make: builds it (and what it builds FROM) when it
 * is missing or out of date, at most once per process while it succeeds; concurrent pulls wait for the same build.
 * Undefined when no recipe makes this image (a real kubelet would ask a registry; we have none).
 */
export function ensureImageFor(
  engine: DockerEngine, image: string, log: (msg: string) => void = () => undefined, catalog: readonly ImageRecipe[] = CATALOG,
): Promise<ImageReport | undefined> {
  const r = recipeFor(image, catalog);
  if (!r) return Promise.resolve(undefined);
  let byName = provided.get(engine);
  if (!byName) provided.set(engine, (byName = new Map()));
  const known = byName.get(r.name);
  if (known) return known;
  const made = ensureImages(engine, log, { only: [r.name], catalog }).then((reports) => reports.find((x) => x.name === r.name));
  byName.set(r.name, made);
  // A failure is not remembered: the packages may be installed by the next pull.
  made.then((rep) => (!rep || rep.action === 'failed') && byName.delete(r.name), () => byName.delete(r.name));
  return made;
}
