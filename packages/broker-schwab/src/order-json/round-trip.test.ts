// The two directions of the mapping agree: a request sent as order JSON and read back as the
// broker echoes it (the same fields plus an id and a status) is the order the request described,
// which is what recovery relies on to recognise a lost order among recent ones.
import { parseOrderRequest, type OrderRequestInput } from '@invest/broker-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromOrderJson } from './order.ts';
import { describesOrderRequest } from './recent-match.ts';
import { SCHWAB_DIALECT, toOrderJson } from './request-body.ts';
import { OrderJsonSchema } from './schema.ts';

const cents = fc.integer({ min: 100, max: 1_000_000 }).map((c) => c / 100);

const simpleRequest: fc.Arbitrary<OrderRequestInput> = fc
  .record({
    side: fc.constantFrom('buy', 'sell' as const),
    quantity: fc.integer({ min: 1, max: 10_000 }),
    timeInForce: fc.constantFrom('day', 'gtc', 'fok', 'ioc' as const),
    extendedHours: fc.boolean(),
    kind: fc.constantFrom('market', 'limit', 'stop', 'stop_limit', 'trail_price', 'trail_percent'),
    a: cents,
    b: cents,
    pct: fc.integer({ min: 1, max: 5000 }).map((n) => n / 100),
  })
  .map(({ side, quantity, timeInForce, extendedHours, kind, a, b, pct }) => {
    const base = { symbol: 'MSFT', side, quantity, timeInForce, extendedHours: extendedHours && kind === 'limit' && timeInForce === 'day' };
    switch (kind) {
      case 'limit': return { ...base, type: 'limit', limitPrice: a };
      case 'stop': return { ...base, type: 'stop', stopPrice: a };
      // Core's rule: a buy's limit at or above its stop, a sell's at or below.
      case 'stop_limit': return { ...base, type: 'stop_limit', stopPrice: side === 'buy' ? Math.min(a, b) : Math.max(a, b), limitPrice: side === 'buy' ? Math.max(a, b) : Math.min(a, b) };
      case 'trail_price': return { ...base, type: 'trailing_stop', trailPrice: a };
      case 'trail_percent': return { ...base, type: 'trailing_stop', trailPercent: pct };
      default: return { ...base, type: 'market' };
    }
  });

describe('order JSON round trip', () => {
  it('a request, sent and echoed back, is the order it described (fields and the recovery matcher agree)', () => {
    fc.assert(
      fc.property(simpleRequest, (input) => {
        const req = parseOrderRequest(input);
        const echoed = OrderJsonSchema.parse({ ...toOrderJson(req, SCHWAB_DIALECT), orderId: 42, status: 'WORKING', enteredTime: '2026-03-02T15:00:00+0000', quantity: req.quantity });
        const order = fromOrderJson(echoed, { broker: 'schwab' });
        expect(order).toMatchObject({ symbol: req.symbol, side: req.side, type: req.type, timeInForce: req.timeInForce, quantity: req.quantity, extendedHours: req.extendedHours, status: 'new' });
        for (const key of ['limitPrice', 'stopPrice', 'trailPrice', 'trailPercent'] as const) expect(order[key]).toBe(req[key]);
        expect(describesOrderRequest(req)(order)).toBe(true);
      }),
    );
  });
});
