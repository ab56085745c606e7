// Every word of the app's UI exists in Korean and English, and the Korean is Korean: no English left in it apart
// from names (kubectl, kubeconfig, Ctrl+V, CSV...). The browser test (test/browser/map-phone-korean-in-browser)
// checks the pages as shown; this one catches a word before any page uses it.
import { WORDS } from '../../server/i18n';
import { PANEL_WORDS } from '../../server/pages/check-panel';

const NAMES = new Set(['kubelab', 'kubectl', 'kubeconfig', 'describe', 'apply', 'Ctrl', 'Shift', 'Enter', 'Esc', 'vi', 'Docker', 'English', 'CSV', 'IP', 'ID',
  // an example of a guessable password, shown as it is typed
  'abcdefgh']);

function englishIn(text: string): string[] {
  return text
    .replace(/\{[a-z]+\}/g, ' ')
    .split(/[^A-Za-z]+/)
    .filter((w) => w.length >= 2 && !NAMES.has(w));
}

it('has every UI word in Korean and English, with no English words in the Korean', () => {
  const problems: string[] = [];
  for (const [key, text] of Object.entries({ ...WORDS, ...PANEL_WORDS }) as [string, { ko: string; en: string }][]) {
    if (!text.ko || !text.en) problems.push(`${key}: missing a language`);
    // The language switch names the other language in that language, on purpose.
    if (key === 'switchLanguage' || key === 'appName') continue;
    const english = englishIn(text.ko);
    if (english.length) problems.push(`${key}: ${english.join(' ')}`);
  }
  expect(problems).toEqual([]);
});
