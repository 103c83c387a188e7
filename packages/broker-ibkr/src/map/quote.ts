import type { Quote } from '@invest/broker-core';
import { IBKR_TICKS } from '../schemas/tick.ts';
import type { IbTick } from '../schemas/tick.ts';

/**
 * A core quote from the ticks of one snapshot (live or delayed tick types alike). IB sends -1 or
 * 0 for a side it has no price for; those are left out. Undefined when no price came at all.
 *
 * Raw example: `[{ tickType: 1, value: 99.9 }, { tickType: 2, value: 100.1 }, { tickType: 4, value: 100 }]`
 *
 * @example
 * ```ts
 * toCoreQuote('AAPL', ticks, now) // { symbol: 'AAPL', bid: 99.9, ask: 100.1, last: 100, ... }
 * ```
 */
export function toCoreQuote(symbol: string, ticks: readonly IbTick[], now: string): Quote | undefined {
  const latest = (types: readonly number[]): number | undefined => {
    const tick = ticks.findLast((t) => types.includes(t.tickType));
    return tick === undefined || !(tick.value > 0) ? undefined : tick.value;
  };
  const quote: Quote = { symbol, timestamp: now, raw: ticks };
  const bid = latest(IBKR_TICKS.bid);
  const ask = latest(IBKR_TICKS.ask);
  const last = latest(IBKR_TICKS.last);
  if (bid === undefined && ask === undefined && last === undefined) return undefined;
  if (bid !== undefined) quote.bid = bid;
  if (ask !== undefined) quote.ask = ask;
  if (last !== undefined) quote.last = last;
  const sizes: [keyof Quote & ('bidSize' | 'askSize' | 'lastSize'), readonly number[]][] = [['bidSize', IBKR_TICKS.bidSize], ['askSize', IBKR_TICKS.askSize], ['lastSize', IBKR_TICKS.lastSize]];
  for (const [field, types] of sizes) {
    const size = ticks.findLast((t) => types.includes(t.tickType))?.value;
    if (size !== undefined && size >= 0) quote[field] = size;
  }
  return quote;
}
