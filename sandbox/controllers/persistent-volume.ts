// The persistent volume controller (pkg/controller/volume/persistentvolume) with kubelab's provisioner built in:
// a pending PersistentVolumeClaim binds to an Available PersistentVolume that fits (same class, enough capacity,
// the access modes it asks for) or, when its StorageClass is kubelab's, gets a new volume provisioned for it
// (`pvc-<claim uid>`, as external provisioners name them). Both sides then say Bound. A volume whose claim is gone is
// Released, and deleted when its reclaim policy is Delete. The data itself lives where the runtime keeps a claim's
// files (a named Docker volume per claim under docker; nothing under sim).
import { KUBELAB_PROVISIONER } from '../api/storage';
import { findKind } from '../apiserver/kinds/registry';
import type { Resource } from '../api/registry';
import type { PersistentVolume, PersistentVolumeClaim, PersistentVolumeClaimStatus, PersistentVolumeStatus, StorageClass } from '../api/objects';
import { isStatusError } from '../api/errors';
import type { ObjectApi } from '../apiserver/object-api';
import { parseQuantity } from '../lib/quantity';
import { objectKeyOf, splitKey, watchOf, type Controller, type WatchSpec } from '../controller-runtime/controller';
import { recordEvent } from '../controller-runtime/events';

const pvcRes = findKind('PersistentVolumeClaim')!;
const pvRes = findKind('PersistentVolume')!;
const classRes = findKind('StorageClass')!;
/** The provisioner of kubelab's default StorageClass. */
const SOURCE = { component: 'persistentvolume-controller' };

const CLAIM = 'claim:';
const VOLUME = 'volume:';

const requested = (pvc: PersistentVolumeClaim) => parseQuantity(pvc.spec?.resources?.requests?.storage) ?? 0;
const capacity = (pv: PersistentVolume) => parseQuantity(pv.spec?.capacity?.storage) ?? 0;
const classOf = (o: PersistentVolume | PersistentVolumeClaim) => String(o.spec?.storageClassName ?? '');

/** Does `pv` satisfy `pvc` (findMatchingVolume, without selectors and node affinity)? */
export function volumeFits(pv: PersistentVolume, pvc: PersistentVolumeClaim): boolean {
  if (pv.metadata.deletionTimestamp || (pv.status?.phase && pv.status.phase !== 'Available' && pv.status.phase !== 'Pending')) return false;
  const ref = pv.spec?.claimRef;
  if (ref && !(ref.namespace === pvc.metadata.namespace && ref.name === pvc.metadata.name && (!ref.uid || ref.uid === pvc.metadata.uid))) return false;
  if (classOf(pv) !== classOf(pvc)) return false;
  if ((pv.spec?.volumeMode ?? 'Filesystem') !== (pvc.spec?.volumeMode ?? 'Filesystem')) return false;
  const modes: string[] = pv.spec?.accessModes ?? [];
  return capacity(pv) >= requested(pvc) && (pvc.spec?.accessModes ?? []).every((m) => modes.includes(m));
}

export class PersistentVolumeController implements Controller {
  readonly name = 'persistentvolume-binder';
  readonly watches: WatchSpec[];

  constructor(private readonly api: ObjectApi) {
    this.watches = [
      watchOf(pvcRes, (e) => [CLAIM + objectKeyOf(e.object), ...this.volumeKeysOf(e.object)]),
      watchOf(pvRes, (e) => {
        const ref = e.object.spec?.claimRef;
        // A volume that became available may fit a claim still pending anywhere.
        const pending = e.object.status?.phase === 'Available' ? this.pendingClaimKeys() : [];
        return [VOLUME + e.object.metadata.name, ...(ref ? [`${CLAIM}${ref.namespace}/${ref.name}`] : []), ...pending];
      }),
    ];
  }

  private volumeKeysOf(pvc: PersistentVolumeClaim): string[] {
    return pvc.spec?.volumeName ? [VOLUME + pvc.spec.volumeName] : [];
  }

  private pendingClaimKeys(): string[] {
    return this.api
      .list(pvcRes, undefined)
      .items.filter((c) => c.status?.phase === 'Pending' && !c.spec?.volumeName)
      .map((c) => CLAIM + objectKeyOf(c));
  }

  reconcile(key: string): void {
    if (key.startsWith(CLAIM)) this.syncClaim(key.slice(CLAIM.length));
    else if (key.startsWith(VOLUME)) this.syncVolume(key.slice(VOLUME.length));
  }

  private syncClaim(key: string): void {
    const { namespace, name } = splitKey(key);
    const pvc = this.api.tryGet(pvcRes, namespace, name);
    if (!pvc || pvc.metadata.deletionTimestamp) return;
    if (pvc.spec?.volumeName) {
      const pv = this.api.tryGet(pvRes, undefined, pvc.spec.volumeName);
      if (pv && pv.spec?.claimRef?.uid === pvc.metadata.uid) this.markClaimBound(pvc, pv);
      else if (pvc.status?.phase === 'Bound') this.setClaimPhase(pvc, 'Lost');
      return;
    }
    const fit = this.api
      .list(pvRes, undefined)
      .items.filter((pv) => volumeFits(pv, pvc))
      .sort((a, b) => capacity(a) - capacity(b))[0];
    if (fit) return this.bind(fit, pvc);
    const className = classOf(pvc);
    if (!className) {
      recordEvent(this.api, pvc, 'Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set', SOURCE);
      return;
    }
    const cls = this.api.tryGet(classRes, undefined, className);
    if (!cls) {
      recordEvent(this.api, pvc, 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io "${className}" not found`, SOURCE);
      return;
    }
    if (cls.provisioner !== KUBELAB_PROVISIONER) {
      recordEvent(this.api, pvc, 'Normal', 'ExternalProvisioning', `Waiting for a volume to be created either by the external provisioner '${cls.provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`, SOURCE);
      return;
    }
    this.bind(this.provision(pvc, cls), pvc);
  }

  private provision(pvc: PersistentVolumeClaim, cls: StorageClass): PersistentVolume {
    const name = `pvc-${pvc.metadata.uid}`;
    const existing = this.api.tryGet(pvRes, undefined, name);
    if (existing) return existing;
    const pv = this.api.create(pvRes, undefined, {
      metadata: { name, annotations: { 'pv.kubernetes.io/provisioned-by': KUBELAB_PROVISIONER } },
      spec: {
        capacity: { storage: pvc.spec?.resources?.requests?.storage ?? '1Gi' },
        accessModes: pvc.spec?.accessModes ?? ['ReadWriteOnce'],
        persistentVolumeReclaimPolicy: cls.reclaimPolicy ?? 'Delete',
        storageClassName: cls.metadata.name,
        volumeMode: pvc.spec?.volumeMode ?? 'Filesystem',
        hostPath: { path: `/var/lib/kubelab/volumes/${name}`, type: 'DirectoryOrCreate' },
      },
    });
    recordEvent(this.api, pvc, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${name}`, { component: KUBELAB_PROVISIONER });
    return pv;
  }

  /** Points the volume at the claim and the claim at the volume, then marks both Bound. */
  private bind(pv: PersistentVolume, pvc: PersistentVolumeClaim): void {
    const ref = { kind: 'PersistentVolumeClaim', namespace: pvc.metadata.namespace, name: pvc.metadata.name, uid: pvc.metadata.uid, apiVersion: 'v1', resourceVersion: pvc.metadata.resourceVersion };
    const boundPv = this.write(pvRes, undefined, pv, (next) => {
      next.spec = { ...next.spec, claimRef: ref };
      if (!pv.spec?.claimRef) next.metadata.annotations = { ...(next.metadata.annotations ?? {}), 'pv.kubernetes.io/bound-by-controller': 'yes' };
    });
    if (!boundPv) return;
    this.setVolumePhase(boundPv, 'Bound');
    const boundPvc = this.write(pvcRes, pvc.metadata.namespace, pvc, (next) => {
      next.spec = { ...next.spec, volumeName: pv.metadata.name };
      next.metadata.annotations = { ...(next.metadata.annotations ?? {}), 'pv.kubernetes.io/bind-completed': 'yes', 'pv.kubernetes.io/bound-by-controller': 'yes' };
    });
    if (boundPvc) this.markClaimBound(boundPvc, boundPv);
  }

  private markClaimBound(pvc: PersistentVolumeClaim, pv: PersistentVolume): void {
    if (pvc.status?.phase === 'Bound' && pvc.status?.capacity) return;
    this.api.updateStatus(pvcRes, pvc.metadata.namespace, String(pvc.metadata.name), {
      ...pvc,
      status: { ...(pvc.status ?? {}), phase: 'Bound', accessModes: pv.spec?.accessModes, capacity: pv.spec?.capacity },
    });
  }

  private setClaimPhase(pvc: PersistentVolumeClaim, phase: PersistentVolumeClaimStatus['phase']): void {
    if (pvc.status?.phase === phase) return;
    this.api.updateStatus(pvcRes, pvc.metadata.namespace, String(pvc.metadata.name), { ...pvc, status: { ...(pvc.status ?? {}), phase } });
  }

  private syncVolume(name: string): void {
    const pv = this.api.tryGet(pvRes, undefined, name);
    if (!pv || pv.metadata.deletionTimestamp) return;
    const ref = pv.spec?.claimRef;
    if (!ref) return this.setVolumePhase(pv, 'Available');
    const pvc = this.api.tryGet(pvcRes, ref.namespace, String(ref.name));
    if (pvc && (!ref.uid || pvc.metadata.uid === ref.uid)) {
      if (pvc.spec?.volumeName === name) this.setVolumePhase(pv, 'Bound');
      return;
    }
    if (!ref.uid) return; // pre-bound to a claim that does not exist yet: wait for it
    // Its claim is gone: Released, and removed when the policy says so.
    if (pv.spec?.persistentVolumeReclaimPolicy === 'Delete') {
      try {
        this.api.delete(pvRes, undefined, name);
      } catch (e) {
        if (!(isStatusError(e) && e.code === 404)) throw e;
      }
      return;
    }
    this.setVolumePhase(pv, 'Released');
  }

  private setVolumePhase(pv: PersistentVolume, phase: PersistentVolumeStatus['phase']): void {
    if (pv.status?.phase === phase) return;
    this.api.updateStatus(pvRes, undefined, String(pv.metadata.name), { ...pv, status: { ...(pv.status ?? {}), phase } });
  }

  /** Applies `change` to a fresh copy and writes it; undefined when the object went away meanwhile. */
  private write<T extends PersistentVolume | PersistentVolumeClaim>(res: Resource<T>, namespace: string | undefined, obj: T, change: (next: T) => void): T | undefined {
    const current = this.api.tryGet(res, namespace, String(obj.metadata.name));
    if (!current) return undefined;
    const next = structuredClone(current);
    change(next);
    return this.api.update(res, namespace, String(obj.metadata.name), next);
  }
}
