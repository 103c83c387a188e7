import { randomBytes } from 'node:crypto';

/**
 * A fresh OAuth 1.0a nonce: 128 random bits from the OS CSPRNG, hex. Unique per request with
 * overwhelming probability, so a replay check on the server never trips on two of ours.
 *
 * @example
 * ```ts
 * createNonce() // 'f3a1...' (32 hex characters)
 * ```
 */
export function createNonce(): string {
  return randomBytes(16).toString('hex');
}
