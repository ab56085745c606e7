// The storage behind PersistentVolumes on the docker runtime: a claim's files live in a named Docker volume (see
// docker-runtime-volumes.ts). When its PersistentVolume goes — reclaimed with policy Delete, or deleted by hand — the
// Docker volume goes too, as a provisioner deletes the disk; a claim made again under the same name then starts
// empty, as a new volume does. At start, volumes of claims that no longer exist (deleted while kubelab was down)
// are removed once. A volume still mounted by a container is tried again later.
import { findKind } from '../apiserver/kinds/registry';
import type { ObjectApi } from '../apiserver/object-api';
import { watchOf, type Controller, type ReconcileResult, type WatchSpec } from '../controller-runtime/controller';
import type { DockerEngine } from '../docker/engine';
import { CLUSTER_LABEL, ROLE_LABEL } from '../docker/labels';
import { CLAIM_LABEL, claimVolumeName, NAMESPACE_LABEL, ROLE_CLAIM_VOLUME } from '../kubelet/docker-runtime-names';

const pvRes = findKind('PersistentVolume')!;
const pvcRes = findKind('PersistentVolumeClaim')!;
const nodeRes = findKind('Node')!;
const SWEEP = '*';
const RETRY_MS = 5000;

export class ClaimVolumeReaper implements Controller {
  readonly name = 'claim-volume-reaper';
  readonly watches: WatchSpec[] = [
    watchOf(pvRes, (e) => {
      const ref = e.object.spec?.claimRef;
      return e.type === 'DELETED' && ref?.namespace && ref?.name ? [`${ref.namespace}/${ref.name}`] : [];
    }),
    // Nodes exist from the start: their first events bring the one sweep.
    watchOf(nodeRes, () => (this.swept ? [] : [SWEEP])),
  ];
  private swept = false;

  constructor(
    private readonly api: ObjectApi,
    private readonly engine: DockerEngine,
    private readonly clusterId: string,
    private readonly log: (m: string) => void = () => undefined,
  ) {}

  /** Whether the claim's data is still wanted: the claim is there, or a volume keeps it (Retain). */
  private wanted(namespace: string, claim: string): boolean {
    if (this.api.tryGet(pvcRes, namespace, claim)) return true;
    return this.api.list(pvRes, undefined).items.some((pv) => pv.spec?.claimRef?.namespace === namespace && pv.spec?.claimRef?.name === claim);
  }

  async reconcile(key: string): Promise<ReconcileResult | void> {
    if (key === SWEEP) return this.sweep();
    const slash = key.indexOf('/');
    const namespace = key.slice(0, slash);
    const claim = key.slice(slash + 1);
    if (this.wanted(namespace, claim)) return;
    return this.remove(claimVolumeName(this.clusterId, namespace, claim));
  }

  private async sweep(): Promise<ReconcileResult | void> {
    this.swept = true;
    const volumes = await this.engine.volumes.list({ [CLUSTER_LABEL]: this.clusterId, [ROLE_LABEL]: ROLE_CLAIM_VOLUME });
    let retry = false;
    for (const v of volumes) {
      const namespace = v.labels[NAMESPACE_LABEL];
      const claim = v.labels[CLAIM_LABEL];
      if (!namespace || !claim || this.wanted(namespace, claim)) continue;
      retry = !!(await this.remove(v.name)) || retry;
    }
    if (retry) {
      this.swept = false;
      return { requeueAfterMs: RETRY_MS };
    }
  }

  private async remove(volume: string): Promise<ReconcileResult | void> {
    try {
      await this.engine.volumes.remove(volume);
    } catch (e) {
      // Still mounted (a pod of the claim is being torn down): later.
      this.log(`claim volume ${volume}: ${(e as Error).message}`);
      return { requeueAfterMs: RETRY_MS };
    }
  }
}
