// The DefaultStorageClass admission plugin: a PersistentVolumeClaim created without spec.storageClassName gets the
// class annotated storageclass.kubernetes.io/is-default-class=true (kubelab's `standard`), so a claim written
// the way tutorials write it is provisioned and bound. An explicit "" asks for no class (static binding only).
import { findKind } from '../kinds/registry';
import type { StorageClass } from '../../api/objects';
import type { ObjectApi } from '../object-api';
import { admittedAs, type AdmissionPlugin, type AdmissionRequest } from './admission';

export const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';

export function defaultStorageClass(api: ObjectApi): StorageClass | undefined {
  const classes = api.list(findKind('StorageClass')!, undefined).items.filter((c) => c.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true');
  // Several defaults: the newest wins, as in kube-apiserver since 1.28.
  return classes.sort((a, b) => String(b.metadata.creationTimestamp).localeCompare(String(a.metadata.creationTimestamp)))[0];
}

export const defaultStorageClassPlugin: AdmissionPlugin = {
  name: 'DefaultStorageClass',
  admit(req: AdmissionRequest, api: ObjectApi): void {
    const pvc = admittedAs(req, 'PersistentVolumeClaim');
    if (req.operation !== 'CREATE' || !pvc) return;
    const spec = pvc.obj.spec;
    if (!spec || typeof spec !== 'object' || spec.storageClassName !== undefined && spec.storageClassName !== null) return;
    const cls = defaultStorageClass(api);
    if (cls) spec.storageClassName = cls.metadata.name;
  },
};
