import { BrokerProtocolError, type Quote } from '@invest/broker-core';
import { SchwabQuoteEntrySchema } from '../schemas/quote.ts';

const positive = (n: number | undefined): number | undefined => (n !== undefined && n > 0 ? n : undefined);

/** The prices and sizes of one quote, as the broker gives them (a price of 0 means none). */
export interface QuoteFields {
  bid?: number | undefined;
  ask?: number | undefined;
  last?: number | undefined;
  bidSize?: number | undefined;
  askSize?: number | undefined;
  lastSize?: number | undefined;
}

/**
 * A core `Quote` from a quote's fields; a `BrokerProtocolError` when it has no price at all.
 *
 * @example
 * ```ts
 * coreQuote('AAPL', 1711722600000, { bid: 99.99, ask: 100.01 }, raw, 'td').ask // 100.01
 * ```
 */
export function coreQuote(symbol: string, timeMs: number, fields: QuoteFields, raw: unknown, broker: string): Quote {
  const quote: Quote = { symbol, timestamp: new Date(timeMs).toISOString(), raw };
  const bid = positive(fields.bid);
  const ask = positive(fields.ask);
  const last = positive(fields.last);
  if (bid === undefined && ask === undefined && last === undefined) throw new BrokerProtocolError(`${broker}: the quote for ${symbol} has no price`, { broker });
  if (bid !== undefined) quote.bid = bid;
  if (ask !== undefined) quote.ask = ask;
  if (last !== undefined) quote.last = last;
  if (fields.bidSize !== undefined) quote.bidSize = fields.bidSize;
  if (fields.askSize !== undefined) quote.askSize = fields.askSize;
  if (fields.lastSize !== undefined) quote.lastSize = fields.lastSize;
  return quote;
}

/**
 * The Market Data API's quote answer -> core `Quote` for `symbol`. The answer is a map keyed by
 * symbol; a symbol Schwab does not know comes back absent (or under `errors`), which is a
 * `BrokerProtocolError` naming it. Times are epoch ms.
 *
 * Example of the raw payload (`GET /marketdata/v1/AAPL/quotes?fields=quote`):
 * ```json
 * { "AAPL": { "assetMainType": "EQUITY", "symbol": "AAPL", "realtime": true, "ssid": 1973757747,
 *   "quote": { "bidPrice": 99.99, "bidSize": 200, "askPrice": 100.01, "askSize": 300, "lastPrice": 100, "lastSize": 100,
 *     "quoteTime": 1711722600000, "tradeTime": 1711722600000 } } }
 * ```
 *
 * @example
 * ```ts
 * toCoreQuote(answer, 'AAPL', 'schwab').bid // 99.99
 * ```
 */
export function toCoreQuote(answer: Record<string, unknown>, symbol: string, broker: string): Quote {
  const entry = SchwabQuoteEntrySchema.safeParse(answer[symbol]);
  const q = entry.success ? entry.data.quote : undefined;
  if (!entry.success || !q) throw new BrokerProtocolError(`${broker}: the quote answer has no quote for ${symbol}`, { broker });
  const time = q.quoteTime ?? q.tradeTime;
  if (time === undefined) throw new BrokerProtocolError(`${broker}: the quote for ${symbol} has no time`, { broker });
  return coreQuote(symbol, time, { bid: q.bidPrice, ask: q.askPrice, last: q.lastPrice, bidSize: q.bidSize, askSize: q.askSize, lastSize: q.lastSize }, answer[symbol], broker);
}
