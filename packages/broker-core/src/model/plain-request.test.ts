import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OrderRequestSchema } from './order-request.ts';
import { parseOrderRequest } from './parse.ts';
import { readPlainOrderRequest } from './plain-request.ts';

/** Good and bad values for every field, so the generator crosses every rule of the schema. */
const price = fc.oneof(fc.constantFrom(100, 99.5, 101, 0.01, 0, -1, Number.NaN, Infinity, -0, '100'), fc.double({ min: 1, max: 500, noNaN: true }));
const pools: Record<string, fc.Arbitrary<unknown>> = {
  symbol: fc.constantFrom('AAPL', ' aapl ', 'brk.b', 'BRK/B', '', '   ', '-X', 'A'.repeat(32), 'A'.repeat(33), ' ' + 'a'.repeat(32), 'ÄPPL', 7),
  side: fc.constantFrom('buy', 'sell', 'BUY', 'short'),
  quantity: fc.oneof(fc.constantFrom(1, 0.5, 0, -3, Number.NaN, Infinity, '1'), fc.double({ min: 0.001, max: 1e6, noNaN: true })),
  notional: fc.constantFrom(100, 0, 'x'),
  type: fc.constantFrom('market', 'limit', 'stop', 'stop_limit', 'trailing_stop', 'LIMIT', 'constructor', '__proto__'),
  timeInForce: fc.constantFrom('day', 'gtc', 'ioc', 'fok', 'opg', 'cls', 'gtd'),
  limitPrice: price,
  stopPrice: price,
  trailPrice: fc.constantFrom(1, 0),
  trailPercent: fc.constantFrom(5, 150),
  extendedHours: fc.constantFrom(true, false, 'yes', 0),
  clientOrderId: fc.constantFrom('c-1', 'a:b.c_d-e', '', 'x'.repeat(128), 'x'.repeat(129), 'bad id', 'é', 42),
  orderClass: fc.constantFrom('simple', 'bracket', 'oco', 'oto', 'SIMPLE'),
  takeProfit: fc.constant({ limitPrice: 120 }),
  stopLoss: fc.constant({ stopPrice: 80 }),
  qty: fc.constant(1),
};
/** A valid everyday request of each type, then none to three fields changed to any pool value, set to undefined, or removed. */
const base = fc.record({
  symbol: fc.constantFrom('AAPL', ' msft ', 'brk.b'),
  side: fc.constantFrom('buy', 'sell'),
  quantity: fc.double({ min: 0.001, max: 1e6, noNaN: true }),
  kind: fc.constantFrom('market', 'limit', 'stop', 'stop_limit', 'implicit market'),
  price: fc.double({ min: 1, max: 500, noNaN: true }),
  spread: fc.double({ min: -5, max: 5, noNaN: true }),
  extras: fc.subarray(['timeInForce', 'clientOrderId', 'orderClass', 'extendedHours'] as const),
}).map(({ symbol, side, quantity, kind, price, spread, extras }) => {
  const order: Record<string, unknown> = { symbol, side, quantity };
  if (kind !== 'implicit market') order.type = kind;
  if (kind === 'limit' || kind === 'stop_limit') order.limitPrice = price;
  if (kind === 'stop' || kind === 'stop_limit') order.stopPrice = kind === 'stop' ? price : Math.max(0.5, price + spread);
  if (extras.includes('timeInForce')) order.timeInForce = 'gtc';
  if (extras.includes('clientOrderId')) order.clientOrderId = 'c-1';
  if (extras.includes('orderClass')) order.orderClass = 'simple';
  if (extras.includes('extendedHours')) order.extendedHours = kind === 'limit';
  return order;
});
const request = fc.tuple(base, fc.array(fc.tuple(fc.constantFrom(...Object.keys(pools)), fc.nat(2)), { maxLength: 3 }))
  .chain(([order, changes]) => fc.tuple(fc.constant(order), fc.constant(changes), fc.tuple(...changes.map(([key]) => pools[key]!))))
  .map(([order, changes, values]) => {
    const out = { ...order };
    changes.forEach(([key, how], i) => {
      if (how === 0) delete out[key];
      else out[key] = how === 1 ? undefined : values[i];
    });
    return out;
  });

describe('readPlainOrderRequest (the fast path of parseOrderRequest)', () => {
  it('gives exactly the schema result, key for key, or leaves the request to the schema (property)', () => {
    let fast = 0;
    fc.assert(
      fc.property(request, (input) => {
        const plain = readPlainOrderRequest(input);
        if (plain === undefined) return;
        fast++;
        const schema = OrderRequestSchema.safeParse(input);
        expect(schema.success).toBe(true);
        expect(plain).toStrictEqual(schema.data);
        expect(Object.keys(plain)).toEqual(Object.keys(schema.data!));
      }),
      { numRuns: 20_000 },
    );
    expect(fast).toBeGreaterThan(500);
  });

  it('takes the everyday requests', () => {
    for (const input of [
      { symbol: 'aapl', side: 'buy', quantity: 1 },
      { symbol: 'AAPL', side: 'sell', quantity: 2, type: 'limit', limitPrice: 101.5, timeInForce: 'gtc', clientOrderId: 'c-9' },
      { symbol: 'MSFT', side: 'buy', quantity: 3, type: 'stop_limit', stopPrice: 100, limitPrice: 101 },
      { symbol: 'SPY', side: 'buy', quantity: 1, type: 'limit', limitPrice: 400, extendedHours: true },
    ]) {
      expect(readPlainOrderRequest(input), JSON.stringify(input)).toEqual(OrderRequestSchema.parse(input));
    }
  });

  it('leaves hostile objects to the schema path and its typed error', () => {
    const getter = { symbol: 'AAPL', side: 'buy', get quantity(): number { throw new Error('boom'); } };
    expect(() => parseOrderRequest(getter)).toThrow('Invalid order: (root): could not be read as an order');
    expect(readPlainOrderRequest(Object.assign(Object.create({ extra: 1 }), { symbol: 'AAPL', side: 'buy', quantity: 1 }))).toBeUndefined();
    expect(readPlainOrderRequest([1])).toBeUndefined();
    expect(readPlainOrderRequest(null)).toBeUndefined();
  });
});
