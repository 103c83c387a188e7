import { createHash, randomBytes } from 'node:crypto';

export interface PkcePair {
  /** Kept by the client and sent with the code exchange. */
  verifier: string;
  /** Sent in the authorization URL. */
  challenge: string;
  method: 'S256';
}

/**
 * The S256 code challenge of a verifier (RFC 7636 §4.2): base64url of its SHA-256.
 *
 * @example
 * ```ts
 * pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk') // 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'
 * ```
 */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/**
 * A new PKCE verifier (256 random bits, 43 base64url characters) and its S256 challenge.
 *
 * @example
 * ```ts
 * const { verifier, challenge } = createPkcePair()
 * ```
 */
export function createPkcePair(): PkcePair {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: pkceChallenge(verifier), method: 'S256' };
}
