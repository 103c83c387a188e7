import { describe, expect, it } from 'vitest';
import { ibkrError, ibkrErrorKind, isIbkrNotice } from './error-map.ts';

describe('IB error codes by table', () => {
  it.each([2100, 2104, 2106, 2158, 2199, 1102, 10167, 399])('%i is a notice, never an error', (code) => {
    expect(isIbkrNotice(code)).toBe(true);
    expect(ibkrError(code, 'text', { what: 'x' })).toBeUndefined();
  });

  it.each([
    [201, 'Order rejected - reason: no', 'INVALID_ORDER', 'rejected'],
    [201, 'Order rejected - reason: Insufficient equity with loan', 'INSUFFICIENT_FUNDS', 'rejected'],
    [110, 'price does not conform', 'INVALID_ORDER', 'rejected'],
    [103, 'Duplicate order id', 'INVALID_ORDER', 'rejected'],
    [10147, 'not found', 'ORDER_NOT_FOUND', 'rejected'],
    [10148, 'cannot be cancelled', 'ORDER_STATE', 'rejected'],
    [100, 'Max rate of messages per second has been exceeded', 'RATE_LIMIT', 'rejected'],
  ])('order answer %i "%s" -> %s (%s)', (code, text, errorCode, outcome) => {
    expect(ibkrError(code, text, { what: 'order 1', forOrder: true })).toMatchObject({ code: errorCode, outcome, brokerCode: code, brokerMessage: text });
  });

  it('keeps IB code and text, and marks unknown codes by context', () => {
    expect(ibkrErrorKind(9999, 'x', true)).toBe('rejected');
    expect(ibkrErrorKind(9999, 'x', false)).toBe('protocol');
    expect(ibkrError(354, 'Requested market data is not subscribed.', { what: 'quote AAPL' })).toMatchObject({ code: 'PERMISSION_DENIED', message: expect.stringMatching(/quote AAPL: no market data subscription/) });
    expect(ibkrError(326, 'in use', { what: 'connect' })).toMatchObject({ code: 'CONFIG', path: 'clientId' });
    expect(ibkrError(1100, 'Connectivity between IB and TWS has been lost.', { what: 'order 1', forOrder: true })).toMatchObject({ code: 'CONNECTION', outcome: 'unknown' });
  });
});
