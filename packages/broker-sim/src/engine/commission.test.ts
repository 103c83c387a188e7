import { Decimal } from '@invest/broker-core';
import { expect, test } from 'vitest';
import { fillCommission, orderCommission } from './commission.ts';
import { slippedPrice } from './fill-price.ts';

const ibkrLike = { perShare: 0.005, perOrder: 0, minimum: 1 };

test('commission: per share above the minimum, the minimum below it, half-up to the cent', () => {
  expect(orderCommission(ibkrLike, Decimal.from(100)).toString()).toBe('1');
  expect(orderCommission(ibkrLike, Decimal.from(300)).toString()).toBe('1.5');
  expect(orderCommission(ibkrLike, Decimal.from(333)).toString()).toBe('1.67'); // 1.665 half-up
  expect(orderCommission(ibkrLike, Decimal.ZERO).toString()).toBe('0');
  expect(orderCommission({ perShare: 0, perOrder: 0, minimum: 0 }, Decimal.from(1e6)).toString()).toBe('0');
});

test('commission of partial fills adds up to the commission of the whole order', () => {
  const s = { perShare: 0.0035, perOrder: 0.25, minimum: 0.35 };
  let before = Decimal.ZERO;
  let paid = Decimal.ZERO;
  for (const q of [3, 50, 0.5, 146.5]) {
    paid = paid.add(fillCommission(s, before, Decimal.from(q)));
    before = before.add(q);
  }
  expect(paid.eq(orderCommission(s, Decimal.from(200)))).toBe(true); // 0.25 + 0.70 = 0.95
  expect(paid.toString()).toBe('0.95');
});

test('slippage moves against the trader and rounds to a tick in the trader\'s disfavour', () => {
  expect(slippedPrice(100, 'buy', 5, 'us-equity').toString()).toBe('100.05');
  expect(slippedPrice(187.23, 'buy', 5, 'us-equity').toString()).toBe('187.33'); // 187.323615
  expect(slippedPrice(187.23, 'sell', 5, 'us-equity').toString()).toBe('187.13'); // 187.136385
  expect(slippedPrice(0.5123, 'buy', 10, 'us-equity').toString()).toBe('0.5129'); // 0.5128123, below $1: 1/100 cent
  expect(slippedPrice(187.23, 'buy', 5, 'none').toString()).toBe('187.323615');
  expect(slippedPrice(187.23, 'sell', 0, 'us-equity').toString()).toBe('187.23');
});
