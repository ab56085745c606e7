// The buttons on the lessons' code blocks: Copy puts the code on the clipboard, Run types the command into the
// learner's terminal (through a document event, so lessons and terminal stay independent).
import { word } from './words';

async function copyText(text: string): Promise<void> {
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

export function initCodeBlocks(root: ParentNode, run: ((command: string) => void) | undefined): void {
  for (const block of root.querySelectorAll<HTMLElement>('.code-block')) {
    const code = block.querySelector('code')?.textContent ?? '';
    const copy = block.querySelector<HTMLButtonElement>('.code-copy');
    copy?.addEventListener('click', () => {
      void copyText(code.replace(/\n$/, '')).then(() => {
        const label = copy.textContent;
        copy.textContent = word('copied');
        setTimeout(() => (copy.textContent = label), 1500);
      });
    });
    const runButton = block.querySelector<HTMLButtonElement>('.code-run');
    if (runButton && !run) runButton.hidden = true;
    runButton?.addEventListener('click', () => run?.(runButton.dataset.command ?? code));
  }
}
