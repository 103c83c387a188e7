import type { SimEngine } from '../engine/engine.ts';
import type { PriceSource, SimQuote } from '../prices/price-source.ts';

function quoteKey(q: SimQuote, withTime: boolean): string {
  const base = `${q.bid}|${q.ask}|${q.last}|${q.bidSize}|${q.askSize}|${q.lastSize}`;
  return withTime ? `${base}|${q.time}` : base;
}

/**
 * Reads the price source for `symbols` and every symbol with orders or a position, and ticks what
 * changed (a source with a time series replays every quote since it was last read, so resting
 * orders see every price). Synchronous unless the source answers with promises (then it returns one).
 *
 * @example
 * ```ts
 * await refreshPrices(engine, source, clock.now(), ['AAPL'])
 * ```
 */
export function refreshPrices(engine: SimEngine, source: PriceSource, clockNow: number, symbols: string[]): Promise<void> | undefined {
  if (engine.sourceState !== undefined) source.load?.(engine.sourceState);
  const now = Math.max(clockNow, engine.time);
  const active = engine.activeSymbols();
  // The common case (one symbol, nothing else open or held, or only that symbol): no merge.
  const wanted = symbols.length <= 1 && (active.length === 0 || (active.length === 1 && active[0] === symbols[0]))
    ? (symbols.length === 1 ? symbols : active)
    : [...new Set([...symbols, ...active])].sort();
  const replays = source.between !== undefined;
  const ticks: SimQuote[] = [];
  const pending: Promise<void>[] = [];
  for (const symbol of wanted) {
    const book = engine.book(symbol);
    if (!book.known && source.knows?.(symbol)) {
      book.known = true;
      engine.mutations++;
    }
    const pulled = engine.pulled.get(symbol);
    if (replays && pulled && engine.hasOpenOrders(symbol)) {
      // Resting orders must see every price the market went through since the last look.
      for (const q of (source.between as NonNullable<PriceSource['between']>)(symbol, pulled.at, now)) ticks.push(q);
      if (pulled.at !== now) {
        engine.pulled.set(symbol, { at: now, key: pulled.key });
        engine.mutations++;
      }
      continue;
    }
    const take = (q: SimQuote | undefined): void => {
      if (!q) return;
      const key = quoteKey(q, replays);
      const at = replays ? now : 0;
      if (!pulled || pulled.key !== key || pulled.at !== at) {
        engine.pulled.set(symbol, { at, key });
        engine.mutations++;
      }
      if (!pulled || pulled.key !== key) ticks.push({ ...q, symbol });
    };
    const q = source.quote(symbol, now);
    if (q instanceof Promise) pending.push(q.then(take));
    else take(q);
  }
  const finish = (): void => {
    ticks.sort((a, b) => a.time - b.time || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
    for (const q of ticks) engine.tick(q, q.time);
    const saved = source.save?.();
    if (saved !== undefined && JSON.stringify(saved) !== JSON.stringify(engine.sourceState)) {
      engine.sourceState = saved;
      engine.mutations++;
    }
  };
  if (pending.length > 0) return Promise.all(pending).then(finish);
  finish();
  return undefined;
}
