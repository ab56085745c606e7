// HTML built from template literals with escaping by default: `html\`<p>${text}</p>\`` escapes `text`, and only
// values already wrapped as SafeHtml (other html`` results, rendered markdown) pass through untouched.
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

type Value = SafeHtml | string | number | boolean | null | undefined | readonly Value[];

function render(v: Value): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof SafeHtml) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
}

export function html(strings: TemplateStringsArray, ...values: Value[]): SafeHtml {
  let out = strings[0];
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1];
  });
  return new SafeHtml(out);
}

/**
 * Text a learner typed (their name or e-mail), escaped and isolated in <bdi>, so right-to-left
 * overrides in it (U+202E …) cannot reorder the text around it.
 */
export function typed(s: string): SafeHtml {
  return html`<bdi>${s}</bdi>`;
}

export function raw(s: string): SafeHtml {
  return new SafeHtml(s);
}

/** JSON inside a <script type="application/json"> element: `<` escaped so no text can close the element. */
export function jsonScript(id: string, value: unknown): SafeHtml {
  return raw(`<script type="application/json" id="${escapeHtml(id)}">${JSON.stringify(value).replace(/</g, '\\u003c')}</script>`);
}
