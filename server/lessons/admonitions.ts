// `::: tip|warning|note` blocks as asides and `::: hint|solution` as closed <details> the learner opens on purpose.
// A markdown-it block rule of our own: a line `::: kind` opens, a line `:::` closes, fences inside are skipped over
// (their content may hold anything), and the inside is ordinary markdown.
import type { MarkdownIt } from 'markdown-it';
import type { StateBlock } from 'markdown-it';
import { escapeHtml } from '../http/html';

export const ASIDE_KINDS = ['tip', 'warning', 'note'] as const;
export const HIDDEN_KINDS = ['hint', 'solution'] as const;
const KINDS: readonly string[] = [...ASIDE_KINDS, ...HIDDEN_KINDS];

export interface AdmonitionEnv {
  /** Default title of each kind in the page's language. */
  admonitionTitles?: Record<string, string>;
}

function lineText(state: StateBlock, line: number): string {
  return state.src.slice(state.bMarks[line] + state.tShift[line], state.eMarks[line]);
}

function admonitionRule(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  if (state.sCount[startLine] - state.blkIndent >= 4) return false;
  const m = /^:::\s*([a-z]+)\s*(.*)$/.exec(lineText(state, startLine));
  if (!m || !KINDS.includes(m[1])) return false;
  if (silent) return true;
  let close = startLine + 1;
  let fence: string | undefined;
  for (; close < endLine; close++) {
    const text = lineText(state, close);
    const f = /^(`{3,}|~{3,})/.exec(text)?.[1];
    if (fence) {
      if (f && f[0] === fence[0] && f.length >= fence.length && !text.slice(f.length).trim()) fence = undefined;
      continue;
    }
    if (f) fence = f;
    else if (/^:::\s*$/.test(text) && state.sCount[close] <= state.sCount[startLine]) break;
  }
  const oldParent = state.parentType;
  const oldLineMax = state.lineMax;
  state.parentType = 'blockquote';
  state.lineMax = close;
  const open = state.push('admonition_open', 'div', 1);
  open.block = true;
  open.info = m[1];
  open.meta = { title: m[2].trim() };
  open.map = [startLine, close];
  state.md.block.tokenize(state, startLine + 1, close);
  const end = state.push('admonition_close', 'div', -1);
  end.block = true;
  end.info = m[1];
  state.parentType = oldParent;
  state.lineMax = oldLineMax;
  state.line = Math.min(close + 1, endLine);
  return true;
}

export function admonitions(md: MarkdownIt): void {
  md.block.ruler.before('fence', 'admonition', admonitionRule, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
  md.renderer.rules.admonition_open = (tokens, idx, _opts, env) => {
    const kind = tokens[idx].info;
    const title = escapeHtml(String(tokens[idx].meta?.title || (env as AdmonitionEnv | undefined)?.admonitionTitles?.[kind] || kind));
    if ((HIDDEN_KINDS as readonly string[]).includes(kind)) {
      return `<details class="admonition admonition-${kind}"><summary>${title}</summary><div class="admonition-body">\n`;
    }
    const role = kind === 'warning' ? ' role="note" aria-label="' + title + '"' : ' role="note"';
    return `<aside class="admonition admonition-${kind}"${role}><p class="admonition-title">${title}</p>\n`;
  };
  md.renderer.rules.admonition_close = (tokens, idx) =>
    (HIDDEN_KINDS as readonly string[]).includes(tokens[idx].info) ? '</div></details>\n' : '</aside>\n';
}
