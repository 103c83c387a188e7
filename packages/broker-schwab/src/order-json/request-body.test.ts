import { InvalidOrderError, parseOrderRequest } from '@invest/broker-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SCHWAB_DIALECT, toOrderJson } from './request-body.ts';

describe('toOrderJson', () => {
  it('sends prices without float noise', () => {
    expect(toOrderJson(parseOrderRequest({ symbol: 'AAPL', side: 'buy', quantity: 1, type: 'limit', limitPrice: 100.1 + 0.2 }), SCHWAB_DIALECT).price).toBe(100.3);
  });

  it('refuses a sub-penny price at $1 or more (denied, naming the field) rather than rounding it', () => {
    const req = parseOrderRequest({ symbol: 'AAPL', side: 'buy', quantity: 1, type: 'limit', limitPrice: 180.255 });
    expect(() => toOrderJson(req, SCHWAB_DIALECT)).toThrow(InvalidOrderError);
    expect(() => toOrderJson(req, SCHWAB_DIALECT)).toThrow(/limitPrice.*2 decimal places/);
  });

  it('refuses a time in force the dialect has no duration for', () => {
    const td = { ...SCHWAB_DIALECT, broker: 'td', durations: { day: 'DAY' as const } };
    expect(() => toOrderJson(parseOrderRequest({ symbol: 'AAPL', side: 'buy', quantity: 1, timeInForce: 'gtc' }), td)).toThrow(/timeInForce: td has no gtc/);
  });

  it('any whole quantity and cent price round-trips exactly into the JSON numbers', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 100, max: 10_000_000 }), (quantity, cents) => {
      const body = toOrderJson(parseOrderRequest({ symbol: 'AAPL', side: 'sell', quantity, type: 'limit', limitPrice: cents / 100 }), SCHWAB_DIALECT);
      expect(body.orderLegCollection?.[0]).toMatchObject({ instruction: 'SELL', quantity });
      expect(Math.round(body.price! * 100)).toBe(cents);
      expect(String(body.price)).toMatch(/^\d+(\.\d{1,2})?$/);
    }));
  });
});
