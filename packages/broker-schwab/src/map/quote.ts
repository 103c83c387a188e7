import { BrokerProtocolError, type Quote } from '@invest/broker-core';
import { SchwabQuoteEntrySchema } from '../schemas/quote.ts';

const positive = (n: number | undefined): number | undefined => (n !== undefined && n > 0 ? n : undefined);

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
  const quote: Quote = { symbol, timestamp: new Date(q.quoteTime ?? q.tradeTime ?? Date.now()).toISOString(), raw: answer[symbol] };
  const bid = positive(q.bidPrice);
  const ask = positive(q.askPrice);
  const last = positive(q.lastPrice);
  if (bid !== undefined) quote.bid = bid;
  if (ask !== undefined) quote.ask = ask;
  if (last !== undefined) quote.last = last;
  if (q.bidSize !== undefined) quote.bidSize = q.bidSize;
  if (q.askSize !== undefined) quote.askSize = q.askSize;
  if (q.lastSize !== undefined) quote.lastSize = q.lastSize;
  if (bid === undefined && ask === undefined && last === undefined) throw new BrokerProtocolError(`${broker}: the quote for ${symbol} has no price`, { broker });
  return quote;
}
