// Rows for storage: PersistentVolumes, PersistentVolumeClaims (CAPACITY, `RWO,RWX` access modes, `Terminating`) and
// StorageClasses (`standard (default)`), as kube-apiserver prints them.
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from '../../api/objects';
import { age, ageColumn, column, nameColumn, text, type Printer } from './format';

const BETA_STORAGE_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';
const DEFAULT_CLASS_ANNOTATIONS = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];

/** GetAccessModesAsString: always in the order RWO, ROX, RWX, RWOP. */
export function accessModes(modes: unknown): string {
  const list = Array.isArray(modes) ? modes : [];
  const short: [string, string][] = [['ReadWriteOnce', 'RWO'], ['ReadOnlyMany', 'ROX'], ['ReadWriteMany', 'RWX'], ['ReadWriteOncePod', 'RWOP']];
  return short.filter(([mode]) => list.includes(mode)).map(([, s]) => s).join(',');
}

/** The beta annotation still wins over spec.storageClassName, as GetPersistentVolume(Claim)Class does. */
function storageClassOf(obj: PersistentVolume | PersistentVolumeClaim): string {
  const annotation = obj.metadata.annotations?.[BETA_STORAGE_CLASS_ANNOTATION];
  if (annotation !== undefined) return annotation;
  return text(obj.spec?.storageClassName);
}

const quantity = (q: unknown): string => (q === undefined || q === null || q === '' ? '0' : String(q));
const phaseOf = (obj: PersistentVolume | PersistentVolumeClaim): string => (obj.metadata.deletionTimestamp ? 'Terminating' : text(obj.status?.phase));
const optional = (v: unknown): string => (v === undefined || v === null ? '<unset>' : String(v));

export const persistentVolumePrinter: Printer = {
  columns: [
    nameColumn(),
    column('Capacity', 'string', "capacity is the description of the persistent volume's resources and capacity."),
    column('Access Modes', 'string', 'accessModes contains all ways the volume can be mounted.'),
    column('Reclaim Policy', 'string', 'persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim.'),
    column('Status', 'string', 'phase indicates if a volume is available, bound to a claim, or released by a claim.'),
    column('Claim', 'string', 'claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim.'),
    column('StorageClass', 'string', 'StorageClass of the pv'),
    column('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pv'),
    column('Reason', 'string', 'reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI.'),
    ageColumn(),
    column('VolumeMode', 'string', 'volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state.', 1),
  ],
  cells(pv: PersistentVolume, now) {
    const ref = pv.spec?.claimRef;
    return [
      pv.metadata.name,
      quantity(pv.spec?.capacity?.storage),
      accessModes(pv.spec?.accessModes),
      text(pv.spec?.persistentVolumeReclaimPolicy),
      phaseOf(pv),
      ref ? `${text(ref.namespace)}/${text(ref.name)}` : '',
      storageClassOf(pv),
      optional(pv.spec?.volumeAttributesClassName),
      text(pv.status?.reason),
      age(pv, now),
      optional(pv.spec?.volumeMode),
    ];
  },
};

export const persistentVolumeClaimPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Status', 'string', 'phase represents the current phase of PersistentVolumeClaim.'),
    column('Volume', 'string', 'volumeName is the binding reference to the PersistentVolume backing this claim.'),
    column('Capacity', 'string', 'capacity represents the actual resources of the underlying volume.'),
    column('Access Modes', 'string', 'accessModes contains the actual access modes the volume backing the PVC has.'),
    column('StorageClass', 'string', 'StorageClass of the pvc'),
    column('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pvc'),
    ageColumn(),
    column('VolumeMode', 'string', 'volumeMode defines what type of volume is required by the claim.', 1),
  ],
  cells(pvc: PersistentVolumeClaim, now) {
    // Capacity and access modes are only shown once the claim is bound to a volume.
    const bound = !!pvc.spec?.volumeName;
    return [
      pvc.metadata.name,
      phaseOf(pvc),
      text(pvc.spec?.volumeName),
      bound ? quantity(pvc.status?.capacity?.storage) : '',
      bound ? accessModes(pvc.status?.accessModes) : '',
      storageClassOf(pvc),
      optional(pvc.spec?.volumeAttributesClassName),
      age(pvc, now),
      optional(pvc.spec?.volumeMode),
    ];
  },
};

export const storageClassPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Provisioner', 'string', 'provisioner indicates the type of the provisioner.'),
    column('ReclaimPolicy', 'string', 'reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class. Defaults to Delete.'),
    column('VolumeBindingMode', 'string', 'volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound. When unset, VolumeBindingImmediate is used.'),
    column('AllowVolumeExpansion', 'string', 'allowVolumeExpansion shows whether the storage class allow volume expand.'),
    ageColumn(),
  ],
  cells(sc: StorageClass, now) {
    const isDefault = DEFAULT_CLASS_ANNOTATIONS.some((a) => sc.metadata.annotations?.[a] === 'true');
    return [
      isDefault ? `${sc.metadata.name} (default)` : sc.metadata.name,
      text(sc.provisioner),
      text(sc.reclaimPolicy) || 'Delete',
      text(sc.volumeBindingMode) || 'Immediate',
      sc.allowVolumeExpansion === true,
      age(sc, now),
    ];
  },
};
