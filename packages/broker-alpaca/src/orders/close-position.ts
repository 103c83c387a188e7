import { BrokerProtocolError, ConnectionError, isBrokerError, parseInput, symbolSchema, type HttpResult, type Order } from '@invest/broker-core';
import { z } from 'zod';
import { ALPACA_PRECISION } from '../capabilities.ts';
import type { AlpacaHttp } from '../http/client.ts';
import { toDecimalString } from '../map/decimal.ts';
import { toCoreOrder } from '../map/order.ts';
import { positionPath } from '../map/position.ts';
import { AlpacaOrderSchema, type AlpacaOrder } from '../schemas/order.ts';

/** How to close a position: all of it (default), a quantity, or a percentage. */
export type ClosePositionOptions = { quantity?: number; percentage?: undefined } | { percentage: number; quantity?: undefined };

/**
 * `closePosition`'s options. They are an input of this adapter only (no core `Broker` method takes
 * them), so the adapter parses them itself, through core's `parseInput`.
 */
export const ClosePositionOptionsSchema = z
  .strictObject({
    quantity: z.number({ error: 'must be a number' }).positive({ error: 'must be greater than 0' }).optional(),
    percentage: z.number({ error: 'must be a number' }).gt(0, { error: 'must be above 0 and at most 100' }).max(100, { error: 'must be above 0 and at most 100' }).optional(),
  })
  .refine((o) => o.quantity === undefined || o.percentage === undefined, { path: ['percentage'], error: 'cannot be given together with quantity' });

/**
 * Closes a position (`DELETE /v2/positions/{symbol}`): all of it, `quantity` shares, or
 * `percentage` percent; resolves with the closing order. Symbol and options are parsed first
 * (`InvalidOrderError`, nothing sent). Sent once and never retried: there is no client order id to
 * look the closing order up by, so a lost answer is a `ConnectionError` with outcome `unknown`.
 *
 * @example
 * ```ts
 * const order = await closeAlpacaPosition(http, 'AAPL', { percentage: 50 })
 * ```
 */
export async function closeAlpacaPosition(http: AlpacaHttp, symbol: unknown, options: unknown = {}): Promise<Order> {
  const sym = parseInput(symbolSchema, symbol, 'symbol', { broker: 'alpaca', field: 'symbol' });
  const query = closeQuery(parseInput(ClosePositionOptionsSchema, options, 'close', { broker: 'alpaca' }));
  let result: HttpResult<AlpacaOrder>;
  try {
    // Closing places an order: never sent twice on a lost answer.
    result = await http.trading.delete(positionPath(sym), { query, schema: AlpacaOrderSchema, idempotent: false });
  } catch (error) {
    const lost = error instanceof ConnectionError || (isBrokerError(error) && (error.status ?? 0) >= 500) || error instanceof BrokerProtocolError;
    if (!lost) throw error;
    throw new ConnectionError(`alpaca: closing ${sym} may have placed an order; the answer was lost. Check getPosition and listOrders before trying again`, {
      broker: 'alpaca', outcome: 'unknown', retryable: false, cause: error,
    });
  }
  return toCoreOrder(result.data);
}

function closeQuery(options: z.output<typeof ClosePositionOptionsSchema>): Record<string, string> {
  if (options.quantity !== undefined) return { qty: toDecimalString(options.quantity, 'quantity', ALPACA_PRECISION.quantity) };
  if (options.percentage !== undefined) return { percentage: toDecimalString(options.percentage, 'percentage', 9) };
  return {};
}
