/**
 * A quote as the simulator consumes it: prices and sizes as numbers, time in epoch milliseconds.
 * At least one of `bid`, `ask` and `last` is present. Sizes are in shares; a missing size means
 * unlimited liquidity at that price.
 */
export interface SimQuote {
  symbol: string;
  bid?: number;
  ask?: number;
  last?: number;
  bidSize?: number;
  askSize?: number;
  lastSize?: number;
  /** Milliseconds since the epoch. */
  time: number;
}

/**
 * Where the simulator's prices come from. `quote` answers "what is the market at `now`"; sources
 * that hold a time series also offer `between`, so that the market the simulator missed while
 * nobody asked (between two CLI runs) is replayed tick by tick and resting orders see every price.
 */
export interface PriceSource {
  /** `static`, `csv`, `random-walk`, `broker` or a name of your own. */
  readonly kind: string;
  /** The latest quote at `now`, or undefined when the source has none (see `knows`). */
  quote(symbol: string, now: number): SimQuote | undefined | Promise<SimQuote | undefined>;
  /**
   * True when the symbol exists even if `quote` has nothing yet (a replay before its first row).
   * A symbol that is neither quoted nor known is refused as unknown.
   */
  knows?(symbol: string): boolean;
  /** Every quote with `from < time <= to`, in time order. */
  between?(symbol: string, from: number, to: number): Iterable<SimQuote>;
  /** State to keep with the account's state (plain JSON), so a run continues where the last one stopped. */
  save?(): unknown;
  /** Restores what `save` returned. */
  load?(state: unknown): void;
}

/** A quote as a caller may give it: like `SimQuote` without symbol, time optional (ms or ISO 8601). */
export interface QuoteInput {
  bid?: number;
  ask?: number;
  last?: number;
  bidSize?: number;
  askSize?: number;
  lastSize?: number;
  time?: number | string;
}
