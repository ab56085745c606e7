// What a new password must not be (OWASP ASVS level 1, V2.1): shorter than 8 characters, absurdly long, one of
// the common passwords every breach list starts with (shipped offline: common-passwords.txt and the words in
// common-words.txt wrapped in digits or symbols, see scripts/gen-common-passwords.ts), the account's own e-mail or
// name, a few characters repeated (aaaaaaaa, abababab) or a run (12345678, abcdefgh, qwertyui). Nothing else is
// required: no composition rules, as ASVS asks.
import fs from 'node:fs';
import path from 'node:path';

export type PasswordProblem = 'passwordTooShort' | 'passwordTooLong' | 'passwordCommon' | 'passwordLikeAccount' | 'passwordRepetitive' | 'passwordSequential';

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 1024;

let lists: { passwords: Set<string>; words: Set<string> } | undefined;

function load(name: string): Set<string> {
  const text = fs.readFileSync(path.join(__dirname, name), 'utf8');
  return new Set(text.split('\n').map((l) => l.trim()).filter(Boolean));
}

function commonLists(): { passwords: Set<string>; words: Set<string> } {
  lists ??= { passwords: load('common-passwords.txt'), words: load('common-words.txt') };
  return lists;
}

/** Runs people type for "easy": the alphabet, digits and keyboard rows, either way. */
const RUNS = ['abcdefghijklmnopqrstuvwxyz', '01234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', '1qaz2wsx3edc4rfv5tgb', 'qazwsxedcrfvtgbyhn'];

function isRun(s: string): boolean {
  if (RUNS.some((r) => r.includes(s) || [...r].reverse().join('').includes(s))) return true;
  // The same step between every character: 13579bdf, 97531...
  const step = s.charCodeAt(1) - s.charCodeAt(0);
  return step !== 0 && Math.abs(step) <= 2 && [...s].every((_, i) => i === 0 || s.charCodeAt(i) - s.charCodeAt(i - 1) === step);
}

/** Digits and symbols around a core: Korea2024!, 2024korea, !!dragon99. */
function coreOf(s: string): string {
  return s.replace(/^[\d\W_]+|[\d\W_]+$/gu, '');
}

export function passwordProblem(password: string, account: { email?: string; name?: string } = {}): PasswordProblem | undefined {
  if ([...password].length < MIN_PASSWORD_LENGTH) return 'passwordTooShort';
  if (password.length > MAX_PASSWORD_LENGTH) return 'passwordTooLong';
  const p = password.normalize('NFKC').toLowerCase();
  const email = (account.email ?? '').trim().toLowerCase();
  const local = email.split('@')[0];
  const name = (account.name ?? '').trim().toLowerCase();
  const squeezed = p.replace(/\s+/g, '');
  if ([email, local, name, name.replace(/\s+/g, '')].some((a) => a.length >= 3 && (p === a || squeezed === a || coreOf(p) === a))) return 'passwordLikeAccount';
  if (new Set(p).size < 4) return 'passwordRepetitive';
  if (isRun(p)) return 'passwordSequential';
  const { passwords, words } = commonLists();
  const core = coreOf(p);
  if (passwords.has(p) || passwords.has(squeezed) || (core.length >= 4 && (passwords.has(core) || words.has(core)))) return 'passwordCommon';
  return undefined;
}
