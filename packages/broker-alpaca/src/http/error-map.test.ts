import {
  AuthenticationError,
  BrokerError,
  InsufficientFundsError,
  InvalidOrderError,
  mapHttpError,
  OrderNotFoundError,
  PermissionDeniedError,
  RateLimitError,
} from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { alpacaErrorMap, isDuplicateClientOrderId } from './error-map.ts';

const map = (status: number, body: unknown) => mapHttpError(alpacaErrorMap, status, body, {}, { broker: 'alpaca', method: 'POST', path: '/v2/orders' });

describe('alpacaErrorMap', () => {
  it.each<[number, unknown, new (...a: never[]) => BrokerError]>([
    [403, { code: 40310000, message: 'insufficient buying power', buying_power: '10.5' }, InsufficientFundsError],
    [403, { code: 40310000, message: 'insufficient qty available for order (requested: 5, available: 2)' }, InsufficientFundsError],
    [403, { code: 40310000, message: 'trading is blocked for this account' }, PermissionDeniedError],
    [403, { code: 40310000, message: 'pattern day trading protection' }, PermissionDeniedError],
    [403, { code: 40310000, message: 'potential wash trade detected. use complex orders' }, InvalidOrderError],
    [403, { code: 40310000, message: 'some new refusal' }, PermissionDeniedError],
    [422, { code: 40010001, message: 'client_order_id must be unique' }, InvalidOrderError],
    [422, { code: 40010001, message: 'qty must be > 0' }, InvalidOrderError],
    [422, { code: 40010001, message: 'us_equity orders not allowed for account' }, PermissionDeniedError],
    [422, { code: 42210000, message: 'order is not cancelable' }, InvalidOrderError],
    [404, { code: 40410000, message: 'order not found' }, OrderNotFoundError],
    [401, { code: 40110000, message: 'request is not authorized' }, AuthenticationError],
    [429, { code: 42910000, message: 'rate limit exceeded' }, RateLimitError],
    [429, '', RateLimitError],
    [500, { code: 50010000, message: 'internal server error' }, BrokerError],
    [502, '<html>bad gateway</html>', BrokerError],
  ])('%i %j', (status, body, type) => {
    const error = map(status, body);
    expect(error).toBeInstanceOf(type);
    if (typeof body === 'object' && body !== null) {
      const b = body as { code: number; message: string };
      expect(error).toMatchObject({ brokerCode: b.code, brokerMessage: b.message, status, broker: 'alpaca' });
      expect(error.message).toContain(b.message);
    }
    expect(error.retryable).toBe(status >= 500 || status === 429);
  });

  it('tells a duplicate client order id apart', () => {
    expect(isDuplicateClientOrderId(map(422, { code: 40010001, message: 'client_order_id must be unique' }))).toBe(true);
    expect(isDuplicateClientOrderId(map(422, { code: 40010001, message: 'qty must be > 0' }))).toBe(false);
  });
});
