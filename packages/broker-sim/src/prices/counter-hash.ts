/**
 * A 32-bit hash of a few integers (a counter-based random number generator): the same inputs give
 * the same output on every platform, because only 32-bit integer operations are used. The random
 * walk draws step `k` of a symbol as `mix(seed, symbol, k)`, so any step can be computed without
 * the ones before it being stored.
 *
 * @example
 * ```ts
 * mix32(1, hashString('AAPL'), 42) // a fixed number in [0, 2^32)
 * ```
 */
export function mix32(a: number, b: number, c: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ b;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) ^ c;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  h ^= h >>> 16;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * FNV-1a hash of a string, 32 bits.
 *
 * @example
 * ```ts
 * hashString('AAPL')
 * ```
 */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
