// The exact placeOrder fields each kind of order puts on the wire, as the fake TWS receives them
// from the unmodified @stoqey/ib (test/fixtures/order-requests.json).
import { withValidation, type OrderRequestInput } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import fixtures from './fixtures/order-requests.json' with { type: 'json' };
import { startFake, testAdapter } from './fake/harness.ts';

/** Index of trailingPercent in a placeOrder at server version 193 (see readPlaceOrder in fake-tws). */
const TRAILING_PERCENT = 69;

describe('placeOrder on the wire', () => {
  it.each(fixtures.cases)('$name', async (c) => {
    const tws = await startFake({ nextOrderId: 1 });
    tws.setQuote('MSFT', { bid: 400, ask: 401, last: 400.5 });
    const broker = withValidation(testAdapter(tws));
    try {
      await broker.connect();
      await broker.submitOrder(c.request as OrderRequestInput);
      const placed = tws.received.filter((m) => m.id === 3);
      expect(placed.map((m) => fixtures.fields.map((i) => m.fields[i]))).toEqual(c.wire);
      if ('trailingPercent' in c) expect(placed[0]!.fields[TRAILING_PERCENT]).toBe(c.trailingPercent);
    } finally {
      await broker.disconnect();
      await tws.stop();
    }
  });
});
