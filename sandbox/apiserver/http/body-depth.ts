// How deep a request body nests, measured on its text before any parser sees it. JSON.parse and the YAML parser,
// and then our own recursive code (validation, merge, structuredClone), overflow the stack on thousands of
// levels, which answered 500 "Maximum call stack size exceeded". kube-apiserver's decoders stop at 10000 levels
// with "exceeded max depth of 10000" (apimachinery util/json, goyaml); ours stop far earlier, as no Kubernetes
// object comes near it, with the same words.
export const MAX_BODY_DEPTH = 100;

export function depthMessage(limit = MAX_BODY_DEPTH): string {
  return `exceeded max depth of ${limit}`;
}

/** Whether JSON text nests objects/arrays deeper than `limit` (strings skipped; the text need not be valid). */
export function jsonTooDeep(text: string, limit = MAX_BODY_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/**
 * Whether YAML text nests deeper than `limit`: block nesting counted by the stack of indentations (plus `- ` entries
 * opened on one line), flow nesting by the brackets of a flow collection outside quoted scalars. It may count a
 * block scalar's indented lines as levels, which only matters to text no manifest has.
 */
export function yamlTooDeep(text: string, limit = MAX_BODY_DEPTH): boolean {
  const indents: number[] = [];
  let flow = 0;
  let quote = '';
  for (const line of text.split(/\r?\n/)) {
    let i = 0;
    if (!flow) {
      while (line[i] === ' ') i++;
      if (i === line.length || line[i] === '#') continue;
      while (indents.length && indents[indents.length - 1] >= i) indents.pop();
      indents.push(i);
      while (line[i] === '-' && line[i + 1] === ' ') {
        indents.push(i);
        i += 2;
        while (line[i] === ' ') i++;
      }
      if (indents.length > limit) return true;
    }
    for (; i < line.length; i++) {
      const c = line[i];
      if (quote) {
        if (c === '\\' && quote === '"') i++;
        else if (c === quote) quote = '';
        continue;
      }
      if (!flow) {
        // Outside a flow collection, only a value that starts with a bracket opens one.
        const starts = i === 0 || line[i - 1] === ' ';
        if (c === '#' && starts) break;
        if ((c === '[' || c === '{') && starts) {
          flow = 1;
          if (indents.length + flow > limit) return true;
        } else if ((c === '"' || c === "'") && starts) quote = c;
        continue;
      }
      if (c === '"' || c === "'") quote = c;
      else if (c === '[' || c === '{') {
        if (indents.length + ++flow > limit) return true;
      } else if (c === ']' || c === '}') flow--;
      else if (c === '#' && line[i - 1] === ' ') break;
    }
  }
  return false;
}
