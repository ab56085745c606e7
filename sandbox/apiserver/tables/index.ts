// Server-side Tables (meta.k8s.io/v1) for `kubectl get`: picks the printer of a kind and attaches each row's object
// the way kube-apiserver does for ?includeObject=None|Metadata|Object. Like the real server, every row carries all
// cells, wide ones included; kubectl hides priority-1 columns unless asked for -o wide.
import type { KubeObject, TableColumnDefinition, TableRow } from '../../api/types';
import { eventPrinter, leasePrinter, namespacePrinter, nodePrinter } from './cluster';
import { configMapPrinter, secretPrinter, serviceAccountPrinter } from './config';
import { column, NAME_DESCRIPTION, type Printer } from './format';
import { endpointSlicePrinter, endpointsPrinter, ingressClassPrinter, ingressPrinter, servicePrinter } from './networking';
import { podPrinter } from './pods';
import { persistentVolumeClaimPrinter, persistentVolumePrinter, storageClassPrinter } from './storage';
import {
  controllerRevisionPrinter, cronJobPrinter, daemonSetPrinter, deploymentPrinter, jobPrinter, replicaSetPrinter, statefulSetPrinter,
} from './workloads';

export { humanDuration } from './format';

const PRINTERS: Record<string, Printer> = {
  Pod: podPrinter,
  ReplicaSet: replicaSetPrinter,
  Deployment: deploymentPrinter,
  StatefulSet: statefulSetPrinter,
  DaemonSet: daemonSetPrinter,
  Job: jobPrinter,
  CronJob: cronJobPrinter,
  ControllerRevision: controllerRevisionPrinter,
  Service: servicePrinter,
  Endpoints: endpointsPrinter,
  EndpointSlice: endpointSlicePrinter,
  Ingress: ingressPrinter,
  IngressClass: ingressClassPrinter,
  Node: nodePrinter,
  Namespace: namespacePrinter,
  Event: eventPrinter,
  Lease: leasePrinter,
  ConfigMap: configMapPrinter,
  Secret: secretPrinter,
  ServiceAccount: serviceAccountPrinter,
  PersistentVolume: persistentVolumePrinter,
  PersistentVolumeClaim: persistentVolumeClaimPrinter,
  StorageClass: storageClassPrinter,
};

/** The apiserver's DefaultTableConvertor, for a kind without a printer: NAME and CREATED AT. */
const defaultPrinter: Printer = {
  columns: [
    column('Name', 'string', NAME_DESCRIPTION, 0, 'name'),
    column('Created At', 'date', 'CreationTimestamp is a timestamp representing the server time when this object was created.'),
  ],
  cells: (obj) => [obj.metadata.name, obj.metadata.creationTimestamp ?? null],
};

export type IncludeObject = 'None' | 'Metadata' | 'Object';

function rowObject(obj: KubeObject, includeObject: IncludeObject): KubeObject | undefined {
  if (includeObject === 'None') return undefined;
  if (includeObject === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

/** Column definitions and one row per object for `kind`, as kube-apiserver's printers produce them. */
export function tableFor(
  kind: string,
  objects: KubeObject[],
  now: Date,
  includeObject: IncludeObject = 'Metadata',
): { columnDefinitions: TableColumnDefinition[]; rows: TableRow[] } {
  const printer = PRINTERS[kind] ?? defaultPrinter;
  return {
    columnDefinitions: printer.columns.map((c) => ({ ...c })),
    rows: objects.map((obj) => {
      const cells = printer.cells(obj, now);
      const object = rowObject(obj, includeObject);
      return object ? { cells, object } : { cells };
    }),
  };
}
