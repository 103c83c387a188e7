import { parseOrderRequest } from '@invest/broker-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ETRADE_CAPABILITIES } from '../capabilities.ts';
import { etradeClientOrderId, ETRADE_CLIENT_ORDER_ID } from '../orders/client-order-id.ts';
import { EtradePlaceRequestSchema, EtradePreviewRequestSchema } from '../schemas/order-body.ts';
import { toPlaceRequest, toPreviewRequest } from './order-body.ts';

const cents = fc.integer({ min: 100, max: 1_000_000 }).map((c) => c / 100);
const request = fc.record({
  symbol: fc.constantFrom('AAPL', 'MSFT', 'BRK.B', 'SPY'),
  side: fc.constantFrom('buy' as const, 'sell' as const),
  quantity: fc.integer({ min: 1, max: 100_000 }),
  kind: fc.constantFrom('market', 'limit', 'stop', 'stop_limit', 'trail_price', 'trail_percent'),
  price: cents,
  other: cents,
  timeInForce: fc.constantFrom('day' as const, 'gtc' as const),
  clientOrderId: fc.stringMatching(/^[A-Za-z0-9._:-]{1,128}$/),
});

/** Core wants a buy's limit at or above its stop, a sell's at or below. */
const stopLimit = (side: 'buy' | 'sell', a: number, b: number) => {
  const [low, high] = [Math.min(a, b), Math.max(a, b)];
  return side === 'buy' ? { stopPrice: low, limitPrice: high } : { stopPrice: high, limitPrice: low };
};

describe('order bodies (property)', () => {
  it('every request core accepts becomes a preview body of the request schema, and its place body repeats it', () => {
    fc.assert(
      fc.property(request, fc.integer({ min: 1, max: 2 ** 40 }), (r, previewId) => {
        const base = { symbol: r.symbol, side: r.side, quantity: r.quantity, timeInForce: r.timeInForce, clientOrderId: r.clientOrderId };
        const input =
          r.kind === 'market' ? { ...base, type: 'market' as const }
          : r.kind === 'limit' ? { ...base, type: 'limit' as const, limitPrice: r.price }
          : r.kind === 'stop' ? { ...base, type: 'stop' as const, stopPrice: r.price }
          : r.kind === 'stop_limit' ? { ...base, type: 'stop_limit' as const, ...stopLimit(r.side, r.price, r.other) }
          : r.kind === 'trail_price' ? { ...base, type: 'trailing_stop' as const, trailPrice: r.price }
          : { ...base, type: 'trailing_stop' as const, trailPercent: Math.min(r.price, 99) };
        const req = parseOrderRequest(input, { clientOrderId: ETRADE_CAPABILITIES.clientOrderId });
        const preview = toPreviewRequest(req, etradeClientOrderId(req.clientOrderId));
        expect(EtradePreviewRequestSchema.safeParse(preview).success).toBe(true);
        const order = preview.PreviewOrderRequest.Order[0]!;
        expect(order.Instrument[0]).toMatchObject({ quantity: r.quantity, orderAction: r.side === 'buy' ? 'BUY' : 'SELL', Product: { symbol: r.symbol } });
        if (req.limitPrice !== undefined) expect(order.limitPrice).toBe(req.limitPrice);
        if (req.stopPrice !== undefined) expect(order.stopPrice).toBe(req.stopPrice);
        const place = toPlaceRequest(preview, previewId);
        expect(EtradePlaceRequestSchema.safeParse(place).success).toBe(true);
        const { PreviewIds, ...rest } = place.PlaceOrderRequest;
        expect(rest).toEqual(preview.PreviewOrderRequest);
        expect(PreviewIds).toEqual([{ previewId }]);
      }),
    );
  });

  it('every client order id core accepts maps into E*TRADE\'s rule, the same way every time, unchanged when it fits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9._:-]{1,128}$/), (id) => {
        const mapped = etradeClientOrderId(id);
        expect(mapped).toMatch(ETRADE_CLIENT_ORDER_ID);
        expect(etradeClientOrderId(id)).toBe(mapped);
        expect(mapped === id).toBe(ETRADE_CLIENT_ORDER_ID.test(id));
      }),
    );
  });
});
