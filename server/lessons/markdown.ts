// Lesson markdown to HTML: markdown-it without raw HTML, our admonitions, code blocks with "copy", "run in
// terminal" (complete commands only) and "save as file" (manifests) buttons, and links and pictures resolved
// against the lab folder (pictures and manifests are served from /lab-files/<lab>/..., site links gain the page's
// language).
import path from 'node:path';
import MarkdownIt, { type MarkdownIt as Md } from 'markdown-it';
import type { Lang } from '../../grader/checks/types';
import { escapeHtml } from '../http/html';
import { admonitions, type AdmonitionEnv } from './admonitions';
import { manifestBlock, type ManifestBlock } from './manifest-blocks';

export interface LessonEnv extends AdmonitionEnv {
  /** The language of the text (relative paths start from <lab>/<lang>/). */
  lang: Lang;
  /** The page's language, kept by site links (differs from `lang` when a translation is missing). */
  pageLang?: Lang;
  labId: string;
  /** Words for the code block buttons (`save` has `{file}` where the file name goes). */
  buttons: { copy: string; run: string; save?: string };
  /** Filled while rendering: the manifest blocks, in order (their index is the save button's). */
  manifests?: ManifestBlock[];
}

/** A placeholder the learner must fill in (`<name>`, `<파드 이름>`), not a shell redirection or heredoc. */
const PLACEHOLDER = /(?:^|[^<])<[^<>\s=&|;][^<>\n]*>/;

const SHELL_LANGS = ['bash', 'sh', 'shell', 'console', 'zsh'];

/** The command a "run in terminal" button sends: a console block's `$ ` lines, or a shell block as written. */
export function runnableCommand(lang: string, content: string): string | undefined {
  if (!SHELL_LANGS.includes(lang)) return undefined;
  const command = shellText(lang, content);
  // A command with a placeholder is not complete: run as written it fails (`can't open 이름`) or does something else.
  return command && !PLACEHOLDER.test(command) && !/(^|\s)(…|\.\.\.)(\s|$)/.test(command) ? command : undefined;
}

function shellText(lang: string, content: string): string | undefined {
  const lines = content.replace(/\n+$/, '').split('\n');
  if (lang === 'console' || lines.some((l) => /^\$ /.test(l))) {
    const prompted = lines.filter((l) => /^\$ /.test(l)).map((l) => l.slice(2));
    return prompted.length ? prompted.join('\n') : undefined;
  }
  const text = lines.join('\n').trim();
  return text || undefined;
}

/** A path inside the lab folder for a relative reference made from <lab>/<lang>/<step>.md, or undefined. */
export function labRelative(lang: Lang, ref: string): string | undefined {
  const normalized = path.posix.normalize(path.posix.join(lang, ref));
  if (normalized.startsWith('..') || path.posix.isAbsolute(normalized)) return undefined;
  return normalized;
}

function isExternal(href: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//');
}

/** Where a link in a lesson really goes. */
export function resolveHref(href: string, env: LessonEnv): string {
  if (isExternal(href) || href.startsWith('#')) return href;
  const [p, fragment] = href.split('#', 2);
  const hash = fragment !== undefined ? `#${fragment}` : '';
  const site = /^\/labs(\/.*)?$/.exec(p);
  if (site) return `/${env.pageLang ?? env.lang}/labs${site[1] ?? ''}${hash}`;
  if (p.startsWith('/')) return href;
  if (p.endsWith('.md')) {
    // A link to another step's text: same lab (./step.md) or another lab (../../<lab>/<lang>/step.md).
    const rel = path.posix.normalize(path.posix.join(env.labId, env.lang, p));
    const m = /^(?:\.\.\/)?([^/]+)\/(?:ko|en)\/(?:\d+[-_.])?([^/]+)\.md$/.exec(rel);
    if (m) return `/${env.pageLang ?? env.lang}/labs/${m[1]}/${m[2]}${hash}`;
  }
  const inLab = labRelative(env.lang, p);
  return inLab ? `/lab-files/${encodeURIComponent(env.labId)}/${inLab.split('/').map(encodeURIComponent).join('/')}${hash}` : '#';
}

/** The `*.yaml` names in code spans of the paragraph just before token `idx` ("save it as `pod.yaml`"). */
function fileNamesBefore(tokens: { type: string; children?: { type: string; content: string }[] | null }[], idx: number): string[] {
  const before = tokens[idx - 1]?.type === 'paragraph_close' ? tokens[idx - 2] : undefined;
  return (before?.children ?? []).filter((c) => c.type === 'code_inline' && /\.ya?ml$/.test(c.content)).map((c) => c.content);
}

/** Renders lesson markdown with its environment (the renderer's rules read `env`). */
export function renderLesson(md: Md, src: string, env: LessonEnv): string {
  return md.render(src, { ...env });
}

export function createLessonRenderer(): Md {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
  md.use(admonitions);

  md.renderer.rules.fence = (tokens, idx, _opts, env) => {
    const e = env as unknown as LessonEnv;
    const token = tokens[idx];
    const lang = token.info.trim().split(/\s+/)[0] ?? '';
    const command = runnableCommand(lang, token.content);
    const langClass = lang ? ` class="language-${escapeHtml(lang)}"` : '';
    const run = command
      ? `<button type="button" class="code-run" data-command="${escapeHtml(command)}">${escapeHtml(e.buttons.run)}</button>`
      : '';
    const manifest = e.buttons.save ? manifestBlock(token.info, token.content, fileNamesBefore(tokens, idx)) : undefined;
    let save = '';
    if (manifest && e.manifests) {
      e.manifests.push(manifest);
      const label = e.buttons.save!.replace('{file}', `~/${manifest.file}`);
      save = `<button type="button" class="code-save" data-manifest="${e.manifests.length - 1}" data-file="${escapeHtml(manifest.file)}">${escapeHtml(label)}</button>`;
    }
    return (
      `<div class="code-block"${lang ? ` data-lang="${escapeHtml(lang)}"` : ''}>` +
      `<pre tabindex="0"><code${langClass}>${escapeHtml(token.content)}</code></pre>` +
      `<div class="code-actions"><button type="button" class="code-copy">${escapeHtml(e.buttons.copy)}</button>${save}${run}</div>` +
      `</div>\n`
    );
  };

  const defaultImage = md.renderer.rules.image!;
  md.renderer.rules.image = (tokens, idx, opts, env, self) => {
    const token = tokens[idx];
    const src = String(token.attrGet('src') ?? '');
    token.attrSet('src', resolveHref(src, env as unknown as LessonEnv));
    token.attrSet('loading', 'lazy');
    // Diagrams keep their natural size (their text stays readable); a narrow pane scrolls them sideways instead.
    return `<span class="figure-scroll">${defaultImage(tokens, idx, opts, env, self)}</span>`;
  };

  md.renderer.rules.link_open = (tokens, idx, opts, env, self) => {
    const token = tokens[idx];
    const href = String(token.attrGet('href') ?? '');
    if (isExternal(href)) {
      token.attrSet('target', '_blank');
      token.attrSet('rel', 'noopener noreferrer');
    } else token.attrSet('href', resolveHref(href, env as unknown as LessonEnv));
    return self.renderToken(tokens, idx, opts);
  };

  // Headings get ids so a lesson can link to its own sections.
  md.renderer.rules.heading_open = (tokens, idx, opts, _env, self) => {
    const inline = tokens[idx + 1];
    const slug = (inline?.content ?? '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s-]/gu, '')
      .trim()
      .replace(/\s+/g, '-');
    if (slug) tokens[idx].attrSet('id', slug);
    return self.renderToken(tokens, idx, opts);
  };
  return md;
}
