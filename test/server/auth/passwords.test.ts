// Passwords are stored as salted scrypt hashes: the right password verifies, a wrong one does not, and the same
// password never hashes to the same string twice.
import { hashPassword, verifyPassword } from '../../../server/auth/passwords';

it('verifies the right password and refuses a wrong one', async () => {
  const stored = await hashPassword('correct horse battery');
  expect(stored).toMatch(/^scrypt\$16384\$8\$1\$/);
  expect(stored).not.toContain('correct horse');
  await expect(verifyPassword('correct horse battery', stored)).resolves.toBe(true);
  await expect(verifyPassword('correct horse batterY', stored)).resolves.toBe(false);
  await expect(verifyPassword('anything', 'not-a-hash')).resolves.toBe(false);
});

it('salts every hash', async () => {
  expect(await hashPassword('same password')).not.toBe(await hashPassword('same password'));
});

it('treats composed and decomposed Korean the same', async () => {
  const stored = await hashPassword('비밀번호입니다'.normalize('NFC'));
  await expect(verifyPassword('비밀번호입니다'.normalize('NFD'), stored)).resolves.toBe(true);
});
