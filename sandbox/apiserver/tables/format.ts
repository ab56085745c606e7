// Shared pieces of the server-side printers: apimachinery's duration.HumanDuration (every AGE column), the column
// definitions most kinds share, and the small formatting helpers of kubernetes pkg/printers/internalversion, so
// `kubectl get` against kubelab prints the very text a real cluster prints.
import type { KubeObject, TableColumnDefinition } from '../../api/types';

/** One kind's printer: its columns (priority 1 = only with -o wide) and the cells of one object's row. */
export interface Printer {
  columns: TableColumnDefinition[];
  cells(obj: KubeObject, now: Date): unknown[];
}

export function column(name: string, type: TableColumnDefinition['type'], description: string, priority = 0, format = ''): TableColumnDefinition {
  return { name, type, format, description, priority };
}

export const NAME_DESCRIPTION =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';

export const AGE_DESCRIPTION =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

export const nameColumn = (priority = 0) => column('Name', 'string', NAME_DESCRIPTION, priority, 'name');
export const ageColumn = () => column('Age', 'string', AGE_DESCRIPTION);
export const containersColumn = () => column('Containers', 'string', 'Names of each container in the template.', 1);
export const imagesColumn = () => column('Images', 'string', 'Images referenced by each container in the template.', 1);
export const selectorColumn = (description: string) => column('Selector', 'string', description, 1);

/**
 * duration.HumanDuration: "5s" under two minutes, "3m20s" under ten, then "10m", "5h3m", "2d3h", "400d", "3y20d".
 * A clock up to a second ahead reads as "0s"; further ahead is "<invalid>".
 */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.trunc(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  const days = Math.trunc(hours / 24);
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${days}d` : `${days}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.trunc(days / 365);
  if (hours < 24 * 365 * 8) {
    const dy = days % 365;
    return dy === 0 ? `${years}y` : `${years}y${dy}d`;
  }
  return `${years}y`;
}

/** A metav1.Time from the wire, or undefined when absent, empty or unparseable (Go's zero time). */
export function parseTime(ts: unknown): Date | undefined {
  if (typeof ts !== 'string' || !ts) return undefined;
  const d = new Date(ts);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** translateTimestampSince: the age of a timestamp, `<unknown>` when it is missing. */
export function since(ts: unknown, now: Date): string {
  const d = parseTime(ts);
  return d ? humanDuration(now.getTime() - d.getTime()) : '<unknown>';
}

export function age(obj: KubeObject, now: Date): string {
  return since(obj.metadata?.creationTimestamp, now);
}

/** labels.FormatLabels: `a=1,b=2` with keys sorted, `<none>` when empty. */
export function formatLabels(labels: Record<string, string> | undefined | null): string {
  const keys = Object.keys(labels ?? {}).sort();
  return keys.length ? keys.map((k) => `${k}=${labels![k]}`).join(',') : '<none>';
}

/** layoutContainerCells: all container names and all images, each comma-joined. */
export function containerCells(containers: unknown): [string, string] {
  const list = Array.isArray(containers) ? containers : [];
  return [list.map((c) => String(c?.name ?? '')).join(','), list.map((c) => String(c?.image ?? '')).join(',')];
}

/** The first `max` entries joined by commas, then ` + N more...`; `<unset>` when there is nothing (listWithMoreString). */
export function listWithMore(items: string[], max = 3): string {
  if (items.length > max) return `${items.slice(0, max).join(',')} + ${items.length - max} more...`;
  return items.length ? items.join(',') : '<unset>';
}

/** net.JoinHostPort: IPv6 addresses get brackets. */
export function joinHostPort(host: string, port: unknown): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

export const int = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : 0);
export const text = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
