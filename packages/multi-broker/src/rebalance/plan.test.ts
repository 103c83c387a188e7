import { InvalidOrderError } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { planRebalance } from './plan.ts';

// Broker A: 10,000 cash + 50 AAPL at 200 = 20,000. Broker B: 30,000 cash + 100 MSFT at 300 = 60,000.
// Portfolio value 80,000.
const holdings = [{ broker: 'A', symbol: 'AAPL', quantity: 50 }, { broker: 'B', symbol: 'MSFT', quantity: 100 }];
const balances = [{ broker: 'A', cash: 10_000, portfolioValue: 20_000 }, { broker: 'B', cash: 30_000, portfolioValue: 60_000 }];
const prices = { AAPL: 200, MSFT: 300, GOOG: 150 };

describe('planRebalance', () => {
  it('gives the hand-computed plan: fewest trades, sells first', () => {
    // AAPL 25%: target 20,000, held 10,000 -> buy 10,000 / 200 = 50 shares.
    // MSFT 25%: target 20,000, held 30,000 -> sell 10,000 / 300 = 33.3 -> 33 shares (toward zero).
    // The sale leaves B with 30,000 + 9,900 = 39,900 cash, the most, and enough for all 50 AAPL.
    const plan = planRebalance({ targets: [{ symbol: 'AAPL', weight: 0.25 }, { symbol: 'MSFT', weight: 0.25 }], holdings, balances, prices });
    expect(plan.portfolioValue).toBe(80_000);
    expect(plan.trades).toEqual([
      { broker: 'B', symbol: 'MSFT', side: 'sell', quantity: 33, price: 300, value: 9_900 },
      { broker: 'B', symbol: 'AAPL', side: 'buy', quantity: 50, price: 200, value: 10_000 },
    ]);
    expect(plan.rows).toEqual([
      { symbol: 'AAPL', scope: 'all brokers', currentValue: 10_000, targetValue: 20_000, currentWeight: 0.125, targetWeight: 0.25, action: 'trade' },
      { symbol: 'MSFT', scope: 'all brokers', currentValue: 30_000, targetValue: 20_000, currentWeight: 0.375, targetWeight: 0.25, action: 'trade' },
    ]);
  });

  it('leaves a symbol within tolerance alone, and spreads a buy no single broker can pay for', () => {
    // MSFT 37%: target 29,600 vs 30,000 held: 400 off, within 1% (800). GOOG 60%: 48,000 = 320 shares,
    // more than either broker's cash (A 10,000, B 30,000): B buys 200 (30,000), A buys 66 (9,900).
    const plan = planRebalance({ targets: [{ symbol: 'MSFT', weight: 0.37 }, { symbol: 'GOOG', weight: 0.6 }], holdings, balances, prices });
    expect(plan.rows.map((r) => r.action)).toEqual(['within tolerance', 'trade']);
    expect(plan.trades).toEqual([
      { broker: 'B', symbol: 'GOOG', side: 'buy', quantity: 200, price: 150, value: 30_000 },
      { broker: 'A', symbol: 'GOOG', side: 'buy', quantity: 66, price: 150, value: 9_900 },
    ]);
  });

  it('weight 0 sells everything; a per-broker target trades only there', () => {
    expect(planRebalance({ targets: [{ symbol: 'AAPL', weight: 0 }], holdings, balances, prices }).trades).toEqual([
      { broker: 'A', symbol: 'AAPL', side: 'sell', quantity: 50, price: 200, value: 10_000 },
    ]);
    // A's own 20,000 at 10% GOOG = 2,000 = 13.33 -> 13 shares at A.
    expect(planRebalance({ targets: [{ symbol: 'GOOG', weight: 0.1, broker: 'A' }], holdings, balances, prices }).trades).toEqual([
      { broker: 'A', symbol: 'GOOG', side: 'buy', quantity: 13, price: 150, value: 1_950 },
    ]);
  });

  it('counts open orders as held: the plan applied again while its orders rest orders nothing more', () => {
    const targets = [{ symbol: 'AAPL', weight: 0.25 }, { symbol: 'MSFT', weight: 0.25 }];
    const first = planRebalance({ targets, holdings, balances, prices });
    // Nothing filled yet: every trade of the first plan is still an open order.
    const openOrders = first.trades.map((t) => ({ broker: t.broker, symbol: t.symbol, quantity: t.side === 'buy' ? t.quantity : -t.quantity }));
    expect(planRebalance({ targets, holdings, balances, openOrders, prices }).trades).toEqual([]);
    // Half of a resting 50-share buy is not the whole order: 25 more are not bought again.
    const again = planRebalance({ targets: [{ symbol: 'AAPL', weight: 0.25 }], holdings, balances, openOrders: [{ broker: 'A', symbol: 'AAPL', quantity: 25 }], prices });
    expect(again.trades).toEqual([{ broker: 'B', symbol: 'AAPL', side: 'buy', quantity: 25, price: 200, value: 5_000 }]);
  });

  it('an open buy spends its broker\'s cash; an open sell is not sold twice', () => {
    // A resting buy of 40 GOOG at A takes 6,000 of A's 10,000; B (30,000) then has the most cash.
    const buys = planRebalance({ targets: [{ symbol: 'AAPL', weight: 0.25 }], holdings, balances, openOrders: [{ broker: 'A', symbol: 'GOOG', quantity: 40 }], prices });
    expect(buys.trades.map((t) => t.broker)).toEqual(['B']);
    // MSFT to 0 with 60 already being sold: only the other 40 are sold.
    const sells = planRebalance({ targets: [{ symbol: 'MSFT', weight: 0 }], holdings, balances, openOrders: [{ broker: 'B', symbol: 'MSFT', quantity: -60 }], prices });
    expect(sells.trades).toEqual([{ broker: 'B', symbol: 'MSFT', side: 'sell', quantity: 40, price: 300, value: 12_000 }]);
  });

  it('refuses targets that cannot be met, naming the field', () => {
    expect(() => planRebalance({ targets: [{ symbol: 'AAPL', weight: 0.7 }, { symbol: 'MSFT', weight: 0.4 }], holdings, balances, prices })).toThrow(/add up to 1.1, more than 1/);
    expect(() => planRebalance({ targets: [{ symbol: 'TSLA', weight: 0.1 }], holdings, balances, prices })).toThrow(/no price for TSLA/);
    expect(() => planRebalance({ targets: [{ symbol: 'AAPL', weight: -1 }], holdings, balances, prices })).toThrow(InvalidOrderError);
  });
});
