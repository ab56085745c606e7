// Random name suffixes in Kubernetes' style (generateName, ReplicaSet pods): consonants and digits only, so a
// suffix never spells a word, exactly the alphabet apimachinery's rand.String uses.
import { randomInt } from 'node:crypto';

const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function randomSuffix(length = 5): string {
  let s = '';
  for (let i = 0; i < length; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s;
}
