/**
 * The ops token check. Compared in constant time so response timing tells
 * nothing about how much of a guess was right: both sides are hashed to
 * equal-length digests first, which timingSafeEqual requires, and which
 * also hides the token's length.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/** True when `given` is exactly the expected token. */
export function tokenMatches(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = digest(given);
  const b = digest(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The bearer token of a request, if any. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  const m = typeof h === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(h) : null;
  return m?.[1];
}

/**
 * True when the request may pass: no token configured (loopback only, see
 * options.ts), the bearer header matches, or — only where the browser cannot
 * set headers (EventSource) — the `token` query parameter matches.
 */
export function authorized(req: IncomingMessage, url: URL, token: string | undefined, allowQuery: boolean): boolean {
  if (token === undefined) return true;
  if (tokenMatches(bearerToken(req), token)) return true;
  return allowQuery && tokenMatches(url.searchParams.get('token') ?? undefined, token);
}
