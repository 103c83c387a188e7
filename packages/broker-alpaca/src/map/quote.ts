import type { Quote } from '@invest/broker-core';
import type { AlpacaLatestQuote, AlpacaLatestTrade } from '../schemas/market-data.ts';
import { isoTimestamp } from './timestamp.ts';

/**
 * Alpaca's latest quote (and, where given, latest trade) -> core `Quote`. A zero price means the
 * side is empty and is left out; the time is the newer of the two.
 *
 * Example of the raw payloads (`GET /v2/stocks/AAPL/quotes/latest?feed=iex`, `.../trades/latest`):
 * ```json
 * { "symbol": "AAPL", "quote": { "t": "2026-01-02T14:30:00.5Z", "bx": "V", "bp": 99.99, "bs": 2, "ax": "V", "ap": 100.01, "as": 3, "c": ["R"], "z": "C" } }
 * { "symbol": "AAPL", "trade": { "t": "2026-01-02T14:29:59.9Z", "x": "V", "p": 100, "s": 50, "c": ["@"], "i": 52983525029461, "z": "C" } }
 * ```
 *
 * @example
 * ```ts
 * toCoreQuote(latestQuote, latestTrade) // { symbol: 'AAPL', bid: 99.99, ask: 100.01, last: 100, ... }
 * ```
 */
export function toCoreQuote(quote: AlpacaLatestQuote, trade?: AlpacaLatestTrade): Quote {
  const q = quote.quote;
  const result: Quote = { symbol: quote.symbol, timestamp: isoTimestamp(q.t), raw: trade ? { quote, trade } : { quote } };
  if (q.bp > 0) {
    result.bid = q.bp;
    result.bidSize = q.bs;
  }
  if (q.ap > 0) {
    result.ask = q.ap;
    result.askSize = q.as;
  }
  if (trade && trade.trade.p > 0) {
    result.last = trade.trade.p;
    result.lastSize = trade.trade.s;
    const tradeTime = isoTimestamp(trade.trade.t);
    if (tradeTime > result.timestamp) result.timestamp = tradeTime;
  }
  return result;
}
