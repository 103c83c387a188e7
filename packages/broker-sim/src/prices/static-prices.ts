import type { PriceSource, QuoteInput, SimQuote } from './price-source.ts';
import { toSimQuote } from './quote-input.ts';

/** A static price source you can move: `set` changes a symbol's quote from then on. */
export interface StaticPriceSource extends PriceSource {
  readonly kind: 'static';
  set(symbol: string, quote: QuoteInput | number): void;
  symbols(): string[];
}

/**
 * Fixed prices by symbol: a number is a last price (market orders fill at it), an object gives
 * bid / ask / last and sizes. A symbol not in the map is unknown: orders for it are refused with
 * an `InvalidOrderError` on `symbol`.
 *
 * @example
 * ```ts
 * const prices = staticPrices({ AAPL: { bid: 187.2, ask: 187.23, last: 187.21 }, MSFT: 410 })
 * prices.set('AAPL', { bid: 190, ask: 190.02 })
 * ```
 */
export function staticPrices(initial: Readonly<Record<string, QuoteInput | number>> = {}): StaticPriceSource {
  const quotes = new Map<string, SimQuote>();
  const put = (symbol: string, q: QuoteInput | number): void => {
    const sym = symbol.trim().toUpperCase();
    quotes.set(sym, toSimQuote(sym, typeof q === 'number' ? { last: q } : q, 0, `prices.${sym}`));
  };
  for (const [symbol, q] of Object.entries(initial)) put(symbol, q);
  return {
    kind: 'static',
    quote(symbol: string, now: number): SimQuote | undefined {
      const q = quotes.get(symbol);
      return q ? { ...q, time: now } : undefined;
    },
    knows: (symbol) => quotes.has(symbol),
    set: put,
    symbols: () => [...quotes.keys()].sort(),
  };
}
