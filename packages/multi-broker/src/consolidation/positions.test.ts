import { Decimal, type AccountInfo, type Position } from '@invest/broker-core';
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
    expect(aapl!.brokers).toEqual([
      { broker: 'a', quantity: 10, averageCost: 180.1, marketValue: 1811 },
      { broker: 'b', quantity: 30, averageCost: 180.2, marketValue: 5433 },
    ]);
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
