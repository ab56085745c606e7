// JSONPath as kubectl's `-o jsonpath` reads it, so instructors write field checks in the syntax learners already
// type: `{.spec.containers[0].image}`, `[*]`, `..`, slices, `['key']`, escaped dots in label keys
// (`.metadata.labels.app\.kubernetes\.io/name`) and filters `[?(@.name=="echo")]`. Pure: compile once, evaluate
// against any object; a missing field yields no values (kubectl prints nothing for it).

export class JsonPathError extends Error {
  constructor(readonly path: string, message: string) {
    super(`invalid JSONPath ${JSON.stringify(path)}: ${message}`);
    this.name = 'JsonPathError';
  }
}

type Operand = { kind: 'path'; root: '@' | '$'; segments: Segment[] } | { kind: 'literal'; value: unknown };
type Comparison = '==' | '!=' | '<' | '<=' | '>' | '>=';
type Filter = { left: Operand; op?: Comparison; right?: Operand };

type Segment =
  | { kind: 'field'; names: string[] }
  | { kind: 'recursive'; name?: string }
  | { kind: 'wildcard' }
  | { kind: 'index'; indices: number[] }
  | { kind: 'slice'; start?: number; end?: number; step?: number }
  | { kind: 'filter'; filter: Filter };

export interface JsonPath {
  readonly source: string;
  evaluate(root: unknown): unknown[];
}

const FIELD_CHAR = /[A-Za-z0-9_\-/$]/;

class Parser {
  private i = 0;
  constructor(private readonly text: string, private readonly source: string) {}

  fail(message: string): never {
    throw new JsonPathError(this.source, `${message} at position ${this.i + 1}`);
  }

  private peek(n = 0): string {
    return this.text[this.i + n] ?? '';
  }

  private skipSpaces(): void {
    while (this.peek() === ' ') this.i++;
  }

  done(): boolean {
    return this.i >= this.text.length;
  }

  /** Segments until the end (top level) or until `stop` matches (inside a filter). */
  segments(stop?: (c: string) => boolean): Segment[] {
    const out: Segment[] = [];
    while (!this.done() && !(stop && stop(this.peek()))) {
      const c = this.peek();
      if (c === '.') {
        if (this.peek(1) === '.') {
          this.i += 2;
          if (this.peek() === '*') {
            this.i++;
            out.push({ kind: 'recursive' });
          } else if (this.peek() === '[') {
            out.push({ kind: 'recursive' });
          } else {
            out.push({ kind: 'recursive', name: this.fieldName() });
          }
        } else {
          this.i++;
          if (this.done() || (stop && stop(this.peek()))) break; // `{.}` is the whole object
          if (this.peek() === '*') {
            this.i++;
            out.push({ kind: 'wildcard' });
          } else if (this.peek() !== '[') {
            out.push({ kind: 'field', names: [this.fieldName()] });
          }
        }
      } else if (c === '[') {
        out.push(this.bracket());
      } else if (out.length === 0 && FIELD_CHAR.test(c)) {
        out.push({ kind: 'field', names: [this.fieldName()] }); // `spec.replicas` without the leading dot
      } else {
        this.fail(`unexpected ${JSON.stringify(c)}`);
      }
    }
    return out;
  }

  private fieldName(): string {
    let name = '';
    while (!this.done()) {
      const c = this.peek();
      if (c === '\\' && this.peek(1) === '.') {
        name += '.';
        this.i += 2;
      } else if (FIELD_CHAR.test(c)) {
        name += c;
        this.i++;
      } else break;
    }
    if (!name) this.fail('expected a field name');
    return name;
  }

  private quoted(): string {
    const q = this.peek();
    this.i++;
    let s = '';
    while (!this.done() && this.peek() !== q) {
      if (this.peek() === '\\') this.i++;
      s += this.peek();
      this.i++;
    }
    if (this.done()) this.fail('unterminated string');
    this.i++;
    return s;
  }

  private integer(): number | undefined {
    const m = /^-?\d+/.exec(this.text.slice(this.i));
    if (!m) return undefined;
    this.i += m[0].length;
    return Number(m[0]);
  }

  private bracket(): Segment {
    this.i++; // [
    this.skipSpaces();
    let seg: Segment;
    if (this.peek() === '*') {
      this.i++;
      seg = { kind: 'wildcard' };
    } else if (this.peek() === '?') {
      this.i++;
      if (this.peek() !== '(') this.fail('expected "(" after "?"');
      this.i++;
      seg = { kind: 'filter', filter: this.filter() };
      this.skipSpaces();
      if (this.peek() !== ')') this.fail('expected ")" to close the filter');
      this.i++;
    } else if (this.peek() === "'" || this.peek() === '"') {
      const names = [this.quoted()];
      this.skipSpaces();
      while (this.peek() === ',') {
        this.i++;
        this.skipSpaces();
        if (this.peek() !== "'" && this.peek() !== '"') this.fail('expected a quoted name');
        names.push(this.quoted());
        this.skipSpaces();
      }
      seg = { kind: 'field', names };
    } else {
      const first = this.integer();
      this.skipSpaces();
      if (this.peek() === ':') {
        const parts: (number | undefined)[] = [first];
        while (this.peek() === ':') {
          this.i++;
          this.skipSpaces();
          parts.push(this.integer());
          this.skipSpaces();
        }
        if (parts.length > 3) this.fail('a slice has at most start:end:step');
        if (parts[2] === 0) this.fail('a slice step cannot be 0');
        seg = { kind: 'slice', start: parts[0], end: parts[1], step: parts[2] };
      } else {
        if (first === undefined) this.fail('expected an index, a quoted name, "*", a slice or a filter');
        const indices = [first];
        while (this.peek() === ',') {
          this.i++;
          this.skipSpaces();
          const n = this.integer();
          if (n === undefined) this.fail('expected an index');
          indices.push(n);
          this.skipSpaces();
        }
        seg = { kind: 'index', indices };
      }
    }
    this.skipSpaces();
    if (this.peek() !== ']') this.fail('expected "]"');
    this.i++;
    return seg;
  }

  private operand(): Operand {
    this.skipSpaces();
    const c = this.peek();
    if (c === '@' || c === '$') {
      this.i++;
      const segments = this.segments((ch) => ch === ' ' || ch === ')' || ch === '=' || ch === '!' || ch === '<' || ch === '>');
      return { kind: 'path', root: c, segments };
    }
    if (c === "'" || c === '"') return { kind: 'literal', value: this.quoted() };
    const m = /^(-?\d+(\.\d+)?|true|false|null)/.exec(this.text.slice(this.i));
    if (!m) this.fail('expected @.path, a quoted string, a number, true, false or null');
    this.i += m[0].length;
    return { kind: 'literal', value: JSON.parse(m[0]) };
  }

  private filter(): Filter {
    const left = this.operand();
    this.skipSpaces();
    const m = /^(==|!=|<=|>=|<|>)/.exec(this.text.slice(this.i));
    if (!m) return { left };
    this.i += m[0].length;
    return { left, op: m[0] as Comparison, right: this.operand() };
  }
}

/** Strips kubectl's `{…}` wrapper; text outside one expression is not a path. */
function unwrap(source: string): string {
  const s = source.trim();
  if (!s.startsWith('{')) return s;
  if (!s.endsWith('}') || s.indexOf('}') !== s.length - 1) {
    throw new JsonPathError(source, 'write exactly one expression, like {.spec.replicas}');
  }
  return s.slice(1, -1).trim();
}

export function compileJsonPath(source: string): JsonPath {
  const body = unwrap(source);
  if (/^range\b|^end$/.test(body)) throw new JsonPathError(source, 'range/end templates are not paths; use [*] instead');
  const parser = new Parser(body.startsWith('$') ? body.slice(1) : body, source);
  const segments = parser.segments();
  return { source, evaluate: (root) => walk([root], segments, root) };
}

/** Evaluates a path (compiled on each call; compile once with compileJsonPath where it matters). */
export function jsonPathValues(root: unknown, path: string): unknown[] {
  return compileJsonPath(path).evaluate(root);
}

function children(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (v && typeof v === 'object') return Object.values(v);
  return [];
}

function walk(values: unknown[], segments: Segment[], root: unknown): unknown[] {
  let current = values;
  for (const seg of segments) {
    const next: unknown[] = [];
    for (const v of current) step(v, seg, root, next);
    current = next;
  }
  return current;
}

function step(v: unknown, seg: Segment, root: unknown, out: unknown[]): void {
  switch (seg.kind) {
    case 'field':
      if (v && typeof v === 'object' && !Array.isArray(v)) {
        for (const n of seg.names) if (Object.prototype.hasOwnProperty.call(v, n)) out.push((v as Record<string, unknown>)[n]);
      }
      return;
    case 'wildcard':
      out.push(...children(v));
      return;
    case 'index':
      if (Array.isArray(v)) {
        for (const i of seg.indices) {
          const at = i < 0 ? v.length + i : i;
          if (at >= 0 && at < v.length) out.push(v[at]);
        }
      }
      return;
    case 'slice': {
      if (!Array.isArray(v)) return;
      const n = v.length;
      const stepBy = seg.step ?? 1;
      const clamp = (x: number) => Math.max(0, Math.min(n, x < 0 ? n + x : x));
      const start = clamp(seg.start ?? (stepBy > 0 ? 0 : n - 1));
      const end = seg.end === undefined ? (stepBy > 0 ? n : -1) : clamp(seg.end);
      if (stepBy > 0) for (let i = start; i < end; i += stepBy) out.push(v[i]);
      else for (let i = Math.min(start, n - 1); i > end; i += stepBy) out.push(v[i]);
      return;
    }
    case 'filter':
      for (const item of children(v)) if (matchesFilter(item, seg.filter, root)) out.push(item);
      return;
    case 'recursive':
      collect(v, seg.name, out);
      return;
  }
}

/** `..name`: every value named `name` at any depth; `..*` / `..[`: every node below. */
function collect(v: unknown, name: string | undefined, out: unknown[]): void {
  if (name === undefined) out.push(v);
  if (v && typeof v === 'object') {
    if (name !== undefined && !Array.isArray(v) && Object.prototype.hasOwnProperty.call(v, name)) out.push((v as any)[name]);
    for (const c of children(v)) collect(c, name, out);
  }
}

function operandValues(op: Operand, item: unknown, root: unknown): unknown[] {
  if (op.kind === 'literal') return [op.value];
  return walk([op.root === '@' ? item : root], op.segments, root);
}

function compare(a: unknown, op: Comparison, b: unknown): boolean {
  if (op === '==' || op === '!=') {
    // kubectl compares a number field with a quoted number as equal text; do the same.
    const eq = a === b || (a !== null && b !== null && typeof a !== 'object' && typeof b !== 'object' && String(a) === String(b));
    return op === '==' ? eq : !eq;
  }
  const x = typeof a === 'number' ? a : Number(a);
  const y = typeof b === 'number' ? b : Number(b);
  if (Number.isNaN(x) || Number.isNaN(y) || a === null || b === null || a === '' || b === '') {
    if (typeof a !== 'string' || typeof b !== 'string') return false;
    return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
  }
  return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
}

function matchesFilter(item: unknown, f: Filter, root: unknown): boolean {
  const left = operandValues(f.left, item, root);
  if (!f.op) return left.some((v) => v !== undefined && v !== null && v !== false);
  const right = operandValues(f.right!, item, root);
  return left.some((a) => right.some((b) => compare(a, f.op!, b)));
}

/** How kubectl prints one value: strings bare, everything else as JSON. */
export function formatJsonPathValue(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined) return '';
  return JSON.stringify(v);
}
