// What sign-up refuses as a new password (OWASP ASVS 2.1): too short, a common or breached one (the list shipped
// in the repo), the account's own e-mail or name, repeated characters and runs; and what it accepts: any phrase,
// with no composition rules.
import { passwordProblem } from '../../../server/auth/password-policy';
import { commonPasswords, commonWords } from '../../../scripts/gen-common-passwords';
import fs from 'node:fs';
import path from 'node:path';

it('refuses the passwords an attacker tries first', () => {
  for (const p of ['password', 'Password1', 'PASSWORD123', 'qwerty123', 'iloveyou', 'sunshine', 'p@ssw0rd', '1q2w3e4r', 'Korea2024!', 'Dragon123', 'saranghae1', 'kubernetes']) {
    expect([p, passwordProblem(p)]).toEqual([p, 'passwordCommon']);
  }
});

it('refuses a few characters repeated, and runs of letters, digits or keys', () => {
  for (const p of ['aaaaaaaa', 'abababab', 'abcabcabc', '11112222']) expect([p, passwordProblem(p)]).toEqual([p, 'passwordRepetitive']);
  for (const p of ['abcdefgh', 'hgfedcba', '23456789', '98765432', 'qwertyui', 'asdfghjk', 'acegikmo', '12345678']) expect([p, passwordProblem(p)]).toEqual([p, 'passwordSequential']);
});

it("refuses the account's own e-mail, its name part, or the learner's name", () => {
  expect(passwordProblem('Ann.Lee@Example.com', { email: 'ann.lee@example.com' })).toBe('passwordLikeAccount');
  expect(passwordProblem('ann.lee2024', { email: 'ann.lee@example.com' })).toBe('passwordLikeAccount');
  expect(passwordProblem('Kim Minsoo', { email: 'x@example.com', name: 'kim minsoo' })).toBe('passwordLikeAccount');
});

it('asks for 8 characters and accepts any phrase, Korean included', () => {
  expect(passwordProblem('short')).toBe('passwordTooShort');
  expect(passwordProblem('x'.repeat(1025))).toBe('passwordTooLong');
  for (const p of ['correct horse battery', 'another good password', '쿠버네티스를 배우는 중', 'tiger lily 42 river']) expect([p, passwordProblem(p, { email: 'ann@example.com' })]).toEqual([p, undefined]);
});

it('ships the list the generator writes (a few thousand, all 8+ characters)', () => {
  const shipped = fs.readFileSync(path.join(__dirname, '../../../server/auth/common-passwords.txt'), 'utf8').trim().split('\n');
  expect(shipped).toEqual(commonPasswords());
  expect(shipped.length).toBeGreaterThan(2000);
  expect(shipped.every((p) => p.length >= 8)).toBe(true);
  expect(fs.readFileSync(path.join(__dirname, '../../../server/auth/common-words.txt'), 'utf8').trim().split('\n')).toEqual(commonWords());
});
