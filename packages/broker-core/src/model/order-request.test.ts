import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BrokerError, isBrokerError } from '../errors/broker-error.ts';
import { InvalidOrderError } from '../errors/subclasses.ts';
import { parseOrderRequest } from './parse.ts';

function refusal(input: unknown): InvalidOrderError {
  try {
    parseOrderRequest(input);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidOrderError);
    return error as InvalidOrderError;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be refused`);
}

const base = { symbol: 'AAPL', side: 'buy', quantity: 10 } as const;

describe('parseOrderRequest', () => {
  it('applies defaults and generates a client order id that fits the rules', () => {
    const req = parseOrderRequest({ ...base, symbol: ' aapl ' }, { clientOrderId: { maxLength: 20, charset: 'A-Za-z0-9' } });
    expect(req).toMatchObject({ symbol: 'AAPL', type: 'market', timeInForce: 'day', orderClass: 'simple', extendedHours: false });
    expect(req.clientOrderId).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(parseOrderRequest(base).clientOrderId).not.toBe(req.clientOrderId);
  });

  it('keeps a given client order id and refuses one that breaks the broker rules', () => {
    expect(parseOrderRequest({ ...base, clientOrderId: 'abc-123' }).clientOrderId).toBe('abc-123');
    const e = (() => {
      try {
        parseOrderRequest({ ...base, clientOrderId: 'abc-123' }, { clientOrderId: { maxLength: 20, charset: 'A-Za-z0-9' } });
      } catch (error) {
        return error as InvalidOrderError;
      }
    })();
    expect(e?.field).toBe('clientOrderId');
    expect(e?.message).toMatch(/clientOrderId: may hold only \[A-Za-z0-9\]/);
  });

  it.each([
    [{ ...base, quantity: -5 }, 'quantity', /greater than 0, got -5/],
    [{ ...base, quantity: 0 }, 'quantity', /greater than 0, got 0/],
    [{ ...base, quantity: Number.NaN }, 'quantity', /got NaN/],
    [{ ...base, quantity: Number.POSITIVE_INFINITY }, 'quantity', /must be a finite number, got Infinity/],
    [{ ...base, quantity: '10' }, 'quantity', /must be a number, got "10"/],
    [{ symbol: 'AAPL', side: 'buy' }, 'quantity', /is required \(or give notional\)/],
    [{ ...base, notional: 500 }, 'notional', /cannot be given together with quantity/],
    [{ ...base, side: 'long' }, 'side', /one of "buy", "sell", got "long"/],
    [{ ...base, type: 'limit' }, 'limitPrice', /required for a limit order/],
    [{ ...base, type: 'market', limitPrice: 10 }, 'limitPrice', /not allowed on a market order/],
    [{ ...base, type: 'stop' }, 'stopPrice', /required for a stop order/],
    [{ ...base, type: 'trailing_stop' }, 'trailPrice', /required for a trailing_stop order/],
    [{ ...base, type: 'trailing_stop', trailPrice: 1, trailPercent: 2 }, 'trailPercent', /cannot be given together/],
    [{ ...base, type: 'trailing_stop', trailPercent: 150 }, 'trailPercent', /below 100/],
    [{ ...base, type: 'stop_limit', stopPrice: 100, limitPrice: 99 }, 'limitPrice', /at or above stopPrice 100/],
    [{ ...base, notional: 100, quantity: undefined, type: 'limit', limitPrice: 5 }, 'notional', /only on market orders/],
    [{ ...base, extendedHours: true }, 'extendedHours', /only on limit orders/],
    [{ ...base, type: 'limit', limitPrice: 5, extendedHours: true, timeInForce: 'gtc' }, 'extendedHours', /needs timeInForce day/],
    [{ ...base, symbol: '' }, 'symbol', /must not be empty/],
    [{ ...base, symbol: 'AA;PL' }, 'symbol', /characters a symbol cannot have/],
    [{ ...base, limit_price: 5 }, 'limit_price', /is not a known field/],
    [{ ...base, takeProfit: { limitPrice: 200 } }, 'takeProfit', /only on bracket, oco or oto/],
    [{ ...base, orderClass: 'bracket', stopLoss: { stopPrice: 90 } }, 'takeProfit', /required for a bracket order/],
    [{ ...base, orderClass: 'oto' }, 'takeProfit', /required for an oto order/],
    [
      { ...base, type: 'limit', limitPrice: 100, orderClass: 'bracket', takeProfit: { limitPrice: 95 }, stopLoss: { stopPrice: 90 } },
      'takeProfit.limitPrice',
      /above the entry price 100 for a buy bracket order, got 95/,
    ],
    [
      { ...base, type: 'limit', limitPrice: 100, orderClass: 'bracket', takeProfit: { limitPrice: 110 }, stopLoss: { stopPrice: 101 } },
      'stopLoss.stopPrice',
      /below the entry price 100/,
    ],
    [
      { ...base, side: 'sell', type: 'limit', limitPrice: 100, orderClass: 'bracket', takeProfit: { limitPrice: 105 }, stopLoss: { stopPrice: 110 } },
      'takeProfit.limitPrice',
      /below the entry price 100 for a sell bracket order/,
    ],
    [
      { ...base, orderClass: 'bracket', takeProfit: { limitPrice: 110 }, stopLoss: { stopPrice: 90, limitPrice: 95 } },
      'stopLoss.limitPrice',
      /at or below stopLoss.stopPrice 90/,
    ],
    [null, '(root)', /must be object, got null/],
    [[], '(root)', /must be object, got an array/],
  ])('refuses %j naming %s', (input, field, message) => {
    const e = refusal(input);
    expect(e.field).toBe(field);
    expect(e.message).toMatch(message);
    expect(e.message).toContain(`${field}:`);
    expect(e.outcome).toBe('denied');
    expect(e.code).toBe('INVALID_ORDER');
  });

  it('accepts the legal shapes of every order type and class', () => {
    const ok = [
      { ...base, type: 'limit', limitPrice: 180.25, timeInForce: 'gtc' },
      { ...base, type: 'stop', stopPrice: 190 },
      { ...base, type: 'stop_limit', stopPrice: 190, limitPrice: 191 },
      { ...base, side: 'sell', type: 'stop_limit', stopPrice: 190, limitPrice: 189 },
      { ...base, side: 'sell', type: 'trailing_stop', trailPercent: 2.5 },
      { ...base, side: 'sell', type: 'trailing_stop', trailPrice: 1.5 },
      { symbol: 'AAPL', side: 'buy', notional: 250 },
      { ...base, type: 'limit', limitPrice: 100, extendedHours: true },
      { ...base, type: 'limit', limitPrice: 100, orderClass: 'bracket', takeProfit: { limitPrice: 110 }, stopLoss: { stopPrice: 95, limitPrice: 94 } },
      { ...base, side: 'sell', orderClass: 'bracket', takeProfit: { limitPrice: 90 }, stopLoss: { stopPrice: 110 } },
      { ...base, side: 'sell', type: 'limit', limitPrice: 120, orderClass: 'oco', takeProfit: { limitPrice: 120 }, stopLoss: { stopPrice: 90 } },
      { ...base, orderClass: 'oto', stopLoss: { stopPrice: 95 } },
      { ...base, quantity: 0.25 },
      { symbol: 'BRK.B', side: 'buy', quantity: 1 },
      { symbol: 'BTC/USD', side: 'buy', quantity: 0.001 },
    ];
    for (const input of ok) expect(() => parseOrderRequest(input), JSON.stringify(input)).not.toThrow();
  });

  it('turns a hostile input (throwing getter) into an InvalidOrderError', () => {
    const hostile = { symbol: 'AAPL', side: 'buy' } as Record<string, unknown>;
    Object.defineProperty(hostile, 'quantity', { enumerable: true, get: () => { throw new Error('boom'); } });
    expect(refusal(hostile).field).toBe('(root)');
  });
});

describe('parseOrderRequest properties', () => {
  const KNOWN_FIELDS = ['symbol', 'side', 'quantity', 'notional', 'type', 'timeInForce', 'limitPrice', 'stopPrice', 'trailPrice',
    'trailPercent', 'extendedHours', 'clientOrderId', 'orderClass', 'takeProfit', 'stopLoss'];
  const price = fc.oneof(fc.double({ min: -10, max: 500 }), fc.constant(Number.NaN), fc.constant(0), fc.integer({ min: 1, max: 300 }));
  // Mostly-plausible requests: the interesting cross-field cases, not only type errors.
  const maybe = <T,>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 3 });
  const plausible = fc.record(
    {
      symbol: fc.oneof({ weight: 5, arbitrary: fc.constantFrom('AAPL', 'msft', 'BRK.B') }, { weight: 1, arbitrary: fc.oneof(fc.constantFrom('', ' x ', '$$$'), fc.string()) }),
      side: fc.constantFrom('buy', 'sell', 'hold'),
      quantity: maybe(price),
      notional: fc.option(price, { nil: undefined, freq: 1 }),
      type: fc.constantFrom('market', 'limit', 'stop', 'stop_limit', 'trailing_stop', 'iceberg'),
      timeInForce: fc.constantFrom('day', 'gtc', 'ioc', 'fok', 'opg', 'cls', 'gtd'),
      limitPrice: maybe(price),
      stopPrice: maybe(price),
      trailPrice: fc.option(price, { nil: undefined, freq: 1 }),
      trailPercent: fc.option(price, { nil: undefined, freq: 1 }),
      extendedHours: fc.oneof(fc.boolean(), fc.constant('yes')),
      clientOrderId: maybe(fc.oneof(fc.string({ maxLength: 30 }), fc.stringMatching(/^[a-z0-9]{1,20}$/))),
      orderClass: fc.constantFrom('simple', 'simple', 'simple', 'bracket', 'oco', 'oto', 'ladder'),
      takeProfit: fc.option(fc.record({ limitPrice: price }), { nil: undefined, freq: 1 }),
      stopLoss: fc.option(fc.record({ stopPrice: price, limitPrice: maybe(price) }), { nil: undefined, freq: 1 }),
    },
    { requiredKeys: ['symbol', 'side', 'type'] },
  );

  // Built to be valid, then maybe broken in one field: exercises the accept side and the
  // boundary between the two.
  const positive = fc.double({ min: 0.01, max: 1000, noNaN: true });
  const structured = fc
    .record({
      type: fc.constantFrom('market', 'limit', 'stop', 'stop_limit', 'trailing_stop'),
      side: fc.constantFrom('buy', 'sell'),
      quantity: positive,
      a: positive,
      b: positive,
      trailByPercent: fc.boolean(),
      breakField: fc.option(fc.constantFrom('quantity', 'limitPrice', 'stopPrice', 'side', 'symbol'), { nil: undefined, freq: 2 }),
      breakValue: fc.constantFrom(-1, 0, Number.NaN, 'x', null),
    })
    .map(({ type, side, quantity, a, b, trailByPercent, breakField, breakValue }) => {
      const lo = Math.min(a, b);
      const hi = Math.max(a, b);
      const req: Record<string, unknown> = { symbol: 'AAPL', side, quantity, type };
      if (type === 'limit') req.limitPrice = a;
      if (type === 'stop') req.stopPrice = a;
      if (type === 'stop_limit') Object.assign(req, side === 'buy' ? { stopPrice: lo, limitPrice: hi } : { stopPrice: hi, limitPrice: lo });
      if (type === 'trailing_stop') Object.assign(req, trailByPercent ? { trailPercent: Math.min(a, 99) } : { trailPrice: a });
      if (breakField) req[breakField] = breakValue;
      return req;
    });

  function check(input: unknown): void {
    let req: ReturnType<typeof parseOrderRequest> | undefined;
    try {
      req = parseOrderRequest(input);
    } catch (error) {
      // Never another exception: always the typed error, naming a field, with a message about it.
      expect(isBrokerError(error)).toBe(true);
      expect(error).toBeInstanceOf(InvalidOrderError);
      const e = error as InvalidOrderError;
      expect(e.field).toBeTypeOf('string');
      expect(e.message.startsWith(`Invalid order: ${e.field}: `)).toBe(true);
      const top = e.field!.split(/[.[]/)[0]!;
      if (top !== '(root)' && input && typeof input === 'object') {
        expect(KNOWN_FIELDS.includes(top) || Object.hasOwn(input, top)).toBe(true);
      }
      return;
    }
    // A valid request is internally consistent.
    expect((req.quantity === undefined) !== (req.notional === undefined)).toBe(true);
    for (const n of [req.quantity, req.notional, req.limitPrice, req.stopPrice]) {
      if (n !== undefined) expect(Number.isFinite(n) && n > 0).toBe(true);
    }
    if (req.type === 'limit' || req.type === 'stop_limit') expect(req.limitPrice).toBeGreaterThan(0);
    if (req.type === 'market') expect(req.limitPrice ?? req.stopPrice).toBeUndefined();
    if (req.orderClass === 'bracket') expect(req.takeProfit && req.stopLoss).toBeTruthy();
    expect(req.clientOrderId.length).toBeGreaterThan(0);
  }

  it('any input yields a valid request or an InvalidOrderError naming the field (random values)', () => {
    fc.assert(fc.property(fc.anything({ withBoxedValues: true, withMap: true, withSet: true, withNullPrototype: true }), check), { numRuns: 3000 });
  });

  it('any input yields a valid request or an InvalidOrderError naming the field (plausible orders)', () => {
    let valid = 0;
    fc.assert(
      fc.property(fc.oneof(plausible, structured), (input) => {
        check(input);
        try {
          parseOrderRequest(input);
          valid += 1;
        } catch {
          // counted above
        }
      }),
      { numRuns: 5000 },
    );
    // The generator must reach the valid side too, or the property proves little.
    expect(valid).toBeGreaterThan(500);
  });

  it('BrokerError is the base of the error it throws', () => {
    expect(refusal({})).toBeInstanceOf(BrokerError);
  });
});
