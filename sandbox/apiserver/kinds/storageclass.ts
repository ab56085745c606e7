// StorageClasses: how claims are provisioned (kubelab's own provisioner backs `standard`).
import { storageClassPrinter } from '../tables/storage';
import { resource, type KindRecord } from './kind';

export const storageClass: KindRecord = {
  resource: resource('storage.k8s.io', 'v1', 'StorageClass', 'storageclasses', false, ['sc']),
  printer: storageClassPrinter,
};
