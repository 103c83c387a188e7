/**
 * Canary secrets. Tests put them wherever a real secret would go (API keys, tokens, passphrases,
 * Authorization headers); the secret watch fails any test in which one shows up in a log line,
 * console output or an error message.
 */
export const CANARY_SECRET = 'CANARY-s3cr3t-7f4e9a1c2b';
export const CANARY_TOKEN = 'CANARY-t0ken-5d8c3e6f0a';
export const CANARIES: readonly string[] = [CANARY_SECRET, CANARY_TOKEN];
