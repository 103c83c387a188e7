import type { Quote } from '@invest/broker-core';
import type { EtradeQuoteData } from '../schemas/quote.ts';

const positive = (value: number | undefined): number | undefined => (value !== undefined && value > 0 ? value : undefined);

/**
 * A `QuoteData` as a core quote; zero prices (no market) are left out. `dateTimeUTC` is epoch
 * seconds (v1-facts §1). A raw example (v1-facts §6.1):
 *
 * ```json
 * { "dateTimeUTC": 1583968000, "quoteStatus": "DELAYED", "Product": { "symbol": "AAPL", "securityType": "EQ" },
 *   "All": { "ask": 150.1, "askSize": 100, "bid": 150, "bidSize": 200, "lastTrade": 150.05 } }
 * ```
 *
 * @example
 * ```ts
 * toCoreQuote(raw, Date.now()).bid // 150
 * ```
 */
export function toCoreQuote(raw: EtradeQuoteData, now: number): Quote {
  const block = raw.All ?? raw.Intraday ?? {};
  const quote: Quote = {
    symbol: raw.Product.symbol.toUpperCase(),
    timestamp: new Date(raw.dateTimeUTC !== undefined && raw.dateTimeUTC > 0 ? raw.dateTimeUTC * 1000 : now).toISOString(),
    raw,
  };
  const bid = positive(block.bid);
  const ask = positive(block.ask);
  const last = positive(block.lastTrade);
  if (bid !== undefined) quote.bid = bid;
  if (ask !== undefined) quote.ask = ask;
  if (last !== undefined) quote.last = last;
  if (bid !== undefined && block.bidSize !== undefined) quote.bidSize = block.bidSize;
  if (ask !== undefined && block.askSize !== undefined) quote.askSize = block.askSize;
  return quote;
}
