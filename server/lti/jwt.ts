// JSON Web Tokens signed with RS256, as LTI 1.3 uses them (the platform's id_token, the tool's client assertion),
// with node's crypto only: base64url, PKCS#1 v1.5 signatures with SHA-256, keys as JWK. Verification checks the
// signature against the key the header's `kid` names; what the claims must say is the caller's business.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, randomBytes, createHash, type KeyObject } from 'node:crypto';

export interface Jwk {
  kty: string;
  kid?: string;
  n?: string;
  e?: string;
  alg?: string;
  use?: string;
  [k: string]: unknown;
}

export interface JwtHeader {
  alg: string;
  typ?: string;
  kid?: string;
}

export type JwtClaims = Record<string, unknown> & { iss?: string; sub?: string; aud?: string | string[]; exp?: number; iat?: number; nonce?: string };

export class JwtError extends Error {}

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

export function signJwt(claims: JwtClaims, key: KeyObject, kid: string): string {
  const head = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
  const body = b64url(JSON.stringify(claims));
  const sig = sign('RSA-SHA256', Buffer.from(`${head}.${body}`), key);
  return `${head}.${body}.${sig.toString('base64url')}`;
}

export function decodeJwt(token: string): { header: JwtHeader; claims: JwtClaims; signed: Buffer; signature: Buffer } {
  const parts = token.split('.');
  if (parts.length !== 3) throw new JwtError('not a JWT (three dot-separated parts)');
  try {
    return {
      header: JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')),
      claims: JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')),
      signed: Buffer.from(`${parts[0]}.${parts[1]}`),
      signature: Buffer.from(parts[2], 'base64url'),
    };
  } catch {
    throw new JwtError('the JWT is not base64url JSON');
  }
}

/** The claims of an RS256 token whose signature one of `keys` (chosen by kid) verifies; throws otherwise. */
export function verifyJwt(token: string, keys: Jwk[]): JwtClaims {
  const { header, claims, signed, signature } = decodeJwt(token);
  if (header.alg !== 'RS256') throw new JwtError(`alg ${header.alg} is not accepted (RS256 only)`);
  const candidates = keys.filter((k) => k.kty === 'RSA' && (!header.kid || k.kid === header.kid));
  if (!candidates.length) throw new JwtError(`no key with kid ${header.kid ?? '(none)'} in the key set`);
  for (const jwk of candidates) {
    const key = createPublicKey({ key: { ...jwk }, format: 'jwk' } as Parameters<typeof createPublicKey>[0]);
    if (verify('RSA-SHA256', signed, key, signature)) return claims;
  }
  throw new JwtError('the signature does not verify');
}

/** A new RSA key pair as PEM (2048 bits, as the LTI security framework asks at least). */
export function newKeyPair(): { privatePem: string } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

/** The public half as a JWK with a kid (its RFC 7638 thumbprint) and use/alg set for LTI. */
export function publicJwk(privatePem: string): { key: KeyObject; jwk: Jwk } {
  const key = createPrivateKey(privatePem);
  const pub = createPublicKey(key).export({ format: 'jwk' }) as Jwk;
  const kid = createHash('sha256').update(JSON.stringify({ e: pub.e, kty: 'RSA', n: pub.n })).digest('base64url');
  return { key, jwk: { kty: 'RSA', n: pub.n, e: pub.e, kid, alg: 'RS256', use: 'sig' } };
}

export function randomId(): string {
  return randomBytes(18).toString('base64url');
}
