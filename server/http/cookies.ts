// Reading and writing cookies without a middleware dependency: the app needs only a few, all set the same way
// (HttpOnly unless the browser must read them, SameSite=Lax so a link from elsewhere keeps the session).
import type { IncomingMessage } from 'node:http';
import type { Response } from 'express';

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    const name = part.slice(0, i).trim();
    const raw = part.slice(i + 1).trim().replace(/^"(.*)"$/, '$1');
    if (name in out) continue; // the first, most specific cookie wins
    try {
      out[name] = decodeURIComponent(raw);
    } catch {
      out[name] = raw;
    }
  }
  return out;
}

export function cookiesOf(req: IncomingMessage): Record<string, string> {
  return parseCookies(req.headers.cookie);
}

export interface CookieOptions {
  maxAgeMs?: number;
  httpOnly?: boolean;
  secure?: boolean;
}

export function setCookie(res: Response, name: string, value: string, opts: CookieOptions = {}): void {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', 'SameSite=Lax'];
  if (opts.maxAgeMs !== undefined) parts.push(`Max-Age=${Math.floor(opts.maxAgeMs / 1000)}`);
  if (opts.httpOnly !== false) parts.push('HttpOnly');
  if (opts.secure) parts.push('Secure');
  res.append('Set-Cookie', parts.join('; '));
}

export function clearCookie(res: Response, name: string): void {
  res.append('Set-Cookie', `${name}=; Path=/; SameSite=Lax; Max-Age=0; HttpOnly`);
}
