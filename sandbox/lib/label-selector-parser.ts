// The `?labelSelector=` grammar as kube-apiserver parses it: apimachinery's labels.Parse (its lexer and
// recursive-descent parser), with its exact error wording, since kubectl prints it after "Unable to find …".
// Errors are thrown as 400 BadRequest StatusErrors. Pure.
import { badRequest } from '../api/errors';
import { goQuote } from './go-quote';
import { requirementError, selectorOf, type LabelSelector, type Operator, type Requirement } from './label-requirement';
import { isQualifiedName } from './names';
import { firstValue } from './selector-query';

const BINARY_OPERATORS = 'in, notin, =, ==, !=, gt, lt';

type Tok = 'id' | 'eos' | '(' | ')' | ',' | '!' | '=' | '==' | '!=' | '>' | '<' | 'in' | 'notin';
interface Item { tok: Tok; lit: string }

const SYMBOLS = new Set(['(', ')', ',', '!', '=', '==', '!=', '>', '<']);
const isSpecial = (ch: string) => '=!(),><'.includes(ch);
const isSpace = (ch: string) => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';

function lex(s: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  for (;;) {
    while (pos < s.length && isSpace(s[pos])) pos++;
    if (pos >= s.length) {
      items.push({ tok: 'eos', lit: '' });
      return items;
    }
    if (isSpecial(s[pos])) {
      // Longest run of symbol characters that still forms a known operator ("!=", "==", "!").
      let buffer = '';
      let last: string | undefined;
      while (pos < s.length && isSpecial(s[pos])) {
        buffer += s[pos];
        if (SYMBOLS.has(buffer)) last = buffer;
        else if (last) break;
        pos++;
      }
      items.push({ tok: last as Tok, lit: last! });
      continue;
    }
    const start = pos;
    while (pos < s.length && !isSpecial(s[pos]) && !isSpace(s[pos])) pos++;
    const lit = s.slice(start, pos);
    items.push({ tok: lit === 'in' || lit === 'notin' ? lit : 'id', lit });
  }
}

class Parser {
  private pos = 0;
  constructor(private readonly items: Item[]) {}

  /** In value position the keywords `in`/`notin` are plain identifiers ("x in (in)"). */
  private peek(values = true): Item {
    const it = this.items[this.pos];
    return values && (it.tok === 'in' || it.tok === 'notin') ? { tok: 'id', lit: it.lit } : it;
  }
  private next(values = true): Item {
    const it = this.peek(values);
    this.pos++;
    return it;
  }

  parse(): Requirement[] {
    const reqs: Requirement[] = [];
    for (;;) {
      const { tok, lit } = this.peek();
      if (tok === 'eos') return reqs;
      if (tok !== 'id' && tok !== '!') throw new Error(`found '${lit}', expected: !, identifier, or 'end of string'`);
      try {
        reqs.push(this.requirement());
      } catch (e) {
        throw new Error(`unable to parse requirement: ${(e as Error).message}`, { cause: e });
      }
      const after = this.next();
      if (after.tok === 'eos') return reqs;
      if (after.tok !== ',') throw new Error(`found '${after.lit}', expected: ',' or 'end of string'`);
      const following = this.peek();
      if (following.tok !== 'id' && following.tok !== '!') throw new Error(`found '${following.lit}', expected: identifier after ','`);
    }
  }

  private requirement(): Requirement {
    let op: Operator | undefined;
    let it = this.next();
    if (it.tok === '!') {
      op = '!';
      it = this.next();
    }
    if (it.tok !== 'id') throw new Error(`found '${it.lit}', expected: identifier`);
    const key = it.lit;
    const keyErrs = isQualifiedName(key);
    if (keyErrs.length) throw new Error(`<nil>: Invalid value: ${goQuote(key)}: ${keyErrs.join('; ')}`);
    const ahead = this.peek().tok;
    if (op !== '!' && (ahead === 'eos' || ahead === ',')) op = 'exists';
    if (op === undefined) {
      const o = this.next(false);
      const ops: Partial<Record<Tok, Operator>> = { in: 'in', notin: 'notin', '=': '=', '==': '==', '!=': '!=', '>': 'gt', '<': 'lt' };
      op = ops[o.tok];
      if (!op) throw new Error(`found '${o.lit}', expected: ${BINARY_OPERATORS}`);
    }
    let values: Set<string> = new Set();
    if (op === 'in' || op === 'notin') values = this.valueSet();
    else if (op !== 'exists' && op !== '!') values = this.exactValue();
    const req: Requirement = { key, op, values: [...values].sort() };
    const err = requirementError(req);
    if (err) throw new Error(err);
    return req;
  }

  private valueSet(): Set<string> {
    const open = this.next();
    if (open.tok !== '(') throw new Error(`found '${open.lit}' expected: '('`);
    const first = this.peek();
    if (first.tok === ')') {
      this.next();
      return new Set(['']);
    }
    if (first.tok !== 'id' && first.tok !== ',') throw new Error(`found '${first.lit}', expected: ',', ')' or identifier`);
    const set = this.identifiers();
    // kube-apiserver names the token seen before the list here, not the offending one; kept for fidelity.
    if (this.next().tok !== ')') throw new Error(`found '${first.lit}', expected: ')'`);
    return set;
  }

  private identifiers(): Set<string> {
    const set = new Set<string>();
    for (;;) {
      const it = this.next();
      if (it.tok === 'id') {
        set.add(it.lit);
        const ahead = this.peek();
        if (ahead.tok === ',') continue;
        if (ahead.tok === ')') return set;
        throw new Error(`found '${ahead.lit}', expected: ',' or ')'`);
      }
      if (it.tok !== ',') throw new Error(`found '${it.lit}', expected: ',', or identifier`);
      if (!set.size) set.add(''); // "(,a)" has an empty value first
      const ahead = this.peek().tok;
      if (ahead === ')') {
        set.add('');
        return set;
      }
      if (ahead === ',') set.add('');
    }
  }

  private exactValue(): Set<string> {
    const ahead = this.peek().tok;
    if (ahead === 'eos' || ahead === ',') return new Set(['']);
    const it = this.next();
    if (it.tok === 'id') return new Set([it.lit]);
    throw new Error(`found '${it.lit}', expected: identifier`);
  }
}

/** Parses `app=echo,tier!=db,env in (a,b),x notin (c),has,!missing` (also `==`, `>`, `<`). */
export function parseLabelSelector(text: string | undefined): LabelSelector {
  const s = firstValue(text);
  try {
    return selectorOf(new Parser(lex(s)).parse());
  } catch (e) {
    throw badRequest((e as Error).message);
  }
}
