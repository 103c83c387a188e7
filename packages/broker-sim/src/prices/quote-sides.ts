/** The sides of a quote and their sizes; any may be missing. */
export interface QuoteSides {
  bid?: number | undefined;
  ask?: number | undefined;
  last?: number | undefined;
  bidSize?: number | undefined;
  askSize?: number | undefined;
  lastSize?: number | undefined;
}

const SIDES = ['bid', 'ask', 'last', 'bidSize', 'askSize', 'lastSize'] as const;

/**
 * Copies the sides `from` has onto `to` (the core's `Quote` and the simulator's `SimQuote` carry
 * them alike, under other names for the time), leaving the missing ones out rather than undefined.
 *
 * @example
 * ```ts
 * withQuoteSides({ symbol: 'AAPL', timestamp }, { bid: 99.99, ask: undefined }) // { symbol, timestamp, bid: 99.99 }
 * ```
 */
export function withQuoteSides<T extends object>(to: T, from: QuoteSides): T & QuoteSides {
  const out = to as T & QuoteSides;
  for (const side of SIDES) {
    const value = from[side];
    if (value !== undefined) out[side] = value;
  }
  return out;
}
