import { BrokerProtocolError } from '@invest/broker-core';

const ORDER_PATH = /\/accounts\/([^/]+)\/orders\/(\d{1,19})\/?$/;

/**
 * The new order's id from a `201 Created` answer's `Location` header
 * (`https://api.schwabapi.com/trader/v1/accounts/{account}/orders/{orderId}`), checked to name this
 * account. A missing or unreadable header, or one naming another account, is a
 * `BrokerProtocolError` with outcome `unknown`: the order was accepted somewhere, so it is looked
 * up among this account's recent orders and never sent again.
 *
 * @example
 * ```ts
 * orderIdFromLocation('https://api.schwabapi.com/trader/v1/accounts/E5B9.../orders/1000001234', 'E5B9...', 'schwab') // '1000001234'
 * ```
 */
export function orderIdFromLocation(location: string | null | undefined, account: string, broker: string): string {
  const fail = (why: string): never => {
    throw new BrokerProtocolError(`${broker}: the order was accepted, but ${why}; looking it up instead`, { broker, outcome: 'unknown' });
  };
  if (!location) return fail('the answer has no Location header');
  let path: string;
  try {
    path = new URL(location, 'https://location.invalid').pathname;
  } catch {
    return fail('its Location header is not a URL');
  }
  const match = ORDER_PATH.exec(path);
  if (!match) return fail('its Location header names no order');
  if (decodeURIComponent(match[1]!) !== account) return fail('its Location header names another account (a mismatch)');
  return match[2]!;
}
