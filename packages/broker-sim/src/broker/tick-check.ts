import { InvalidOrderError } from '@invest/broker-core';
import type { SimQuote } from '../prices/price-source.ts';

/** A quote for `tick`: a `SimQuote` whose time may be left out (then the clock's). */
export type TickInput = Omit<SimQuote, 'time'> & { time?: number };

/** Refuses a quote's field. */
function badTick(field: string, value: unknown): never {
  throw new InvalidOrderError(`Invalid quote: ${field}: must be a finite number${field.endsWith('Size') ? ' of 0 or more' : ' above 0'}, got ${String(value)}`, { field, broker: 'sim', outcome: 'denied' });
}

/**
 * Cheap checks for the tick path (a backtest's quotes, not a schema run per tick): the quote's
 * prices, sizes and time, refused by field with `InvalidOrderError`.
 *
 * @example
 * ```ts
 * checkTick({ symbol: 'AAPL', bid: -1 }) // InvalidOrderError: Invalid quote: bid: ...
 * ```
 */
export function checkTick(q: TickInput): void {
  const bad = badTick;
  const { bid, ask, last } = q;
  if (bid !== undefined && !(bid > 0 && bid < Infinity)) bad('bid', bid);
  if (ask !== undefined && !(ask > 0 && ask < Infinity)) bad('ask', ask);
  if (last !== undefined && !(last > 0 && last < Infinity)) bad('last', last);
  if (bid === undefined && ask === undefined && last === undefined) bad('last', last);
  if (q.bidSize !== undefined && !(q.bidSize >= 0 && q.bidSize < Infinity)) bad('bidSize', q.bidSize);
  if (q.askSize !== undefined && !(q.askSize >= 0 && q.askSize < Infinity)) bad('askSize', q.askSize);
  if (q.lastSize !== undefined && !(q.lastSize >= 0 && q.lastSize < Infinity)) bad('lastSize', q.lastSize);
  if (typeof q.symbol !== 'string' || q.symbol === '') {
    throw new InvalidOrderError('Invalid quote: symbol: must be a non-empty string', { field: 'symbol', broker: 'sim', outcome: 'denied' });
  }
  if (q.time !== undefined && !Number.isFinite(q.time)) {
    throw new InvalidOrderError(`Invalid quote: time: must be epoch milliseconds, got ${String(q.time)}`, { field: 'time', broker: 'sim', outcome: 'denied' });
  }
}
