import type { Broker } from '@invest/broker-core';
import type { PriceSource, SimQuote } from './price-source.ts';
import { withQuoteSides } from './quote-sides.ts';

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
      const out = withQuoteSides<SimQuote>({ symbol, time: now }, q);
      // A bid above the ask (a crossed feed) would fill orders at impossible prices: drop the sides.
      if (out.bid !== undefined && out.ask !== undefined && out.bid > out.ask) {
        delete out.bid;
        delete out.ask;
      }
      return out.bid === undefined && out.ask === undefined && out.last === undefined ? undefined : out;
    },
  };
}
