// Manifest blocks in lessons: which YAML code blocks are Kubernetes objects a learner saves and applies, and under
// what file name — the one the lesson's text names just before the block ("save it as `simple-pod.yaml`"), the one
// the fence names (```yaml file=pod.yaml), or else <kind>-<name>.yaml from the object itself. The name is always a
// plain file name in the learner's home, never a path.
import YAML from 'yaml';

export interface ManifestBlock {
  /** A plain file name (letters, digits, dot, dash, underscore), e.g. `simple-pod.yaml`. */
  file: string;
  /** The block's text, ending with a newline. */
  content: string;
}

const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,80}\.ya?ml$/;

export function isManifestFileName(name: string): boolean {
  return FILE_NAME.test(name) && !name.includes('..');
}

/** The first Kubernetes object in YAML text (kind and metadata.name), or undefined. */
function objectOf(content: string): { kind: string; name?: string } | undefined {
  try {
    const docs = YAML.parseAllDocuments(content);
    for (const d of docs) {
      const o = d.toJS() as { kind?: unknown; apiVersion?: unknown; metadata?: { name?: unknown } } | null;
      if (o && typeof o.kind === 'string' && typeof o.apiVersion === 'string') return { kind: o.kind, name: typeof o.metadata?.name === 'string' ? o.metadata.name : undefined };
    }
  } catch {
    // not YAML
  }
  return undefined;
}

/**
 * The manifest of a fenced block, or undefined when it is not one. `info` is the fence's info string, `named` the
 * file names the text just before it mentions (the last one wins).
 */
export function manifestBlock(info: string, content: string, named: string[]): ManifestBlock | undefined {
  const [lang, ...attrs] = info.trim().split(/\s+/);
  if (lang !== 'yaml' && lang !== 'yml') return undefined;
  const object = objectOf(content);
  if (!object) return undefined;
  const fromFence = attrs.map((a) => /^(?:file|title)=["']?([^"']+)["']?$/.exec(a)?.[1]).find((f) => f && isManifestFileName(f));
  const fromText = [...named].reverse().find(isManifestFileName);
  const derived = `${object.kind}-${object.name ?? 'manifest'}`.toLowerCase().replace(/[^a-z0-9.-]+/g, '-') + '.yaml';
  const file = fromFence ?? fromText ?? (isManifestFileName(derived) ? derived : 'manifest.yaml');
  return { file, content: content.replace(/\n*$/, '\n') };
}
