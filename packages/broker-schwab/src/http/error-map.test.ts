import { AuthenticationError, InsufficientFundsError, InvalidOrderError, mapHttpError, OrderNotFoundError, PermissionDeniedError, RateLimitError } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { schwabErrorMap } from './error-map.ts';

const map = (status: number, body: unknown) => mapHttpError(schwabErrorMap, status, body, {}, { broker: 'schwab' });

describe('schwabErrorMap', () => {
  it.each([
    [400, { message: 'Order rejected: insufficient buying power for this order', errors: [] }, InsufficientFundsError],
    [400, { message: 'A validation error occurred while processing the request.', errors: ['Invalid price'] }, InvalidOrderError],
    [400, { message: 'Order 123 cannot be canceled (status FILLED)' }, InvalidOrderError],
    [404, { message: 'Order not found' }, OrderNotFoundError],
    [401, { message: 'Access token expired or invalid' }, AuthenticationError],
    [403, { message: 'Forbidden' }, PermissionDeniedError],
    [429, { message: 'Exceeded the order limit' }, RateLimitError],
    [400, { errors: [{ id: '9821320c', status: '400', title: 'Bad Request', detail: 'Invalid symbol' }] }, InvalidOrderError],
    [400, { error: 'Invalid order: duration' }, InvalidOrderError],
    [400, {}, InvalidOrderError],
  ])('%i %j -> %o, keeping the broker message', (status, body, type) => {
    const error = map(status, body);
    expect(error).toBeInstanceOf(type);
    expect(error.broker).toBe('schwab');
  });

  it('keeps Schwab and Market Data messages verbatim and the Market Data error id as request id', () => {
    expect(map(400, { message: 'Order rejected: x', errors: ['a', 'b'] }).brokerMessage).toBe('Order rejected: x; a; b');
    expect(map(400, { errors: [{ id: 'abc', status: '400', title: 'Bad Request', detail: 'Invalid symbol' }] })).toMatchObject({ brokerMessage: 'Bad Request: Invalid symbol', brokerCode: '400', requestId: 'abc' });
  });
});
