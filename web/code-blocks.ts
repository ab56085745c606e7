// The buttons on the lessons' code blocks: Copy puts the code on the clipboard (ending with a newline, so a paste
// into `cat > file` leaves the last line complete and Ctrl+D ends it); Run types a complete command into the
// learner's terminal (through a callback, so lessons and terminal stay independent) unless a full-screen program
// has the screen; Save writes a manifest into the learner's home, so `kubectl apply -f <file>` works without a
// heredoc. What happened is said beside the buttons.
import type { RunResult } from './terminal-client';
import { csrfToken, word } from './words';

export async function copyText(text: string): Promise<void> {
  if (navigator.clipboard?.writeText) return navigator.clipboard.writeText(text);
  // Plain-HTTP pages on a LAN address have no clipboard API: fall back to a hidden textarea.
  const area = document.createElement('textarea');
  area.value = text;
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  document.execCommand('copy');
  area.remove();
}

/** The code as copied: exactly one newline at the end. */
export function copiedText(code: string): string {
  return code.replace(/\n*$/, '\n');
}

function say(block: HTMLElement, text: string, tone: 'ok' | 'warn' = 'ok'): void {
  let status = block.querySelector<HTMLElement>('.code-status');
  if (!status) {
    status = document.createElement('p');
    status.className = 'code-status';
    status.setAttribute('role', 'status');
    block.append(status);
  }
  status.dataset.tone = tone;
  status.textContent = text;
}

async function saveManifest(action: string, block: HTMLElement, button: HTMLButtonElement): Promise<void> {
  button.disabled = true;
  try {
    const res = await fetch(action, {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken() },
      body: JSON.stringify({ index: Number(button.dataset.manifest) }),
    });
    const answer = (await res.json().catch(() => ({}))) as { path?: string; file?: string };
    if (!res.ok || !answer.path) throw new Error(`HTTP ${res.status}`);
    block.dataset.saved = answer.path;
    say(block, word('savedAs').replace('{path}', answer.path).replace('{file}', answer.file ?? ''));
  } catch {
    say(block, word('saveFailed'), 'warn');
  } finally {
    button.disabled = false;
  }
}

export function initCodeBlocks(root: ParentNode, run: ((command: string) => RunResult) | undefined, saveAction?: string): void {
  for (const block of root.querySelectorAll<HTMLElement>('.code-block')) {
    const code = block.querySelector('code')?.textContent ?? '';
    const copy = block.querySelector<HTMLButtonElement>('.code-copy');
    copy?.addEventListener('click', () => {
      void copyText(copiedText(code)).then(() => {
        const label = copy.textContent;
        copy.textContent = word('copied');
        setTimeout(() => (copy.textContent = label), 1500);
      });
    });
    const runButton = block.querySelector<HTMLButtonElement>('.code-run');
    if (runButton && !run) runButton.hidden = true;
    runButton?.addEventListener('click', () => {
      const result = run?.(runButton.dataset.command ?? code);
      if (result === 'fullscreen') say(block, word('runFullscreen'), 'warn');
      else block.querySelector('.code-status')?.remove();
    });
    const save = block.querySelector<HTMLButtonElement>('.code-save');
    if (save && !saveAction) save.hidden = true;
    if (save && saveAction) save.addEventListener('click', () => void saveManifest(saveAction, block, save));
  }
}
