import { Decimal, type OrderRequest } from '@invest/broker-core';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { checkPriceIncrements } from './price-increments.ts';

/** The exact rule alone: the price's decimal rounded to its tick is itself. */
function onTick(price: number): boolean {
  return Decimal.from(price).round(price >= 1 ? 2 : 4).eq(price);
}

function accepted(price: number): boolean {
  const req = { symbol: 'AAPL', side: 'buy', type: 'limit', quantity: 1, limitPrice: price } as OrderRequest;
  try {
    checkPriceIncrements(req, 'us-equity');
    return true;
  } catch {
    return false;
  }
}

test('the quick check of a price against its tick agrees with the exact one, on and off the tick', () => {
  const onTickPrices = fc.oneof(
    fc.integer({ min: 100, max: 1_000_000_000 }).map((cents) => cents / 100),
    fc.integer({ min: 1, max: 9_999 }).map((hundredths) => hundredths / 10_000),
  );
  const anyPrice = fc.double({ min: 0.0001, max: 1e7, noNaN: true, noDefaultInfinity: true });
  const nudged = onTickPrices.chain((p) => fc.constantFrom(p, p + 1e-9, p * (1 + Number.EPSILON), p + 0.001));
  fc.assert(fc.property(fc.oneof(onTickPrices, anyPrice, nudged), (price) => {
    expect(accepted(price)).toBe(onTick(price));
  }), { numRuns: 20_000 });
});
