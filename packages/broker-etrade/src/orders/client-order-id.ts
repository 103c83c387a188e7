import { createHash } from 'node:crypto';

/** E*TRADE's rule for `clientOrderId` (v1-facts §5.4): 1 to 20 letters and digits, unique within the account. */
export const ETRADE_CLIENT_ORDER_ID = /^[A-Za-z0-9]{1,20}$/;

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * The `clientOrderId` E*TRADE gets for core's client order id. The mapping:
 * - an id that already fits E*TRADE's rule (1-20 letters and digits) is sent as it is;
 * - any other id (longer, or with `. _ : -`) is sent as `H` + the first 19 base-62 digits of its
 *   SHA-256, about 113 bits: a collision between two ids of one account is not a practical concern.
 *
 * Deterministic, so the id a place sent can be recomputed for the lookup after a lost answer.
 * The leading `H` keeps hashed ids apart from most hand-written ones; an id that fits is never hashed.
 *
 * @example
 * ```ts
 * etradeClientOrderId('mhf2k1c9Xq3v7LpA0bZe') // 'mhf2k1c9Xq3v7LpA0bZe'
 * etradeClientOrderId('rebalance-2026-01-12:AAPL') // 'H' + 19 base-62 characters
 * ```
 */
export function etradeClientOrderId(coreId: string): string {
  if (ETRADE_CLIENT_ORDER_ID.test(coreId)) return coreId;
  let n = BigInt(`0x${createHash('sha256').update(coreId, 'utf8').digest('hex')}`);
  let out = '';
  while (out.length < 19) {
    out += BASE62[Number(n % 62n)];
    n /= 62n;
  }
  return `H${out}`;
}
