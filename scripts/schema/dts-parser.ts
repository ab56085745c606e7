// A reader for kubernetes-models' `.d.ts` files: a small tokenizer and recursive-descent parser for the one
// regular, machine-generated shape they have (an exported interface or alias, JSDoc, string-literal unions,
// Array<>, index signatures). TypeScript 7 ships no JS compiler API to do this; the parser throws on anything it
// does not understand rather than guess.

export interface Token { kind: 'doc' | 'str' | 'id' | 'punct'; text: string }

export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) i++;
    else if (src.startsWith('/**', i)) {
      const end = src.indexOf('*/', i);
      out.push({ kind: 'doc', text: src.slice(i + 3, end) });
      i = end + 2;
    } else if (src.startsWith('//', i)) i = src.indexOf('\n', i) < 0 ? src.length : src.indexOf('\n', i);
    else if (c === '"') {
      let j = i + 1;
      while (src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
      out.push({ kind: 'str', text: JSON.parse(src.slice(i, j + 1)) });
      i = j + 1;
    } else if (/[A-Za-z0-9_$]/.test(c)) {
      const m = /^[A-Za-z0-9_$]+/.exec(src.slice(i, i + 200))!;
      out.push({ kind: 'id', text: m[0] });
      i += m[0].length;
    } else {
      out.push({ kind: 'punct', text: c });
      i++;
    }
  }
  return out;
}

/** JSDoc body → description text, as the Go comment it came from (paragraphs separated by blank lines). */
function docText(raw: string): string {
  return raw
    .split('\n')
    .map((l) => l.replace(/^\s*\* ?/, ''))
    .join('\n')
    .trim()
    .replace(/\*\\\//g, '*/');
}

export type TypeExpr =
  | { k: 'id'; name: string }
  | { k: 'lit'; value: string }
  | { k: 'array'; of: TypeExpr }
  | { k: 'map'; of: TypeExpr }
  | { k: 'obj'; members: Member[] }
  | { k: 'union'; of: TypeExpr[] };
export interface Member { name: string; optional: boolean; doc?: string; type: TypeExpr }

export class Parser {
  private pos = 0;
  constructor(private readonly toks: Token[], private readonly file: string) {}
  private peek(o = 0): Token | undefined { return this.toks[this.pos + o]; }
  private next(): Token { return this.toks[this.pos++]; }
  private expect(text: string): void {
    const t = this.next();
    if (t?.text !== text) throw new Error(`${this.file}: expected ${text}, got ${t?.text}`);
  }
  /** Moves to the first `export interface|type I<Name>`; returns the preceding JSDoc and the declaration kind. */
  seekDeclaration(): { doc?: string; kind: 'interface' | 'type'; extendsTypeMeta: boolean } {
    for (; this.pos < this.toks.length; this.pos++) {
      const [a, b, c] = [this.peek(), this.peek(1), this.peek(2)];
      if (a?.text === 'export' && (b?.text === 'interface' || b?.text === 'type') && c?.kind === 'id' && this.peek(3)?.text !== ',') {
        const prev = this.toks[this.pos - 1];
        this.pos += 3;
        let extendsTypeMeta = false;
        if (this.peek()?.text === 'extends') {
          this.pos++;
          extendsTypeMeta = this.next().text === 'TypeMeta';
        }
        return { doc: prev?.kind === 'doc' ? docText(prev.text) : undefined, kind: b.text as 'interface' | 'type', extendsTypeMeta };
      }
    }
    throw new Error(`${this.file}: no exported declaration`);
  }
  members(): Member[] {
    this.expect('{');
    const out: Member[] = [];
    while (this.peek()?.text !== '}') {
      let doc: string | undefined;
      if (this.peek()?.kind === 'doc') doc = docText(this.next().text);
      const name = this.next();
      if (name.kind !== 'str') throw new Error(`${this.file}: unexpected member ${name.text}`);
      let optional = false;
      if (this.peek()?.text === '?') { this.pos++; optional = true; }
      this.expect(':');
      out.push({ name: name.text, optional, doc, type: this.type() });
      this.expect(';');
    }
    this.expect('}');
    return out;
  }
  type(): TypeExpr {
    const parts = [this.primary()];
    while (this.peek()?.text === '|') { this.pos++; parts.push(this.primary()); }
    return parts.length === 1 ? parts[0] : { k: 'union', of: parts };
  }
  private primary(): TypeExpr {
    const t = this.peek()!;
    if (t.kind === 'str') { this.pos++; return { k: 'lit', value: t.text }; }
    if (t.text === 'Array') { this.pos++; this.expect('<'); const of = this.type(); this.expect('>'); return { k: 'array', of }; }
    if (t.text === '{') {
      if (this.peek(1)?.text === '[') { // { [key: string]: T; }
        this.pos += 2; this.expect('key'); this.expect(':'); this.expect('string'); this.expect(']'); this.expect(':');
        const of = this.type(); this.expect(';'); this.expect('}');
        return { k: 'map', of };
      }
      return { k: 'obj', members: this.members() };
    }
    if (t.kind === 'id') { this.pos++; return { k: 'id', name: t.text }; }
    throw new Error(`${this.file}: unexpected type token ${t.text}`);
  }
}
