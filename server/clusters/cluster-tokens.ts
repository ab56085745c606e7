// Learners' cluster tokens, kept nowhere at rest. kube-apiserver stores no bearer token either, but the app must
// still hand each learner a kubeconfig (download, toolbox, grader scripts), so a token is derived when needed:
// HMAC-SHA256 of the learner's id under a server key that lives in one file of the data folder (mode 0600, made on
// first start). The app database keeps only a SHA-256 of each token, enough to check a presented one and useless to
// whoever reads the database. A new key file rotates every token; so does a row from before tokens were hashed.
import fs from 'node:fs';
import path from 'node:path';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const TOKEN_KEY_FILE = 'cluster-token.key';

/** The server's token key from `file`, created (32 random bytes, owner-only) when there is none. */
export function loadOrCreateTokenKey(file: string): Buffer {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    fs.writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  // Whatever made it, nobody but the server's user reads it.
  if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
  const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex');
  if (key.length < 32) throw new Error(`${file} is not a kubelab token key (64 hex characters); remove it to make a new one (every learner then gets a new kubeconfig)`);
  return key;
}

/** The token of a learner's cluster: the same for the same key and id, and nothing anyone can guess without the key. */
export function deriveToken(key: Buffer, userId: string): string {
  return createHmac('sha256', key).update(`kubelab cluster token\0${userId}`).digest('hex');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Whether `token` is the one whose hash is stored (compared in constant time). */
export function tokenMatches(token: string, storedHash: string | null | undefined): boolean {
  if (!storedHash || !/^[0-9a-f]{64}$/.test(storedHash)) return false;
  return timingSafeEqual(Buffer.from(hashToken(token), 'hex'), Buffer.from(storedHash, 'hex'));
}
