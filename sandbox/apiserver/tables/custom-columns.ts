// The `kubectl get` columns of a custom resource, as apiextensions-apiserver's table convertor makes them: NAME, then
// the version's additionalPrinterColumns (or AGE alone when it has none). A column's jsonPath is the simple kind the
// real server accepts (`.spec.cronSpec`, `.status.conditions[0].type`, `.status.conditions[?(@.type=="Ready")].status`);
// the first value found fills the cell, date columns read as an age (`5m`), absent values as <none>.
import type { KubeObject, TableColumnDefinition } from '../../api/types';
import { fieldOf, itemsOf } from '../../api/unchecked';
import { column, NAME_DESCRIPTION, since, type Printer } from './format';

export interface PrinterColumn {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath: string;
}

const AGE: PrinterColumn = {
  name: 'Age',
  type: 'date',
  jsonPath: '.metadata.creationTimestamp',
  description:
    'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
};

type Step = { field: string } | { index: number } | { filter: { path: string[]; value: string } };

/** Steps of a simple JSONPath; undefined when it is not one we evaluate. */
export function parseJsonPath(path: string): Step[] | undefined {
  const text = path.trim().replace(/^\{(.*)\}$/, '$1');
  const steps: Step[] = [];
  const re = /\.([A-Za-z0-9_-]+)|\[(\d+)\]|\[\?\(@\.([A-Za-z0-9_.-]+)\s*==\s*["']([^"']*)["']\)\]|\[['"]([^'"]+)['"]\]/y;
  let at = 0;
  while (at < text.length) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) return undefined;
    if (m[1] !== undefined) steps.push({ field: m[1] });
    else if (m[2] !== undefined) steps.push({ index: Number(m[2]) });
    else if (m[3] !== undefined) steps.push({ filter: { path: m[3].split('.'), value: m[4] } });
    else steps.push({ field: m[5] });
    at = re.lastIndex;
  }
  return steps;
}

/** The values a JSONPath finds in obj (a filter may find several). */
export function findValues(obj: unknown, steps: Step[]): unknown[] {
  let found: unknown[] = [obj];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const v of found) {
      if ('field' in step) {
        const x = fieldOf(v, step.field);
        if (x !== undefined) next.push(x);
      } else if ('index' in step) {
        const x = itemsOf(v)[step.index];
        if (x !== undefined) next.push(x);
      } else {
        const { path, value } = step.filter;
        for (const item of itemsOf(v)) {
          const got = path.reduce<unknown>((o, k) => fieldOf(o, k), item);
          if (got !== undefined && String(got) === value) next.push(item);
        }
      }
    }
    found = next;
  }
  return found;
}

function cell(col: PrinterColumn, steps: Step[] | undefined, obj: KubeObject, now: Date): unknown {
  const value = steps ? findValues(obj, steps)[0] : undefined;
  if (value === undefined || value === null) return null;
  switch (col.type) {
    case 'date':
      return typeof value === 'string' ? since(value, now) : null;
    case 'integer':
      return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

/** The printer of one version of a custom resource from its additionalPrinterColumns. */
export function customColumnsPrinter(columns: PrinterColumn[]): Printer {
  const cols = columns.length ? columns : [AGE];
  const paths = cols.map((c) => parseJsonPath(c.jsonPath));
  const definitions: TableColumnDefinition[] = [
    column('Name', 'string', NAME_DESCRIPTION, 0, 'name'),
    ...cols.map((c) => column(c.name, c.type as TableColumnDefinition['type'], c.description ?? '', c.priority ?? 0, c.format ?? '')),
  ];
  return {
    columns: definitions,
    cells: (obj, now) => [obj.metadata.name, ...cols.map((c, i) => cell(c, paths[i], obj, now))],
  };
}
