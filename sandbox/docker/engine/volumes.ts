// Volumes: named, labelled volumes (the learner's home in the toolbox, pod volumes later).
import type Docker from 'dockerode';
import { isNotFound, toEngineError } from '../errors';
import { labelFilters } from '../labels';
import type { VolumeInfo } from '../types';

function toVolumeInfo(raw: any): VolumeInfo {
  return { name: raw.Name, labels: raw.Labels ?? {}, mountpoint: raw.Mountpoint ?? '' };
}

export class Volumes {
  constructor(private readonly docker: Docker) {}

  /** Creates the volume, or returns the existing one of that name (Docker's create is idempotent). */
  async create(name: string, labels: Record<string, string> = {}): Promise<VolumeInfo> {
    try {
      await this.docker.createVolume({ Name: name, Labels: labels });
      return toVolumeInfo(await this.docker.getVolume(name).inspect());
    } catch (e) {
      throw toEngineError(e, `create volume ${name}`);
    }
  }

  async inspect(name: string): Promise<VolumeInfo | undefined> {
    try {
      return toVolumeInfo(await this.docker.getVolume(name).inspect());
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw toEngineError(e, `inspect volume ${name}`);
    }
  }

  async list(labels: Record<string, string | true> = {}): Promise<VolumeInfo[]> {
    try {
      const raw = await this.docker.listVolumes({ filters: { label: labelFilters(labels) } });
      return (raw.Volumes ?? []).map(toVolumeInfo);
    } catch (e) {
      throw toEngineError(e, 'list volumes');
    }
  }

  async remove(name: string, opts: { force?: boolean } = {}): Promise<void> {
    try {
      await this.docker.getVolume(name).remove({ force: opts.force } as never);
    } catch (e) {
      if (isNotFound(e)) return;
      throw toEngineError(e, `remove volume ${name}`);
    }
  }
}
