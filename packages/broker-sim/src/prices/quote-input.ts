import { InvalidOrderError } from '@invest/broker-core';
import type { QuoteInput, SimQuote } from './price-source.ts';

const PRICE_FIELDS = ['bid', 'ask', 'last'] as const;
const SIZE_FIELDS = ['bidSize', 'askSize', 'lastSize'] as const;

/**
 * Checks a quote pushed into the simulator and turns it into a `SimQuote`. Prices must be finite
 * and above 0, sizes finite and 0 or more, at least one price present and the bid not above the
 * ask; anything else is an `InvalidOrderError` whose `field` names the offending member.
 *
 * @example
 * ```ts
 * toSimQuote('AAPL', { bid: 100, ask: 100.02 }, Date.now())
 * ```
 */
export function toSimQuote(symbol: string, input: QuoteInput, now: number, where = 'quote'): SimQuote {
  const bad = (field: string, message: string): never => {
    throw new InvalidOrderError(`Invalid ${where}: ${field}: ${message}`, { field, broker: 'sim', outcome: 'denied' });
  };
  if (typeof input !== 'object' || input === null) bad('(root)', 'must be an object');
  const q: SimQuote = { symbol, time: now };
  for (const f of PRICE_FIELDS) {
    const v = input[f];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) bad(f, `must be a finite number above 0, got ${String(v)}`);
    q[f] = v;
  }
  for (const f of SIZE_FIELDS) {
    const v = input[f];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) bad(f, `must be a finite number of 0 or more, got ${String(v)}`);
    q[f] = v;
  }
  if (q.bid === undefined && q.ask === undefined && q.last === undefined) bad('last', 'is required (or give bid / ask)');
  if (q.bid !== undefined && q.ask !== undefined && q.bid > q.ask) bad('bid', `must not be above ask ${q.ask}, got ${q.bid}`);
  if (input.time !== undefined) {
    const t = typeof input.time === 'number' ? input.time : Date.parse(input.time);
    if (!Number.isFinite(t)) bad('time', `must be epoch milliseconds or an ISO 8601 timestamp, got ${String(input.time)}`);
    q.time = t;
  }
  return q;
}
