/**
 * Rounds a price to a valid tick: cents at or above 1, 1/10000 below (the US equity rule).
 *
 * @example
 * ```ts
 * tick(123.456) // 123.46
 * ```
 */
export function tick(price: number): number {
  const places = price >= 1 ? 2 : 4;
  return Number(price.toFixed(places));
}

/**
 * `price` scaled by `factor` and rounded to a tick: `away(100, 0.5)` is 50.
 *
 * @example
 * ```ts
 * away(180.2, 1.5) // 270.3
 * ```
 */
export function away(price: number, factor: number): number {
  return tick(price * factor);
}

/** Price the suite moves a controlled market to before each case. */
export const BASE_PRICE = 100;
