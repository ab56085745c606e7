// Sets of field paths, the unit of ownership in server-side apply (structured-merge-diff's fieldpath.Set), and their
// two printed forms: the FieldsV1 trie stored in metadata.managedFields (`f:spec: {f:replicas: {}}`,
// `k:{"name":"nginx"}` for an element of a list keyed by name, `v:"x"` for an element of a set list, `.: {}` when a
// node with children is itself a member) and the path text conflict messages show (`.spec.replicas`,
// `.spec.template.spec.containers[name="nginx"].image`).

/** One step of a path, exactly as FieldsV1 spells it: `f:<field>`, `k:<json keys>`, `v:<json value>` or `i:<index>`. */
export type PathElement = string;

const SEP = '\u0000';

/** A set of paths; each path is its elements joined (a path of no elements is never a member). */
export class FieldSet {
  private readonly members = new Set<string>();

  static of(paths: Iterable<readonly PathElement[]>): FieldSet {
    const s = new FieldSet();
    for (const p of paths) s.insert(p);
    return s;
  }

  insert(path: readonly PathElement[]): void {
    if (path.length) this.members.add(path.join(SEP));
  }

  has(path: readonly PathElement[]): boolean {
    return this.members.has(path.join(SEP));
  }

  get size(): number {
    return this.members.size;
  }

  empty(): boolean {
    return this.members.size === 0;
  }

  paths(): PathElement[][] {
    return [...this.members].map((m) => m.split(SEP));
  }

  union(other: FieldSet): FieldSet {
    const s = this.copy();
    for (const m of other.members) s.members.add(m);
    return s;
  }

  difference(other: FieldSet): FieldSet {
    const s = new FieldSet();
    for (const m of this.members) if (!other.members.has(m)) s.members.add(m);
    return s;
  }

  intersection(other: FieldSet): FieldSet {
    const s = new FieldSet();
    for (const m of this.members) if (other.members.has(m)) s.members.add(m);
    return s;
  }

  /** True when `path` or a path below it is a member. */
  ownsAtOrBelow(path: readonly PathElement[]): boolean {
    const key = path.join(SEP);
    for (const m of this.members) if (m === key || m.startsWith(key + SEP)) return true;
    return false;
  }

  equals(other: FieldSet): boolean {
    return this.size === other.size && this.difference(other).empty();
  }

  copy(): FieldSet {
    const s = new FieldSet();
    for (const m of this.members) s.members.add(m);
    return s;
  }
}

type Trie = { [element: string]: Trie };

/** Element kinds sort as structured-merge-diff orders them: fields, then keys, then values, then indexes. */
const KIND_ORDER: Record<string, number> = { f: 0, k: 1, v: 2, i: 3 };

function compareElements(a: string, b: string): number {
  const ka = KIND_ORDER[a[0]] ?? 9;
  const kb = KIND_ORDER[b[0]] ?? 9;
  if (ka !== kb) return ka - kb;
  if (a[0] === 'i') return Number(a.slice(2)) - Number(b.slice(2));
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The FieldsV1 object for a set (what managedFields[].fieldsV1 holds). */
export function toFieldsV1(set: FieldSet): Trie {
  const root: Trie = {};
  const memberNodes: Trie[] = [];
  for (const path of set.paths()) {
    let node = root;
    for (const el of path) node = node[el] ??= {};
    memberNodes.push(node);
  }
  for (const node of memberNodes) if (Object.keys(node).length) node['.'] = {};
  return sortTrie(root);
}

function sortTrie(node: Trie): Trie {
  const keys = Object.keys(node).sort((a, b) => (a === '.' ? -1 : b === '.' ? 1 : compareElements(a, b)));
  return Object.fromEntries(keys.map((k) => [k, sortTrie(node[k])]));
}

/** Reads a FieldsV1 object; undefined when it is not one (a client wrote something else into managedFields). */
export function fromFieldsV1(value: unknown): FieldSet | undefined {
  if (!isTrie(value)) return undefined;
  const set = new FieldSet();
  const walk = (node: Trie, path: string[]): boolean => {
    const children = Object.keys(node).filter((k) => k !== '.');
    if (path.length && (Object.hasOwn(node, '.') || !children.length)) set.insert(path);
    for (const k of children) {
      if (!validElement(k) || !isTrie(node[k])) return false;
      if (!walk(node[k], [...path, k])) return false;
    }
    return true;
  };
  return walk(value, []) ? set : undefined;
}

/** `f:` any name, `k:` a JSON object, `v:` a JSON value, `i:` an index: what a client may write into managedFields. */
function validElement(el: string): boolean {
  const body = el.slice(2);
  switch (el.slice(0, 2)) {
    case 'f:':
      return true;
    case 'i:':
      return /^\d+$/.test(body);
    case 'k:':
    case 'v:':
      try {
        const parsed: unknown = JSON.parse(body);
        return el[0] === 'v' || isTrie(parsed);
      } catch {
        return false;
      }
    default:
      return false;
  }
}

function isTrie(v: unknown): v is Trie {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** fieldpath.Path's String(): `.spec.replicas`, `[name="nginx"]`, `[="a"]`, `[0]`. */
export function pathString(path: readonly PathElement[]): string {
  return path
    .map((el) => {
      const body = el.slice(2);
      switch (el[0]) {
        case 'f':
          return `.${body}`;
        case 'k': {
          const keys = JSON.parse(body) as Record<string, unknown>;
          return `[${Object.keys(keys).map((k) => `${k}=${JSON.stringify(keys[k])}`).join(',')}]`;
        }
        case 'v':
          return `[=${body}]`;
        default:
          return `[${body}]`;
      }
    })
    .join('');
}
