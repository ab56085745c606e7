// PersistentVolumeClaims: a request for storage, Pending until bound to a volume.
import { defaultPersistentVolumeClaim } from '../admission/defaults';
import { validatePersistentVolumeClaim, validatePersistentVolumeClaimUpdate } from '../admission/validate-core';
import { persistentVolumeClaimPrinter } from '../tables/storage';
import { resource, type KindRecord } from './kind';

export const persistentVolumeClaim: KindRecord = {
  resource: resource('', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', true, ['pvc'], { subresources: ['status'] }),
  defaults: defaultPersistentVolumeClaim,
  initialStatus: (pvc) => pvc.status ?? {},
  validate: { create: validatePersistentVolumeClaim, update: validatePersistentVolumeClaimUpdate },
  printer: persistentVolumeClaimPrinter,
};
