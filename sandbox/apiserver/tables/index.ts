// Server-side Tables (meta.k8s.io/v1) for `kubectl get`: a kind's printer (named in its record in ../kinds) turns
// objects into rows, and each row's object is attached the way kube-apiserver does for
// ?includeObject=None|Metadata|Object. Like the real server, every row carries all cells, wide ones included;
// kubectl hides priority-1 columns unless asked for -o wide.
import type { KubeObject, TableColumnDefinition, TableRow } from '../../api/types';
import { column, NAME_DESCRIPTION, type Printer } from './format';

export { humanDuration } from './format';

/** The apiserver's DefaultTableConvertor, for a kind without a printer: NAME and CREATED AT. */
export const defaultPrinter: Printer = {
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

/** Column definitions and one row per object, as kube-apiserver's printers produce them. */
export function tableOf(
  printer: Printer,
  objects: KubeObject[],
  now: Date,
  includeObject: IncludeObject = 'Metadata',
): { columnDefinitions: TableColumnDefinition[]; rows: TableRow[] } {
  return {
    columnDefinitions: printer.columns.map((c) => ({ ...c })),
    rows: objects.map((obj) => {
      const cells = printer.cells(obj, now);
      const object = rowObject(obj, includeObject);
      return object ? { cells, object } : { cells };
    }),
  };
}
