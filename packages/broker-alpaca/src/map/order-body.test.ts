import { Decimal, InvalidOrderError, parseOrderRequest } from '@invest/broker-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tradingContract } from '../../test/contract/contract-guard.ts';
import { AlpacaOrderBodySchema, AlpacaReplaceBodySchema } from '../schemas/order-body.ts';
import { toDecimalString } from './decimal.ts';
import { toAlpacaOrderBody, toAlpacaReplaceBody } from './order-body.ts';

const postOrder = tradingContract.match('POST', '/v2/orders')!;
const patchOrder = tradingContract.match('PATCH', '/v2/orders/0b6c3a52-6a0f-4d42-9d8e-3f4f2f1a7c10')!;

/** Decimals with at most `places` places, as a caller would write them. */
const decimal = (min: number, max: number, places: number) =>
  fc.integer({ min: Math.round(min * 10 ** places), max: Math.round(max * 10 ** places) }).map((units) => Number(Decimal.ofUnits(BigInt(units), places).toString()));

describe('toDecimalString', () => {
  it('writes any decimal of up to 9 places exactly as written, without exponent or float noise', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 15n }), fc.integer({ min: 0, max: 9 }), (units, places) => {
        const text = Decimal.ofUnits(units, places).toString();
        const sent = toDecimalString(Number(text), 'quantity', 9);
        expect(sent).toBe(Decimal.from(Number(text)).toString());
        expect(sent).not.toMatch(/e/i);
        expect(Number(sent)).toBe(Number(text));
      }),
      { numRuns: 2000, seed: 7 },
    );
  });

  it('removes binary noise from arithmetic results', () => {
    expect(toDecimalString(0.1 + 0.2, 'limitPrice', 4)).toBe('0.3');
    expect(toDecimalString(1.1 * 3, 'quantity', 9)).toBe('3.3');
    expect(toDecimalString(1e-7, 'quantity', 9)).toBe('0.0000001');
    expect(toDecimalString(123456789, 'quantity', 9)).toBe('123456789');
  });

  it('refuses more places than Alpaca takes instead of rounding', () => {
    expect(() => toDecimalString(180.255, 'limitPrice', 2)).toThrow(InvalidOrderError);
    expect(() => toDecimalString(0.0000000001, 'quantity', 9)).toThrow(/at most 9 decimal places/);
  });
});

describe('toAlpacaOrderBody', () => {
  const request = fc.oneof(
    fc.record({ type: fc.constant('market' as const), quantity: decimal(0.000000001, 5000, 9), side: fc.constantFrom('buy' as const, 'sell' as const) }),
    fc.record({ type: fc.constant('limit' as const), quantity: decimal(1, 5000, 0), limitPrice: decimal(1, 2000, 2), side: fc.constantFrom('buy' as const, 'sell' as const), timeInForce: fc.constantFrom('day' as const, 'gtc' as const, 'ioc' as const, 'fok' as const) }),
    fc.record({ type: fc.constant('limit' as const), quantity: decimal(1, 5000, 0), limitPrice: decimal(0.0001, 0.9999, 4), side: fc.constant('buy' as const) }),
    fc.record({ type: fc.constant('trailing_stop' as const), quantity: decimal(1, 500, 0), trailPercent: decimal(0.01, 50, 2), side: fc.constant('sell' as const) }),
    fc.record({ type: fc.constant('market' as const), notional: decimal(1, 100_000, 2), side: fc.constant('buy' as const) }),
  );

  it('builds bodies that fit the contract and carry the caller\'s numbers exactly', () => {
    fc.assert(
      fc.property(request, (fields) => {
        const req = parseOrderRequest({ symbol: 'AAPL', clientOrderId: 'prop-1', ...fields }, { clientOrderId: { maxLength: 128, charset: 'A-Za-z0-9._:-' } });
        const body = toAlpacaOrderBody(req);
        expect(AlpacaOrderBodySchema.parse(body)).toEqual(body);
        expect(tradingContract.checkRequest(postOrder, { query: {}, body })).toEqual({ ok: true, errors: [] });
        if (req.quantity !== undefined) expect(Number(body.qty)).toBe(req.quantity);
        if (req.notional !== undefined) expect(Number(body.notional)).toBe(req.notional);
        if (req.limitPrice !== undefined) expect(Number(body.limit_price)).toBe(req.limitPrice);
        if (req.trailPercent !== undefined) expect(Number(body.trail_percent)).toBe(req.trailPercent);
      }),
      { numRuns: 1000, seed: 11 },
    );
  });
});

describe('toAlpacaReplaceBody', () => {
  const current = { id: 'o-1', trailPercent: 2 } as never;

  it('builds the PATCH body; one trail field whose kind follows the order', () => {
    const body = toAlpacaReplaceBody({ quantity: 4, limitPrice: 99.5, timeInForce: 'gtc' }, 'rp-1', undefined);
    expect(body).toEqual({ qty: '4', time_in_force: 'gtc', limit_price: '99.5', client_order_id: 'rp-1' });
    expect(tradingContract.checkRequest(patchOrder, { query: {}, body }).ok).toBe(true);
    expect(AlpacaReplaceBodySchema.parse(toAlpacaReplaceBody({ trailPercent: 3 }, 'rp-2', current))).toEqual({ trail: '3', client_order_id: 'rp-2' });
    expect(() => toAlpacaReplaceBody({ trailPrice: 1 }, 'rp-3', current)).toThrow(/does not trail by price/);
  });
});
