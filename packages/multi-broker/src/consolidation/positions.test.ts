import { Decimal, type AccountInfo, type Position } from '@invest/broker-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { consolidateAccounts, consolidatePositions } from './positions.ts';

const pos = (symbol: string, quantity: number, averageCost: number, marketValue?: number): Position => ({
  symbol, quantity, side: quantity > 0 ? 'long' : 'short', averageCost, costBasis: Decimal.from(quantity).abs().mul(averageCost).toNumber(),
  ...(marketValue !== undefined ? { marketValue } : {}),
});

describe('consolidatePositions', () => {
  it('sums by symbol with the weighted average cost and the per-broker breakdown, exact to the cent', () => {
    const [aapl, msft] = consolidatePositions([
      { broker: 'a', positions: [pos('AAPL', 10, 180.1, 1811), pos('MSFT', 3, 410.33, 1231)] },
      { broker: 'b', positions: [pos('AAPL', 30, 180.2, 5433)] },
    ]);
    // (10 x 180.10 + 30 x 180.20) / 40 = 7207 / 40 = 180.175
    expect(aapl).toMatchObject({ symbol: 'AAPL', quantity: 40, averageCost: 180.175, costBasis: 7207, marketValue: 7244, mixedSides: false });
    expect(aapl!.breakdown.map((s) => [s.broker, s.position.quantity, s.position.averageCost, s.position.marketValue])).toEqual([['a', 10, 180.1, 1811], ['b', 30, 180.2, 5433]]);
    expect(msft!.breakdown.map((s) => s.broker)).toEqual(['a']);
    expect(msft).toMatchObject({ quantity: 3, averageCost: 410.33, costBasis: 1230.99 });
  });

  it('adds amounts that drift as floats exactly', () => {
    const many = Array.from({ length: 10 }, (_, i) => ({ broker: `b${i}`, positions: [pos('X', 1, 0.1, 0.1)] }));
    const [x] = consolidatePositions(many);
    expect(x).toMatchObject({ quantity: 10, costBasis: 1, marketValue: 1, averageCost: 0.1 });
  });

  it('nets opposite sides and gives no average cost for them', () => {
    const [x] = consolidatePositions([{ broker: 'a', positions: [pos('X', 10, 50)] }, { broker: 'b', positions: [pos('X', -4, 52)] }]);
    expect(x).toMatchObject({ quantity: 6, mixedSides: true, costBasis: 292 });
    expect(x!.averageCost).toBeUndefined();
  });
});

describe('consolidatePositions: shapes a large or odd book correctly', () => {
  it('keys any symbol, including ones named like Object.prototype members', () => {
    const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '0', 'BRK.B'];
    const result = consolidatePositions([
      { broker: 'a', positions: names.map((n) => pos(n, 1, 10)) },
      { broker: 'b', positions: names.map((n) => pos(n, 2, 13)) },
    ]);
    expect(result.map((r) => [r.symbol, r.quantity, r.averageCost])).toEqual(
      [...names].sort().map((n) => [n, 3, 12]),
    );
  });

  /** Checks a consolidation against a plain Decimal sum per symbol. */
  const expectReference = (input: { broker: string; positions: Position[] }[]) => {
    const result = consolidatePositions(input);
    const bySymbol = new Map<string, { broker: string; p: Position }[]>();
    for (const { broker, positions } of input) for (const p of positions) bySymbol.set(p.symbol, [...(bySymbol.get(p.symbol) ?? []), { broker, p }]);
    expect(result.map((r) => r.symbol)).toEqual([...bySymbol.keys()].sort());
    for (const r of result) {
      const parts = bySymbol.get(r.symbol)!;
      const sum = (f: (p: Position) => number) => parts.reduce((d, x) => d.add(f(x.p)), Decimal.ZERO).toNumber();
      expect(r.quantity).toBe(sum((p) => p.quantity));
      expect(r.costBasis).toBe(sum((p) => (p.quantity < 0 ? -Math.abs(p.costBasis) : Math.abs(p.costBasis))));
      expect(r.marketValue).toBe(parts.every((x) => x.p.marketValue !== undefined) ? sum((p) => p.marketValue!) : undefined);
      expect(r.breakdown.map((s) => s.broker)).toEqual(parts.map((x) => x.broker));
      expect(r.breakdown).toHaveLength(parts.length);
      r.breakdown.forEach((s, i) => expect(s.position).toBe(parts[i]!.p));
      const mixed = parts.some((x) => x.p.quantity > 0) && parts.some((x) => x.p.quantity < 0);
      expect(r.mixedSides).toBe(mixed);
      if (mixed) expect(r.averageCost).toBeUndefined();
      else expect(r.averageCost).toBe(Math.round(Decimal.from(sum((p) => Math.abs(p.costBasis))).toNumber() / Math.abs(r.quantity) * 1e10) / 1e10);
    }
  };
  const position = (symbols: number) => fc.record({
    symbol: fc.integer({ min: 0, max: symbols - 1 }).map((i) => `S${i}`),
    quantity: fc.integer({ min: -5000, max: 5000 }).filter((q) => q !== 0),
    cents: fc.integer({ min: 1, max: 10_000_000 }),
    mv: fc.option(fc.integer({ min: 0, max: 1e9 }).map((c) => c / 100), { nil: undefined }),
  }).map((p) => pos(p.symbol, p.quantity, p.cents / 100, p.mv));

  it('matches a plain Decimal reference on 1-3 brokers holding up to ~100 of 500 symbols, random sides and values (property)', () => {
    const book = fc.uniqueArray(position(500), { selector: (p) => p.symbol, maxLength: 500, size: 'medium' });
    fc.assert(
      fc.property(fc.array(book, { minLength: 1, maxLength: 3 }), (books) => expectReference(books.map((positions, b) => ({ broker: `b${b}`, positions })))),
      { numRuns: 200 },
    );
  });

  it('matches the reference when brokers list the same symbols in the same order, a symbol twice included (property)', () => {
    // Brokers filled by one distributed order list the same symbols; a symbol listed twice must still merge.
    const mirrored = fc.tuple(fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 40, size: 'medium' }), fc.integer({ min: 1, max: 5 }), fc.array(position(31), { minLength: 200, maxLength: 200 }))
      .map(([order, brokers, values]) => Array.from({ length: brokers }, (_, b) => ({
        broker: `b${b}`,
        positions: order.map((s, i) => ({ ...values[(i + b * 40) % 200]!, symbol: `S${s}` })),
      })));
    const withStraggler = fc.tuple(mirrored, fc.array(position(31), { maxLength: 5 })).map(([books, extra]) => [...books, { broker: 'x', positions: extra }]);
    fc.assert(fc.property(fc.oneof(mirrored, withStraggler), expectReference), { numRuns: 300 });
  });

  it('lists the brokers holding each symbol in the order the brokers were given, whatever order each lists its positions in', () => {
    const result = consolidatePositions([
      { broker: 'a', positions: [pos('X', 1, 10), pos('Y', 1, 10), pos('Z', 1, 10)] },
      { broker: 'b', positions: [pos('Y', 2, 10), pos('X', 2, 10)] },
      { broker: 'c', positions: [pos('X', 3, 10), pos('Z', 3, 10), pos('W', 3, 10)] },
    ]);
    const brokersOf = Object.fromEntries(result.map((r) => [r.symbol, r.breakdown.map((s) => s.broker)]));
    expect(brokersOf).toEqual({ W: ['c'], X: ['a', 'b', 'c'], Y: ['a', 'b'], Z: ['a', 'c'] });
    expect(result.find((r) => r.symbol === 'Z')!.breakdown.map((s) => s.position.quantity)).toEqual([1, 3]);
  });

  it('holds more symbols than any one broker lists, sides and missing values per symbol', () => {
    // The union (250) is larger than either list; b opens its new symbols first, then adds to a's.
    const a = Array.from({ length: 100 }, (_, i) => pos(`S${i}`, i + 1, 10));
    const fresh = Array.from({ length: 150 }, (_, i) => pos(`S${i + 100}`, -(i + 1), 20.5, i < 140 ? 1 : undefined));
    const shared = Array.from({ length: 50 }, (_, i) => pos(`S${i + 50}`, -(i + 1), 20.5, 1));
    const result = consolidatePositions([{ broker: 'a', positions: a }, { broker: 'b', positions: [...fresh, ...shared] }]);
    expect(result).toHaveLength(250);
    const by = Object.fromEntries(result.map((r) => [r.symbol, r]));
    expect(by.S0).toMatchObject({ quantity: 1, costBasis: 10, mixedSides: false });
    expect(by.S0!.breakdown.map((s) => s.broker)).toEqual(['a']);
    // S60: a's 61st (+61 at 10) and b's shared 11th (-11 at 20.50).
    expect(by.S60).toMatchObject({ quantity: 50, costBasis: 610 - 225.5, mixedSides: true });
    expect(by.S60!.breakdown).toEqual([{ broker: 'a', position: a[60] }, { broker: 'b', position: shared[10] }]);
    expect(by.S60!.marketValue).toBeUndefined();
    expect(by.S239).toMatchObject({ quantity: -140, costBasis: -2870, marketValue: 1, averageCost: 20.5 });
    expect(by.S249).toMatchObject({ quantity: -150, breakdown: [{ broker: 'b', position: fresh[149] }] });
    expect(by.S249!.marketValue).toBeUndefined();
  });

  it('keeps a symbol a broker lists twice as two holdings at that broker', () => {
    const [x] = consolidatePositions([
      { broker: 'a', positions: [pos('X', 5, 10), pos('X', 3, 12)] },
      { broker: 'b', positions: [pos('X', 2, 11)] },
    ]);
    expect(x!.breakdown.map((s) => [s.broker, s.position.quantity])).toEqual([['a', 5], ['a', 3], ['b', 2]]);
    // (50 + 36 + 22) / 10
    expect(x).toMatchObject({ quantity: 10, costBasis: 108, averageCost: 10.8 });
  });

  it('leaves market value and P&L out when any broker did not report them', () => {
    const [x] = consolidatePositions([
      { broker: 'a', positions: [{ ...pos('X', 1, 10, 11), unrealizedPnl: 1 }] },
      { broker: 'b', positions: [pos('X', 1, 10)] },
    ]);
    expect(x!.marketValue).toBeUndefined();
    expect(x!.unrealizedPnl).toBeUndefined();
    expect(x!.quantity).toBe(2);
  });
});

describe('consolidateAccounts', () => {
  const acct = (cash: number, equity: number, currency = 'USD', dayPnl?: number): AccountInfo => ({
    accountId: 'x', currency, cash, buyingPower: cash * 2, portfolioValue: equity, equity, paper: true, ...(dayPnl !== undefined ? { dayPnl } : {}),
  });
  it('sums per currency, exactly, and never across currencies', () => {
    const totals = consolidateAccounts([
      { broker: 'a', account: acct(1000.1, 5000.55, 'USD', -12.34) },
      { broker: 'b', account: acct(2000.2, 7000.45, 'USD', 2.34) },
      { broker: 'c', account: acct(500, 500, 'EUR') },
    ]);
    expect(totals).toEqual([
      { currency: 'USD', cash: 3000.3, buyingPower: 6000.6, portfolioValue: 12001, equity: 12001, dayPnl: -10, brokers: ['a', 'b'] },
      { currency: 'EUR', cash: 500, buyingPower: 1000, portfolioValue: 500, equity: 500, brokers: ['c'] },
    ]);
  });
});
