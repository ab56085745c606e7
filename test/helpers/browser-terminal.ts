// Helpers for browser tests that use the lesson page's terminal: its buffer as text (xterm draws to the DOM, but the
// buffer is the truth; lines the terminal wrapped are joined back), waiting for output, signing up through the
// form, and where screenshots go (test-output/ by default, docs/screenshots when KUBELAB_SCREENSHOTS=docs).
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

export function screenshotPath(name: string): string {
  const root = path.join(__dirname, '..', '..');
  const dir = process.env.KUBELAB_SCREENSHOTS === 'docs' ? path.join(root, 'docs', 'screenshots') : path.join(root, 'test-output', 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}

/** The text of the terminal in front (its whole buffer). */
export const terminalText = (p: Page): Promise<string> =>
  p.evaluate(() => {
    const buf = (window as any).kubelab?.terminal?.term?.buffer.active;
    let text = '';
    for (let i = 0; buf && i < buf.length; i++) {
      const line = buf.getLine(i);
      text += (i > 0 && !line?.isWrapped ? '\n' : '') + (line?.translateToString(true) ?? '');
    }
    return text;
  });

export async function waitForTerminal(p: Page, pattern: RegExp, timeout = 30_000): Promise<void> {
  await p.waitForFunction(
    ([source, flags]) => {
      const buf = (window as any).kubelab?.terminal?.term?.buffer.active;
      let text = '';
      for (let i = 0; buf && i < buf.length; i++) {
        const line = buf.getLine(i);
        text += (i > 0 && !line?.isWrapped ? '\n' : '') + (line?.translateToString(true) ?? '');
      }
      return new RegExp(source, flags).test(text);
    },
    [pattern.source, pattern.flags] as const,
    { timeout, polling: 100 },
  );
}

/** The terminal tab in front is connected to its shell. */
export const terminalConnected = (p: Page, tab = 1) => p.waitForSelector(`[data-terminal][data-tab="${tab}"][data-state="connected"]`, { timeout: 30_000 });

export async function signUpInBrowser(p: Page, base: string, o: { name: string; email: string; password?: string; path?: string }): Promise<void> {
  await p.goto(base + (o.path ?? '/signup'));
  await p.fill('input[name="name"]', o.name);
  await p.fill('input[name="email"]', o.email);
  await p.fill('input[name="password"]', o.password ?? 'correct horse battery');
  await Promise.all([p.waitForNavigation(), p.click('form[action="/signup"] button[type="submit"]')]);
}
