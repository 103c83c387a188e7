import { BrokerProtocolError, type Quote } from '@invest/broker-core';
import { coreQuote } from '@invest/broker-schwab';
import { TdQuoteEntrySchema } from '../schemas/quote.ts';

/**
 * TD's quote answer -> core `Quote` for `symbol`. A symbol TD does not know is absent from the
 * map: a `BrokerProtocolError` naming it. Times are epoch ms.
 *
 * Example of the raw payload (`GET /marketdata/AAPL/quotes`):
 * ```json
 * { "AAPL": { "assetType": "EQUITY", "symbol": "AAPL", "bidPrice": 99.99, "bidSize": 200, "askPrice": 100.01, "askSize": 300,
 *   "lastPrice": 100, "lastSize": 100, "quoteTimeInLong": 1711722600000, "tradeTimeInLong": 1711722600000, "exchange": "q" } }
 * ```
 *
 * @example
 * ```ts
 * toTdQuote(answer, 'AAPL').ask // 100.01
 * ```
 */
export function toTdQuote(answer: Record<string, unknown>, symbol: string): Quote {
  const entry = TdQuoteEntrySchema.safeParse(answer[symbol]);
  if (!entry.success) throw new BrokerProtocolError(`td: the quote answer has no quote for ${symbol}`, { broker: 'td' });
  const q = entry.data;
  const time = q.quoteTimeInLong ?? q.tradeTimeInLong;
  if (time === undefined) throw new BrokerProtocolError(`td: the quote for ${symbol} has no time`, { broker: 'td' });
  return coreQuote(symbol, time, { bid: q.bidPrice, ask: q.askPrice, last: q.lastPrice, bidSize: q.bidSize, askSize: q.askSize, lastSize: q.lastSize }, answer[symbol], 'td');
}
