// `kubectl describe` of one object of a learner's cluster, for the map's side panel: the real kubectl on the server
// (as kubelab:grader, so the describe is never taken for the learner's own request by a "did" check), or — where the
// server has no kubectl — the object as YAML with its events, read in-process. Only the kinds the map draws; names
// go to kubectl as arguments, never through a shell.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { findKind } from '../../sandbox/apiserver/kinds/registry';
import type { ObjectApi } from '../../sandbox/apiserver/object-api';
import type { MapKind } from '../../web/protocol';

export const DESCRIBABLE: readonly MapKind[] = ['Node', 'Pod', 'Deployment', 'ReplicaSet', 'Service', 'Endpoints', 'Ingress'];

const NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

export interface DescribeTarget {
  kind: MapKind;
  namespace?: string;
  name: string;
}

/** The target when its kind is one the map draws and its names are Kubernetes names (never an option to kubectl). */
export function describeTarget(kind: unknown, namespace: unknown, name: unknown): DescribeTarget | undefined {
  if (typeof kind !== 'string' || !DESCRIBABLE.includes(kind as MapKind)) return undefined;
  if (typeof name !== 'string' || !NAME.test(name)) return undefined;
  const res = findKind(kind)!;
  if (!res.namespaced) return { kind: kind as MapKind, name };
  if (typeof namespace !== 'string' || !NAME.test(namespace)) return undefined;
  return { kind: kind as MapKind, namespace, name };
}

export interface DescribeDeps {
  /** The real kubectl, or undefined (then the in-process fallback). */
  kubectl?: string;
  /** A kubeconfig that acts as the grader on the learner's cluster. */
  kubeconfig(userId: string): string;
  api(userId: string): ObjectApi;
}

export async function describeObject(deps: DescribeDeps, userId: string, t: DescribeTarget): Promise<string> {
  const res = findKind(t.kind)!;
  if (!deps.kubectl) return fallback(deps.api(userId), t);
  const cacheDir = path.join(os.tmpdir(), 'kubelab-describe-cache', userId);
  const args = ['describe', res.group ? `${res.plural}.${res.group}` : res.plural, t.name, '--kubeconfig', deps.kubeconfig(userId), '--cache-dir', cacheDir, ...(t.namespace ? ['-n', t.namespace] : [])];
  return new Promise((resolve) => {
    execFile(deps.kubectl!, args, { timeout: 15_000, maxBuffer: 1024 * 1024, env: { PATH: process.env.PATH ?? '', HOME: cacheDir } }, (err, stdout, stderr) => {
      resolve(err && !stdout ? String(stderr || err.message).trim() : String(stdout));
    });
  });
}

/** The object as YAML (managed fields left out) and its events, when the server has no kubectl. */
function fallback(api: ObjectApi, t: DescribeTarget): string {
  const res = findKind(t.kind)!;
  let text: string;
  try {
    const o = structuredClone(api.get(res, t.namespace, t.name));
    delete o.metadata.managedFields;
    text = YAML.stringify(o);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  const events = findKind('Event');
  if (!events) return text;
  const list = api.list(events, t.namespace).items.filter((e: any) => e.involvedObject?.kind === t.kind && e.involvedObject?.name === t.name);
  const lines = list.map((e: any) => `  ${e.type ?? ''}\t${e.reason ?? ''}\t${e.message ?? ''}`);
  return `${text}\nEvents:\n${lines.length ? lines.join('\n') : '  <none>'}\n`;
}

/** The real kubectl on PATH (the newest of the machine's), if any. */
export function findKubectl(envPath = process.env.PATH ?? ''): string | undefined {
  for (const dir of envPath.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, 'kubectl');
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  return undefined;
}
