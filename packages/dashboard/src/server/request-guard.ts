import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Who may read the page: the run's token and the exact loopback host (name and port) printed. */
export interface GuardRule {
  token: string;
  /** `127.0.0.1:PORT`, as in the printed URL. */
  host: string;
}

/** Why a request was refused (every refusal is a 403, except a method that is not a read: 405). */
export type Refusal = { status: 403 | 405; reason: string };

const sameText = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  // Compared in constant time, so the answer's timing tells nothing of the token.
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * Refuses any request that is not a read (GET, HEAD), lacks this run's token (`?token=`), names
 * another `Host` than the printed loopback one (a DNS-rebinding page would send its own name), or
 * comes from a page of another origin. Returns undefined when the request may be served.
 *
 * @example
 * ```ts
 * guardRequest(req, new URL(req.url, 'http://x'), { token, host: '127.0.0.1:4173' }) // undefined or { status: 403, reason }
 * ```
 */
export function guardRequest(req: IncomingMessage, url: URL, rule: GuardRule): Refusal | undefined {
  if (req.headers.host === undefined || req.headers.host.toLowerCase() !== rule.host) return { status: 403, reason: 'unknown host' };
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${rule.host}`) return { status: 403, reason: 'foreign origin' };
  const token = url.searchParams.get('token');
  if (token === null || !sameText(token, rule.token)) return { status: 403, reason: 'missing or wrong token' };
  if (req.method !== 'GET' && req.method !== 'HEAD') return { status: 405, reason: 'read-only' };
  return undefined;
}
