import { OrderNotFoundError } from '@invest/broker-core';

const ORDER_ID = /^\d{1,18}$/;

/**
 * E*TRADE order ids are integers (v1-facts §5.3): anything else names no order and so never
 * reaches a URL path or a body. `OrderNotFoundError` before any request otherwise.
 *
 * @example
 * ```ts
 * etradeOrderId('676')        // 676
 * etradeOrderId('../balance') // OrderNotFoundError
 * ```
 */
export function etradeOrderId(id: string): number {
  const value = Number(id);
  if (ORDER_ID.test(id) && Number.isSafeInteger(value) && value > 0) return value;
  throw new OrderNotFoundError(`etrade: no order has id ${JSON.stringify(id.slice(0, 40))} (E*TRADE order ids are whole numbers)`, { broker: 'etrade' });
}
