// Images: inspect, build from a tar context (no registry: builds never pull), tag, list and remove.
import type Docker from 'dockerode';
import type { Readable } from 'node:stream';
import { isNotFound, toEngineError, EngineError } from '../errors';
import { labelFilters } from '../labels';
import type { BuildOptions, ImageInfo } from '../types';

function toImageInfo(raw: any): ImageInfo {
  return {
    id: raw.Id,
    tags: raw.RepoTags ?? [],
    labels: raw.Config?.Labels ?? raw.Labels ?? {},
    created: typeof raw.Created === 'number' ? new Date(raw.Created * 1000).toISOString() : raw.Created,
    sizeBytes: raw.Size ?? 0,
  };
}

/** `name` → `name:latest`, leaving digests and explicit tags alone (Docker's own normalisation, minus registries). */
export function withTag(ref: string): string {
  const lastSlash = ref.lastIndexOf('/');
  return ref.includes('@') || ref.slice(lastSlash + 1).includes(':') ? ref : `${ref}:latest`;
}

export class Images {
  constructor(private readonly docker: Docker) {}

  async inspect(ref: string): Promise<ImageInfo | undefined> {
    try {
      return toImageInfo(await this.docker.getImage(withTag(ref)).inspect());
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw toEngineError(e, `inspect image ${ref}`);
    }
  }

  async exists(ref: string): Promise<boolean> {
    return (await this.inspect(ref)) !== undefined;
  }

  async list(labels: Record<string, string | true> = {}): Promise<ImageInfo[]> {
    try {
      const raw = await this.docker.listImages({ filters: { label: labelFilters(labels) } });
      return raw.map(toImageInfo);
    } catch (e) {
      throw toEngineError(e, 'list images');
    }
  }

  /**
   * Builds an image from a tar build context and returns its id. The build log goes line by line to `onLog`.
   * `pull` is never set: every base image must already be local (we are offline).
   */
  async build(context: Readable, opts: BuildOptions, onLog?: (line: string) => void): Promise<string> {
    let stream: NodeJS.ReadableStream;
    try {
      stream = await this.docker.buildImage(context, {
        t: opts.tags[0],
        labels: opts.labels,
        buildargs: opts.buildArgs,
        dockerfile: opts.dockerfile,
        nocache: opts.noCache,
        rm: true,
        forcerm: true,
      });
    } catch (e) {
      throw toEngineError(e, `build ${opts.tags.join(', ')}`);
    }
    return new Promise((resolve, reject) => {
      let id = '';
      let failure = '';
      this.docker.modem.followProgress(
        stream,
        (err: Error | null) => {
          if (err) reject(toEngineError(err, `build ${opts.tags.join(', ')}`));
          else if (failure) reject(new EngineError(undefined, `build ${opts.tags.join(', ')}: ${failure}`));
          else if (!id) reject(new EngineError(undefined, `build ${opts.tags.join(', ')}: the engine reported no image id`));
          else Promise.all(opts.tags.slice(1).map((t) => this.tag(opts.tags[0], t))).then(() => resolve(id), reject);
        },
        (ev: any) => {
          if (ev.error) failure = String(ev.errorDetail?.message ?? ev.error).trim();
          if (ev.aux?.ID) id = ev.aux.ID;
          if (typeof ev.stream === 'string') {
            const m = /Successfully built ([0-9a-f]+)/.exec(ev.stream);
            if (m && !id) id = m[1];
            for (const line of ev.stream.split('\n')) if (line.trim()) onLog?.(line.trimEnd());
          }
        },
      );
    });
  }

  /** Gives `source` a second name, e.g. kubelab/busybox:1.35 → busybox:latest. */
  async tag(source: string, target: string): Promise<void> {
    const ref = withTag(target);
    const at = ref.lastIndexOf(':');
    try {
      await this.docker.getImage(withTag(source)).tag({ repo: ref.slice(0, at), tag: ref.slice(at + 1) });
    } catch (e) {
      throw toEngineError(e, `tag ${source} as ${target}`);
    }
  }

  /** Removes an image (or just this tag of it); missing images are not an error. */
  async remove(ref: string, opts: { force?: boolean } = {}): Promise<void> {
    try {
      await this.docker.getImage(withTag(ref)).remove({ force: opts.force });
    } catch (e) {
      if (isNotFound(e)) return;
      throw toEngineError(e, `remove image ${ref}`);
    }
  }
}
