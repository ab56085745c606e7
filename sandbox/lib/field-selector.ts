// The `?fieldSelector=` grammar as kube-apiserver parses it (apimachinery's fields.ParseSelector: terms split on
// unescaped commas, `=`, `==` and `!=`, backslash escapes), checked against the fields the kind supports
// (selectable-fields.ts). Errors are thrown as 400 BadRequest StatusErrors. Pure.
import { badRequest } from '../api/errors';
import type { KubeObject } from '../api/types';
import { fieldRulesFor } from './selectable-fields';
import { firstValue } from './selector-query';

export interface FieldSelector {
  readonly empty: boolean;
  matches(obj: KubeObject): boolean;
  /** The value a `field=value` term pins, for callers that can look an object up directly (metadata.name). */
  requiresExactMatch(field: string): string | undefined;
}

/** fields.splitTerms: commas split terms unless backslash-escaped. */
function splitTerms(s: string): string[] {
  if (!s) return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < s.length; i++) {
    if (inSlash) inSlash = false;
    else if (s[i] === '\\') inSlash = true;
    else if (s[i] === ',') {
      terms.push(s.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(s.slice(start));
  return terms;
}

function unescapeValue(s: string): string {
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c !== '\\' && c !== ',' && c !== '=') throw new Error(`invalid field selector: invalid escape sequence: \\${c}`);
      out += c;
      inSlash = false;
    } else if (c === '\\') inSlash = true;
    else if (c === ',' || c === '=') throw new Error(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`);
    else out += c;
  }
  if (inSlash) throw new Error('invalid field selector: invalid escape sequence: \\');
  return out;
}

interface Term { field: string; value: string; negate: boolean }

/** `metadata.name=x,metadata.namespace!=y,spec.nodeName==n`, checked against the fields `kind` supports. */
export function parseFieldSelector(text: string | undefined, kind: string): FieldSelector {
  const s = firstValue(text);
  const rules = fieldRulesFor(kind);
  const terms: Term[] = [];
  try {
    const parsed: Term[] = [];
    for (const part of splitTerms(s).sort()) {
      if (!part) continue;
      // The first operator occurrence splits the term; at each position "!=" and "==" win over "=".
      const m = /^(.*?)(!=|==|=)(.*)$/s.exec(part);
      if (!m) throw new Error(`invalid selector: '${s}'; can't understand '${part}'`);
      parsed.push({ field: m[1], negate: m[2] === '!=', value: unescapeValue(m[3]) });
    }
    for (const t of parsed) {
      const field = rules.renames?.[t.field] ?? t.field;
      if (!rules.accept.includes(t.field) && !rules.renames?.[t.field]) throw new Error(rules.error(t.field));
      terms.push({ ...t, field });
    }
  } catch (e) {
    throw badRequest((e as Error).message);
  }
  return {
    empty: terms.length === 0,
    matches(obj) {
      if (!terms.length) return true;
      const f = rules.fields(obj);
      return terms.every((t) => ((f[t.field] ?? '') === t.value) !== t.negate);
    },
    requiresExactMatch: (field) => terms.find((t) => t.field === field && !t.negate)?.value,
  };
}
