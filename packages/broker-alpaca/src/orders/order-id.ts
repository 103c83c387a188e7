import { OrderNotFoundError } from '@invest/broker-core';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Alpaca order ids are UUIDs: anything else names no order, and so never reaches a URL path.
 * Returns the id in lower case; `OrderNotFoundError` (before any request) otherwise.
 *
 * @example
 * ```ts
 * alpacaOrderId('0B6C3A52-6A0F-4D42-9D8E-3F4F2F1A7C10') // '0b6c3a52-6a0f-4d42-9d8e-3f4f2f1a7c10'
 * alpacaOrderId('../account')                           // OrderNotFoundError
 * ```
 */
export function alpacaOrderId(id: string): string {
  if (UUID.test(id)) return id.toLowerCase();
  throw new OrderNotFoundError(`alpaca: no order has id ${JSON.stringify(id.slice(0, 40))} (Alpaca order ids are UUIDs)`, { broker: 'alpaca' });
}
