import { NotFoundError, type BrokerError, type Logger, type Quote } from '@invest/broker-core';
import { toCoreQuote } from '../map/quote.ts';
import type { TwsConnection } from './connection.ts';
import { ibkrErrorKind } from './error-map.ts';
import { readSnapshot } from './reads.ts';

/** IB market data types (reqMarketDataType): live, and delayed where live is not subscribed. */
const MARKET_DATA = { live: 1, delayed: 3 } as const;

/**
 * Snapshot quotes on one connection. Without a live subscription, delayed data is asked for once
 * per connection (when `delayedData` allows it); without any, TWS's refusal is thrown as mapped
 * (a `PermissionDeniedError` saying so). TWS forgets the market data type with the connection:
 * `reset` on every (re)connect.
 *
 * @example
 * ```ts
 * const quotes = new TwsQuotes(tws, { delayedData: true, timeoutMs: 11_000 }, log)
 * const quote = await quotes.read('AAPL', new Date().toISOString())
 * ```
 */
export class TwsQuotes {
  #dataType: number = MARKET_DATA.live;

  constructor(
    private readonly tws: TwsConnection,
    private readonly options: { delayedData: boolean; timeoutMs: number },
    private readonly log: Logger,
  ) {}

  /** The connection is new: TWS starts on live data again. */
  reset(): void {
    this.#dataType = MARKET_DATA.live;
  }

  async read(symbol: string, at: string): Promise<Quote> {
    const { timeoutMs, delayedData } = this.options;
    let ticks;
    try {
      ticks = await readSnapshot(this.tws, symbol, timeoutMs);
    } catch (error) {
      const code = (error as BrokerError).brokerCode;
      if (typeof code !== 'number' || ibkrErrorKind(code, '') !== 'delayed_available' || !delayedData || this.#dataType === MARKET_DATA.delayed) throw error;
      this.log.info('no live market data subscription; asking for delayed data', { symbol, code });
      await this.tws.send((ib) => ib.reqMarketDataType(MARKET_DATA.delayed));
      this.#dataType = MARKET_DATA.delayed;
      ticks = await readSnapshot(this.tws, symbol, timeoutMs);
    }
    const quote = toCoreQuote(symbol, ticks, at);
    if (!quote) throw new NotFoundError(`ibkr: quote ${symbol}: TWS sent no prices`, { broker: 'ibkr' });
    return quote;
  }
}
