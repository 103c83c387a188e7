import type { Quote } from '@invest/broker-core';

export interface QuoteComparison {
  symbol: string;
  quotes: { broker: string; bid?: number; ask?: number; last?: number; timestamp: string }[];
  bestBid?: { broker: string; price: number };
  bestAsk?: { broker: string; price: number };
  /**
   * True when one broker's bid is above another broker's ask: buying at the ask on one and
   * selling at the bid on the other would lock in the difference (before costs) — the original's
   * "arbitrage detection".
   */
  crossed: boolean;
  /** bestBid - bestAsk where crossed (positive), else undefined. */
  edge?: number;
}

/**
 * Best bid and best ask for one symbol across brokers, and whether they cross.
 *
 * @example
 * ```ts
 * compareQuotes('AAPL', [{ broker: 'a', quote: await a.getQuote('AAPL') }, { broker: 'b', quote: await b.getQuote('AAPL') }])
 * ```
 */
export function compareQuotes(symbol: string, quotes: readonly { broker: string; quote: Quote }[]): QuoteComparison {
  let bestBid: QuoteComparison['bestBid'];
  let bestAsk: QuoteComparison['bestAsk'];
  for (const { broker, quote } of quotes) {
    if (quote.bid !== undefined && (!bestBid || quote.bid > bestBid.price)) bestBid = { broker, price: quote.bid };
    if (quote.ask !== undefined && (!bestAsk || quote.ask < bestAsk.price)) bestAsk = { broker, price: quote.ask };
  }
  const crossed = Boolean(bestBid && bestAsk && bestBid.broker !== bestAsk.broker && bestBid.price > bestAsk.price);
  const result: QuoteComparison = {
    symbol,
    quotes: quotes.map(({ broker, quote }) => ({ broker, bid: quote.bid, ask: quote.ask, last: quote.last, timestamp: quote.timestamp })),
    crossed,
  };
  if (bestBid) result.bestBid = bestBid;
  if (bestAsk) result.bestAsk = bestAsk;
  if (crossed) result.edge = Math.round((bestBid!.price - bestAsk!.price) * 1e8) / 1e8;
  return result;
}
