import { randomBytes } from 'node:crypto';
import type { Capabilities } from './model/capabilities.ts';

export type ClientOrderIdRules = Capabilities['clientOrderId'];

/** Rules that fit every broker Invest knows (E*TRADE's 20 alphanumerics are the narrowest). */
export const DEFAULT_CLIENT_ORDER_ID_RULES: ClientOrderIdRules = { maxLength: 20, charset: 'A-Za-z0-9' };

const CANDIDATES = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const alphabetCache = new Map<string, string>();

function alphabetFor(charset: string): string {
  let alphabet = alphabetCache.get(charset);
  if (alphabet === undefined) {
    const re = new RegExp(`^[${charset}]$`);
    alphabet = [...CANDIDATES].filter((c) => re.test(c)).join('');
    if (alphabet.length < 10) throw new RangeError(`charset [${charset}] leaves too few characters for ids`);
    alphabetCache.set(charset, alphabet);
  }
  return alphabet;
}

/**
 * A fresh client order id that fits the broker's rules: a time part (so ids sort roughly by
 * creation) and at least 48 bits of randomness.
 *
 * @example
 * ```ts
 * generateClientOrderId({ maxLength: 20, charset: 'A-Za-z0-9' }) // 'mhf2k1c9Xq3v7LpA0bZe'
 * ```
 */
export function generateClientOrderId(rules: ClientOrderIdRules = DEFAULT_CLIENT_ORDER_ID_RULES, now: number = Date.now()): string {
  const alphabet = alphabetFor(rules.charset);
  const length = Math.min(rules.maxLength, 32);
  let time = '';
  for (let t = Math.floor(now); t > 0 && time.length < 9; t = Math.floor(t / alphabet.length)) {
    time = alphabet[t % alphabet.length] + time;
  }
  const randomLength = length - time.length;
  const bytes = randomBytes(randomLength);
  let id = time;
  for (const b of bytes) id += alphabet[b % alphabet.length];
  return id;
}

const charsetCache = new Map<string, RegExp>();

/** Why an id breaks the rules, or undefined when it fits. */
export function clientOrderIdProblem(id: string, rules: ClientOrderIdRules): string | undefined {
  if (id.length > rules.maxLength) return `must be at most ${rules.maxLength} characters, got ${id.length}`;
  let re = charsetCache.get(rules.charset);
  if (!re) charsetCache.set(rules.charset, (re = new RegExp(`^[${rules.charset}]+$`)));
  if (!re.test(id)) return `may hold only [${rules.charset}], got ${JSON.stringify(id)}`;
  return undefined;
}
