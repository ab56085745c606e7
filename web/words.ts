// The UI words of the page's language, embedded by the server as JSON (the browser code carries no dictionary).
let cached: Record<string, string> | undefined;

export function words(): Record<string, string> {
  if (!cached) {
    const el = document.getElementById('kubelab-words');
    cached = el?.textContent ? (JSON.parse(el.textContent) as Record<string, string>) : {};
  }
  return cached;
}

export function word(key: string): string {
  return words()[key] ?? key;
}

export function csrfToken(): string {
  return document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? '';
}
