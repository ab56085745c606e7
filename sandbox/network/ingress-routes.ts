// Ingress (networking.k8s.io/v1) rules flattened into the ordered route table the agent walks: host groups from
// most to least specific (exact host, then wildcard `*.suffix`, then rules without a host), and within a host the
// paths by precedence (longest first; Exact before Prefix on a tie) — the spec's matching rules. When two Ingresses
// claim the same host + path, the older one wins, as ingress-nginx does. Pure.
import type { Ingress, IngressBackend } from '../api/objects';

export const INGRESS_CLASS = 'kubelab';
export const INGRESS_CONTROLLER = 'kubelab.dev/ingress-controller';

export interface IngressRoute {
  /** Exact host, `*.suffix`, or `*` for rules without a host. */
  host: string;
  exact: boolean;
  path: string;
  endpoints: string[];
}

/** Ready ip:port targets of a Service port (by number or name) in a namespace; [] when it has none. */
export type BackendResolver = (namespace: string, service: string, port: number | string) => string[];

/** Ours: class `kubelab`, or no class at all (we are the cluster's only, and default, ingress controller). */
export function isOurIngress(ing: Ingress): boolean {
  const cls = ing.spec?.ingressClassName ?? ing.metadata.annotations?.['kubernetes.io/ingress.class'];
  return cls === undefined || cls === '' || cls === INGRESS_CLASS;
}

function hostRank(host: string): [number, number] {
  if (host === '*') return [2, 0];
  if (host.startsWith('*.')) return [1, -host.length];
  return [0, 0];
}

function backendOf(ns: string, backend: IngressBackend | undefined, resolve: BackendResolver): string[] {
  const svc = backend?.service;
  if (!svc?.name) return [];
  const port = svc.port?.number ?? svc.port?.name;
  return port === undefined ? [] : resolve(ns, svc.name, port);
}

function normalisePath(path: string | undefined, exact: boolean): string {
  const p = path && path.startsWith('/') ? path : `/${path ?? ''}`;
  return !exact && p.length > 1 ? p.replace(/\/+$/, '') || '/' : p;
}

export function ingressRoutes(ingresses: readonly Ingress[], resolve: BackendResolver): { routes: IngressRoute[]; defaultBackend?: string[] } {
  const ours = ingresses
    .filter((i) => isOurIngress(i) && !i.metadata.deletionTimestamp)
    .sort((a, b) => String(a.metadata.creationTimestamp ?? '').localeCompare(String(b.metadata.creationTimestamp ?? '')) || String(a.metadata.name).localeCompare(String(b.metadata.name)));
  const routes: IngressRoute[] = [];
  const claimed = new Set<string>();
  let defaultBackend: string[] | undefined;
  for (const ing of ours) {
    const ns = ing.metadata.namespace ?? 'default';
    if (ing.spec?.defaultBackend && !defaultBackend) defaultBackend = backendOf(ns, ing.spec.defaultBackend, resolve);
    for (const rule of ing.spec?.rules ?? []) {
      const host = rule.host ? String(rule.host).toLowerCase() : '*';
      for (const p of rule.http?.paths ?? []) {
        const exact = p.pathType === 'Exact';
        const path = normalisePath(p.path, exact);
        if (/\s/.test(path) || /\s/.test(host)) continue; // validation refuses these; the agent's format cannot carry them
        const key = `${host} ${exact ? 'exact' : 'prefix'} ${path}`;
        if (claimed.has(key)) continue;
        claimed.add(key);
        routes.push({ host, exact, path, endpoints: backendOf(ns, p.backend, resolve) });
      }
    }
  }
  routes.sort((a, b) => {
    const [ra, sa] = hostRank(a.host);
    const [rb, sb] = hostRank(b.host);
    return ra - rb || sa - sb || a.host.localeCompare(b.host) || b.path.length - a.path.length || Number(b.exact) - Number(a.exact) || a.path.localeCompare(b.path);
  });
  return { routes, ...(defaultBackend ? { defaultBackend } : {}) };
}
