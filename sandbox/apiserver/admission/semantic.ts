// Equality and diffs as kube-apiserver's immutability checks see them. apiequality.Semantic.DeepEqual treats a
// missing list or map like an empty one, so `resources: {}` equals no resources at all; and the "may not change"
// messages end with a go-cmp diff of the internal struct, rendered here in the same spirit (changed fields
// marked -/+, unchanged runs folded into `... // N identical fields`).

const isEmpty = (v: unknown): boolean =>
  v === undefined || v === null || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0);

export function semanticEqual(a: unknown, b: unknown): boolean {
  if (isEmpty(a) && isEmpty(b)) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => semanticEqual(x, b[i]));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ao = a as Record<string, unknown>;
    const bo = b as Record<string, unknown>;
    const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
    for (const k of keys) if (!semanticEqual(ao[k], bo[k])) return false;
    return true;
  }
  return a === b;
}

const ACRONYMS: Record<string, string> = {
  dnsPolicy: 'DNSPolicy', dnsConfig: 'DNSConfig', hostPID: 'HostPID', hostIPC: 'HostIPC', hostIP: 'HostIP', podIP: 'PodIP',
  tty: 'TTY', uid: 'UID', httpGet: 'HTTPGet', tcpSocket: 'TCPSocket', grpc: 'GRPC',
};
const goField = (k: string): string => ACRONYMS[k] ?? k.charAt(0).toUpperCase() + k.slice(1);

const LIST_TYPES: Record<string, string> = {
  containers: '[]core.Container', initContainers: '[]core.Container', ephemeralContainers: '[]core.EphemeralContainer',
  ports: '[]core.ContainerPort', env: '[]core.EnvVar', volumes: '[]core.Volume', volumeMounts: '[]core.VolumeMount',
  tolerations: '[]core.Toleration', accessModes: '[]core.PersistentVolumeAccessMode', args: '[]string', command: '[]string',
};

function literal(v: unknown): string {
  if (v === undefined || v === null) return 'nil';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `{${v.map(literal).join(', ')}}`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o).map((k) => `${goField(k)}: ${literal(o[k])}`).join(', ')}}`;
}

type Line = [prefix: '  ' | '- ' | '+ ', depth: number, text: string];

function diffFields(a: Record<string, unknown>, b: Record<string, unknown>, depth: number, out: Line[]): void {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  let same = 0;
  const flush = () => {
    if (same) out.push(['  ', depth, `... // ${same} identical field${same === 1 ? '' : 's'}`]);
    same = 0;
  };
  for (const k of keys) {
    if (semanticEqual(a[k], b[k])) {
      same++;
      continue;
    }
    flush();
    diffValue(goField(k), LIST_TYPES[k] ?? '', a[k], b[k], depth, out);
  }
  flush();
}

function diffValue(label: string, typeName: string, a: unknown, b: unknown, depth: number, out: Line[]): void {
  const head = label ? `${label}: ` : '';
  const bothObjects = a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b);
  const sameLengthLists = Array.isArray(a) && Array.isArray(b) && a.length === b.length;
  if (bothObjects) {
    out.push(['  ', depth, `${head}{`]);
    diffFields(a as Record<string, unknown>, b as Record<string, unknown>, depth + 1, out);
    out.push(['  ', depth, '},']);
  } else if (sameLengthLists) {
    out.push(['  ', depth, `${head}${typeName}{`]);
    let same = 0;
    (a as unknown[]).forEach((x, i) => {
      const y = (b as unknown[])[i];
      if (semanticEqual(x, y)) {
        same++;
        return;
      }
      if (same) out.push(['  ', depth + 1, `... // ${same} identical element${same === 1 ? '' : 's'}`]);
      same = 0;
      diffValue('', '', x, y, depth + 1, out);
    });
    if (same) out.push(['  ', depth + 1, `... // ${same} identical element${same === 1 ? '' : 's'}`]);
    out.push(['  ', depth, '},']);
  } else {
    out.push(['- ', depth, `${head}${isEmpty(a) ? 'nil' : literal(a)},`]);
    out.push(['+ ', depth, `${head}${isEmpty(b) ? 'nil' : literal(b)},`]);
  }
}

/** A go-cmp-style diff of two versions of a struct, e.g. `specDiff('core.PodSpec', old.spec, new.spec)`. */
export function specDiff(typeName: string, before: unknown, after: unknown): string {
  const out: Line[] = [['  ', 0, `${typeName}{`]];
  diffFields((before ?? {}) as Record<string, unknown>, (after ?? {}) as Record<string, unknown>, 1, out);
  out.push(['  ', 0, '}']);
  return out.map(([prefix, depth, text]) => `${prefix}${'\t'.repeat(depth)}${text}`).join('\n') + '\n';
}
