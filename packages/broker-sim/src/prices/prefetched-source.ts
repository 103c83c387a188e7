import type { PriceSource, SimQuote } from './price-source.ts';

/**
 * Reads a price source's quotes for `symbols` before a transaction starts, so that a source that
 * answers with promises (another broker's live quotes) is never awaited while the state
 * database's write lock is held. Returns undefined when the source answered synchronously (it can
 * then be read inside the transaction as it is).
 *
 * @example
 * ```ts
 * const quotes = await prefetchQuotes(source, ['AAPL'], clock.now())
 * ```
 */
export async function prefetchQuotes(source: PriceSource, symbols: readonly string[], now: number): Promise<Map<string, SimQuote | undefined> | undefined> {
  const answers = symbols.map((symbol) => source.quote(symbol, now));
  if (!answers.some((a) => a instanceof Promise)) return undefined;
  const quotes = new Map<string, SimQuote | undefined>();
  const settled = await Promise.all(answers.map((a) => Promise.resolve(a)));
  symbols.forEach((symbol, i) => quotes.set(symbol, settled[i]));
  return quotes;
}

/**
 * The source with `quotes` answered from memory: a symbol read beforehand gets that quote; any
 * other is asked synchronously, and one that would need a promise has no quote this time (it is
 * read before the next operation).
 *
 * @example
 * ```ts
 * refreshPrices(engine, withQuotes(source, quotes), now, symbols)
 * ```
 */
export function withQuotes(source: PriceSource, quotes: ReadonlyMap<string, SimQuote | undefined>): PriceSource {
  const out: PriceSource = {
    kind: source.kind,
    quote(symbol, now) {
      if (quotes.has(symbol)) return quotes.get(symbol);
      const q = source.quote(symbol, now);
      if (!(q instanceof Promise)) return q;
      q.catch(() => undefined);
      return undefined;
    },
  };
  if (source.knows) out.knows = (symbol) => (source.knows as NonNullable<PriceSource['knows']>)(symbol);
  if (source.between) out.between = (symbol, from, to) => (source.between as NonNullable<PriceSource['between']>)(symbol, from, to);
  if (source.save) out.save = () => (source.save as NonNullable<PriceSource['save']>)();
  if (source.load) out.load = (state) => (source.load as NonNullable<PriceSource['load']>)(state);
  return out;
}
