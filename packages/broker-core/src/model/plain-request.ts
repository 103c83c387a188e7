import type { TimeInForce } from './enums.ts';

/** The schema's fields in its order (its output has them in this order). */
const FIELDS = [
  'symbol', 'side', 'quantity', 'notional', 'type', 'timeInForce', 'limitPrice', 'stopPrice', 'trailPrice', 'trailPercent',
  'extendedHours', 'clientOrderId', 'orderClass', 'takeProfit', 'stopLoss',
] as const;
const KNOWN: ReadonlySet<string> = new Set(FIELDS);
const SIDES: ReadonlySet<unknown> = new Set(['buy', 'sell']);
const TIMES_IN_FORCE: ReadonlySet<unknown> = new Set<TimeInForce>(['day', 'gtc', 'ioc', 'fok', 'opg', 'cls']);
/** Order types this path takes, with the prices each needs: every other field must be absent. */
const PRICES: ReadonlyMap<unknown, { limit: boolean; stop: boolean }> = new Map([
  ['market', { limit: false, stop: false }],
  ['limit', { limit: true, stop: false }],
  ['stop', { limit: false, stop: true }],
  ['stop_limit', { limit: true, stop: true }],
]);
/** The schema's symbol and client order id patterns (`symbolSchema`, `clientOrderIdSchema`). */
const SYMBOL = /^[A-Za-z0-9][A-Za-z0-9./\- ]*$/;
const CLIENT_ORDER_ID = /^[A-Za-z0-9._:\-]+$/;

const positive = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

/**
 * The everyday order request (simple class, by quantity, market / limit / stop / stop-limit)
 * read with plain checks instead of the zod schema: what `OrderRequestSchema` would return for
 * it, key for key. Anything else (notional, trailing stops, legs, unknown keys, any value the
 * schema would refuse) gives undefined, and the caller asks the schema, so errors are always the
 * schema's. A property test holds the two to the same result.
 *
 * @example
 * ```ts
 * readPlainOrderRequest({ symbol: 'aapl', side: 'buy', quantity: 1 }) // { symbol: 'AAPL', ..., type: 'market', timeInForce: 'day', ... }
 * readPlainOrderRequest({ symbol: 'AAPL', side: 'buy', notional: 100 }) // undefined: the schema decides
 * ```
 */
export function readPlainOrderRequest(input: unknown): Record<string, unknown> | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return undefined;
  // The schema is strict: an unknown key (it looks with for-in, as here) is its error to give.
  for (const key in input) if (!KNOWN.has(key)) return undefined;
  const o = input as Partial<Record<(typeof FIELDS)[number], unknown>>;
  // Each field read once, in the schema's order.
  const rawSymbol = o.symbol;
  const side = o.side;
  const quantity = o.quantity;
  const notional = o.notional;
  const rawType = o.type;
  const rawTif = o.timeInForce;
  const limitPrice = o.limitPrice;
  const stopPrice = o.stopPrice;
  const trailPrice = o.trailPrice;
  const trailPercent = o.trailPercent;
  const rawExtended = o.extendedHours;
  const clientOrderId = o.clientOrderId;
  const orderClass = o.orderClass;
  const takeProfit = o.takeProfit;
  const stopLoss = o.stopLoss;

  if (typeof rawSymbol !== 'string') return undefined;
  const trimmed = rawSymbol.trim();
  if (trimmed.length === 0 || trimmed.length > 32 || !SYMBOL.test(trimmed)) return undefined;
  if (!SIDES.has(side) || !positive(quantity)) return undefined;
  if (notional !== undefined || trailPrice !== undefined || trailPercent !== undefined || takeProfit !== undefined || stopLoss !== undefined) return undefined;
  if (orderClass !== undefined && orderClass !== 'simple') return undefined;
  const type = rawType === undefined ? 'market' : rawType;
  const prices = PRICES.get(type);
  if (prices === undefined) return undefined;
  const timeInForce = rawTif === undefined ? 'day' : rawTif;
  if (!TIMES_IN_FORCE.has(timeInForce)) return undefined;
  if (prices.limit ? !positive(limitPrice) : limitPrice !== undefined) return undefined;
  if (prices.stop ? !positive(stopPrice) : stopPrice !== undefined) return undefined;
  if (type === 'stop_limit' && (side === 'buy' ? (limitPrice as number) < (stopPrice as number) : (limitPrice as number) > (stopPrice as number))) return undefined;
  const extendedHours = rawExtended === undefined ? false : rawExtended;
  if (typeof extendedHours !== 'boolean') return undefined;
  if (extendedHours && (type !== 'limit' || timeInForce !== 'day')) return undefined;
  if (clientOrderId !== undefined && (typeof clientOrderId !== 'string' || clientOrderId.length === 0 || clientOrderId.length > 128 || !CLIENT_ORDER_ID.test(clientOrderId))) {
    return undefined;
  }

  // The schema's output: its keys in its order, defaults filled, optional keys present only when
  // the input had them (even as undefined).
  const out: Record<string, unknown> = { symbol: trimmed.toUpperCase(), side, quantity };
  if ('notional' in o) out.notional = undefined;
  out.type = type;
  out.timeInForce = timeInForce;
  if ('limitPrice' in o) out.limitPrice = limitPrice;
  if ('stopPrice' in o) out.stopPrice = stopPrice;
  if ('trailPrice' in o) out.trailPrice = undefined;
  if ('trailPercent' in o) out.trailPercent = undefined;
  out.extendedHours = extendedHours;
  if ('clientOrderId' in o) out.clientOrderId = clientOrderId;
  out.orderClass = 'simple';
  if ('takeProfit' in o) out.takeProfit = undefined;
  if ('stopLoss' in o) out.stopLoss = undefined;
  return out;
}
