// Launches the machine's Chromium (Debian's /usr/bin/chromium) through playwright-core for browser tests; tests
// skip when it is absent unless KUBELAB_REQUIRE names `browser`, in which case they fail.
import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { requireOrSkip } from './kubectl-bin';

export const CHROMIUM = process.env.KUBELAB_CHROMIUM ?? '/usr/bin/chromium';

export function browserAvailable(): boolean {
  return requireOrSkip('browser', fs.existsSync(CHROMIUM));
}

export async function launchBrowser(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}
