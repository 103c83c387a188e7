import { BrokerProtocolError, formatIssues } from '@invest/broker-core';
import type { z } from 'zod';

/**
 * Checks a message @stoqey/ib decoded against the schema of what the adapter reads from it. A
 * message that does not fit is a `BrokerProtocolError` naming the message and the fields.
 *
 * @example
 * ```ts
 * const status = decodeMessage(IbOrderStatusSchema, { orderId, status, filled, avgFillPrice }, 'orderStatus')
 * ```
 */
export function decodeMessage<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new BrokerProtocolError(`ibkr: unexpected ${what} from TWS: ${formatIssues(result.error).map((i) => `${i.field}: ${i.message}`).join('; ')}`, { broker: 'ibkr' });
}
