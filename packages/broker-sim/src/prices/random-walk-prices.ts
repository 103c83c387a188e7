import { ConfigError } from '@invest/broker-core';
import { hashString, mix32 } from './counter-hash.ts';
import type { PriceSource, SimQuote } from './price-source.ts';

export interface RandomWalkOptions {
  /** Seed of the walk; the same seed gives the same prices. Default 1. */
  seed?: number | string;
  /** Starting prices by symbol. Other symbols start at a price in [20, 500) drawn from the seed. */
  start?: Readonly<Record<string, number>>;
  /** Only these symbols exist (default: any symbol). */
  symbols?: readonly string[];
  /** Time of step 0 in epoch ms. Default: the first time a price is asked for (kept with the account's state). */
  origin?: number;
  /** Time between two steps. Default 60 000 (one-minute bars). */
  stepMs?: number;
  /** Largest move of one step, in basis points of the price. Default 20. */
  volatilityBps?: number;
  /** Bid-ask spread in basis points (at least one tick). Default 2. */
  spreadBps?: number;
  /** Bid and ask sizes; default a size from 100 to 1 000 shares drawn per step. */
  size?: number;
}

/** Steps replayed at most by one `between` call; older steps are skipped (a gap of years). */
const MAX_REPLAY_STEPS = 2_000_000;

interface Cursor {
  symbol: string;
  step: number;
  units: number;
  scale: number;
  symbolHash: number;
}

/**
 * A seeded random walk of prices in whole ticks (cents; 1/100 cent below $1), one step every
 * `stepMs`. Step `k` of a symbol is drawn from `(seed, symbol, k)` alone, so the walk is the same
 * however it is read, and only integer arithmetic and correctly rounded operations are used, so it
 * is the same on every machine.
 *
 * @example
 * ```ts
 * const prices = randomWalkPrices({ seed: 7, start: { AAPL: 187.23 }, stepMs: 1_000 })
 * ```
 */
export function randomWalkPrices(options: RandomWalkOptions = {}): PriceSource & { readonly kind: 'random-walk' } {
  const seed = typeof options.seed === 'string' ? hashString(options.seed) : (options.seed ?? 1) >>> 0;
  const stepMs = options.stepMs ?? 60_000;
  const vol = (options.volatilityBps ?? 20) / 10_000;
  const spread = (options.spreadBps ?? 2) / 20_000;
  if (!(stepMs >= 1) || !Number.isFinite(stepMs)) throw new ConfigError(`prices.stepMs must be 1 or more, got ${stepMs}`, { path: 'prices.stepMs', broker: 'sim' });
  if (!(vol >= 0 && vol < 1)) throw new ConfigError(`prices.volatilityBps must be in [0, 10000), got ${options.volatilityBps}`, { path: 'prices.volatilityBps', broker: 'sim' });
  const only = options.symbols ? new Set(options.symbols.map((s) => s.toUpperCase())) : undefined;
  let origin = options.origin;
  const cursors = new Map<string, Cursor>();

  const startCursor = (symbol: string): Cursor => {
    const symbolHash = hashString(symbol);
    const start = options.start?.[symbol] ?? 20 + (mix32(seed, symbolHash, 0) % 48_000) / 100;
    const scale = start >= 1 ? 100 : 10_000;
    return { symbol, step: 0, units: Math.max(3, Math.round(start * scale)), scale, symbolHash };
  };
  const advance = (c: Cursor, to: number): void => {
    // Asked for an earlier step than the cursor holds: walk again from step 0.
    if (to < c.step) Object.assign(c, startCursor(c.symbol));
    while (c.step < to) {
      c.step += 1;
      const u = mix32(seed, c.symbolHash, c.step) / 4_294_967_296;
      const move = Math.round(c.units * vol * (2 * u - 1));
      // Never below 3 ticks, so the bid stays above 0.
      c.units = Math.max(3, c.units + move);
    }
  };
  const quoteAt = (symbol: string, c: Cursor): SimQuote => {
    const half = Math.max(1, Math.round(c.units * spread));
    const sizeDraw = mix32(seed ^ 0x5bd1e995, c.symbolHash, c.step);
    const size = options.size ?? 100 * (1 + (sizeDraw % 10));
    return {
      symbol,
      bid: (c.units - half) / c.scale,
      ask: (c.units + half) / c.scale,
      last: c.units / c.scale,
      bidSize: size,
      askSize: size,
      time: (origin as number) + c.step * stepMs,
    };
  };
  const cursorOf = (symbol: string): Cursor => {
    let c = cursors.get(symbol);
    if (!c) cursors.set(symbol, (c = startCursor(symbol)));
    return c;
  };
  const stepAt = (t: number): number => Math.max(0, Math.floor((t - (origin as number)) / stepMs));

  return {
    kind: 'random-walk',
    quote(symbol, now) {
      if (only && !only.has(symbol)) return undefined;
      origin ??= Math.floor(now / stepMs) * stepMs;
      const c = cursorOf(symbol);
      advance(c, stepAt(now));
      return quoteAt(symbol, c);
    },
    knows: (symbol) => !only || only.has(symbol),
    *between(symbol, from, to) {
      if ((only && !only.has(symbol)) || origin === undefined) return;
      const last = stepAt(to);
      let k = Math.max(stepAt(from) + 1, last - MAX_REPLAY_STEPS + 1, 1);
      const c = cursorOf(symbol);
      for (; k <= last; k++) {
        advance(c, k);
        yield quoteAt(symbol, c);
      }
    },
    save: () => ({ origin: origin ?? null }),
    load(state) {
      const o = (state as { origin?: unknown } | undefined)?.origin;
      if (typeof o === 'number' && options.origin === undefined) origin = o;
    },
  };
}
