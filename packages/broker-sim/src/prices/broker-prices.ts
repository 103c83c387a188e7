import type { Broker } from '@invest/broker-core';
import type { PriceSource, SimQuote } from './price-source.ts';

/**
 * Paper trading on live prices: quotes come from another broker's `getQuote` (for example an
 * Alpaca account), orders and money stay in the simulator. Errors of the other broker (unknown
 * symbol, connection) reach the caller unchanged.
 *
 * @example
 * ```ts
 * const sim = createSimBroker({ prices: brokerPrices(alpaca) })
 * ```
 */
export function brokerPrices(broker: Pick<Broker, 'getQuote'>): PriceSource & { readonly kind: 'broker' } {
  return {
    kind: 'broker',
    async quote(symbol, now) {
      const q = await broker.getQuote(symbol);
      const out: SimQuote = { symbol, time: now };
      if (q.bid !== undefined) out.bid = q.bid;
      if (q.ask !== undefined) out.ask = q.ask;
      if (q.last !== undefined) out.last = q.last;
      if (q.bidSize !== undefined) out.bidSize = q.bidSize;
      if (q.askSize !== undefined) out.askSize = q.askSize;
      if (q.lastSize !== undefined) out.lastSize = q.lastSize;
      // A bid above the ask (a crossed feed) would fill orders at impossible prices: drop the sides.
      if (out.bid !== undefined && out.ask !== undefined && out.bid > out.ask) {
        delete out.bid;
        delete out.ask;
      }
      return out.bid === undefined && out.ask === undefined && out.last === undefined ? undefined : out;
    },
  };
}
