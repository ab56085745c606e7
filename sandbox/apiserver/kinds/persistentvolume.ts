// PersistentVolumes: cluster-scoped storage, Pending → Available → Bound → Released.
import { defaultPersistentVolume } from '../admission/defaults';
import { validatePersistentVolume, validatePersistentVolumeUpdate } from '../admission/validate-core';
import { persistentVolumePrinter } from '../tables/storage';
import { resource, type KindRecord } from './kind';

export const persistentVolume: KindRecord = {
  resource: resource('', 'v1', 'PersistentVolume', 'persistentvolumes', false, ['pv'], { subresources: ['status'] }),
  defaults: defaultPersistentVolume,
  initialStatus: (pv) => pv.status ?? {},
  validate: { create: validatePersistentVolume, update: validatePersistentVolumeUpdate },
  printer: persistentVolumePrinter,
};
