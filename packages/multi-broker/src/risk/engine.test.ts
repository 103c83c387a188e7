import { parseOrderRequest, RiskLimitError } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { checkRisk, protectiveStopPrice, referencePrice, type RiskContext } from './engine.ts';

const account = { cash: 20_000, equity: 100_000, portfolioValue: 100_000, currency: 'USD', startOfDayEquity: 100_000 };
const ctx = (patch: Partial<RiskContext> = {}): RiskContext => ({ scope: 'paper-1', account, positionQuantity: 0, price: 180, ...patch });
const buy = (quantity: number) => parseOrderRequest({ symbol: 'AAPL', side: 'buy', quantity });
const sell = (quantity: number) => parseOrderRequest({ symbol: 'AAPL', side: 'sell', quantity });

function refusal(fn: () => void): RiskLimitError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(RiskLimitError);
    return e as RiskLimitError;
  }
  throw new Error('expected a refusal');
}

describe('checkRisk', () => {
  it('short_selling: refuses a sell that would leave the position negative where shorts are not allowed, and only then', () => {
    checkRisk(sell(10), {}, ctx({ positionQuantity: 10, shortSelling: false })); // to flat: fine
    checkRisk(sell(11), {}, ctx({ positionQuantity: 10, shortSelling: true }));
    checkRisk(sell(11), {}, ctx({ positionQuantity: 10 })); // the global scope judges no such rule
    const e = refusal(() => checkRisk(sell(11), {}, ctx({ positionQuantity: 10, shortSelling: false })));
    expect(e).toMatchObject({ rule: 'short_selling', limit: 0, actual: -1, outcome: 'denied' });
    expect(e.message).toBe('Risk limit short_selling (paper-1): selling 11 AAPL with 10 held would leave -1; paper-1 does not allow short selling');
  });

  it('max_position_size: refuses a buy whose position would pass the share of portfolio value, with the numbers', () => {
    checkRisk(buy(55), { max_position_size: 0.1 }, ctx()); // 55 x 180 = 9,900 <= 10,000
    const e = refusal(() => checkRisk(buy(56), { max_position_size: 0.1 }, ctx())); // 10,080
    expect(e).toMatchObject({ rule: 'max_position_size', limit: 0.1, actual: 0.1008, outcome: 'denied', code: 'RISK_LIMIT' });
    expect(e.message).toBe(
      'Risk limit max_position_size (paper-1): buy 56 AAPL at 180 would make the position 56 (10,080.00 USD, 10.08% of portfolio value 100,000.00 USD), above the limit of 10% (10,000.00 USD)',
    );
  });

  it('max_position_size counts what is already held, and never blocks a reduction', () => {
    expect(() => checkRisk(buy(10), { max_position_size: 0.1 }, ctx({ positionQuantity: 50 }))).toThrow(RiskLimitError);
    checkRisk(sell(10), { max_position_size: 0.1 }, ctx({ positionQuantity: 100 })); // 100 held is already over; selling is allowed
    expect(() => checkRisk(sell(60), { max_position_size: 0.1 }, ctx())).toThrow(/would make the position -60/); // a short adds risk
  });

  it('min_cash_balance: refuses a buy that leaves too little cash', () => {
    checkRisk(buy(100), { min_cash_balance: 2_000 }, ctx()); // 20,000 - 18,000 = 2,000
    const e = refusal(() => checkRisk(buy(101), { min_cash_balance: 2_000 }, ctx()));
    expect(e).toMatchObject({ rule: 'min_cash_balance', limit: 2000, actual: 1820 });
    expect(e.message).toMatch(/leave cash at 1,820.00 USD, below the minimum of 2,000.00 USD/);
    checkRisk(sell(101), { min_cash_balance: 2_000 }, ctx({ positionQuantity: 200 }));
  });

  it("max_daily_loss below 1 is a fraction of start-of-day equity, as the original's config wrote it (0.05 = 5 %)", () => {
    // 5 % of 100,000 is 5,000: a loss of 5,000 refuses, 4,999.99 does not.
    const e = refusal(() => checkRisk(buy(1), { max_daily_loss: 0.05 }, ctx({ account: { ...account, equity: 95_000 } })));
    expect(e).toMatchObject({ rule: 'max_daily_loss', limit: 0.05, actual: 5000 });
    expect(e.message).toMatch(/limit of 5,000\.00 USD \(5% of start-of-day equity 100,000\.00 USD\)/);
    checkRisk(buy(1), { max_daily_loss: 0.05 }, ctx({ account: { ...account, equity: 95_000.01 } }));
    // Without a start-of-day figure: today's equity less the day's P&L.
    const noStart = { cash: 20_000, equity: 94_000, portfolioValue: 94_000, currency: 'USD', dayPnl: -6_000 };
    expect(refusal(() => checkRisk(buy(1), { max_daily_loss: 0.05 }, ctx({ account: noStart })))).toMatchObject({ actual: 6000 });
  });

  it('max_daily_loss refuses exactly at the limit and names the loss', () => {
    const atLimit = ctx({ account: { ...account, equity: 98_500 }, positionQuantity: 20 });
    const e = refusal(() => checkRisk(buy(1), { max_daily_loss: 1_500 }, atLimit));
    expect(e).toMatchObject({ rule: 'max_daily_loss', limit: 1500, actual: 1500 });
    expect(e.message).toMatch(/the day's loss is 1,500.00 USD, at or above the limit of 1,500.00 USD/);
    checkRisk(sell(5), { max_daily_loss: 1_500 }, atLimit);
    checkRisk(buy(1), { max_daily_loss: 1_500 }, ctx({ account: { ...account, equity: 98_500.01 } }));
  });

  it('uses the exact decimal of each number (no float drift at the boundary)', () => {
    // 0.1 + 0.2 style: 3 x 33.33 = 99.99 exactly, so a 99.99 cap on cash spend is met, not exceeded.
    checkRisk(buy(3), { min_cash_balance: 0.01 }, ctx({ price: 33.33, account: { ...account, cash: 100 } }));
    expect(() => checkRisk(buy(3), { min_cash_balance: 0.02 }, ctx({ price: 33.33, account: { ...account, cash: 100 } }))).toThrow(RiskLimitError);
  });
});

describe('referencePrice and protectiveStopPrice', () => {
  it('judges at the limit, the stop, the side of the quote, or the last trade', () => {
    const q = { symbol: 'AAPL', bid: 99, ask: 101, last: 100, timestamp: '2026-11-25T15:00:00Z' };
    expect(referencePrice(parseOrderRequest({ symbol: 'AAPL', side: 'buy', quantity: 1, type: 'limit', limitPrice: 98 }), q)).toBe(98);
    expect(referencePrice(buy(1), q)).toBe(101);
    expect(referencePrice(sell(1), q)).toBe(99);
    expect(referencePrice(buy(1), { ...q, ask: undefined })).toBe(100);
  });

  it('places the stop the given percentage away, rounded toward the entry', () => {
    expect(protectiveStopPrice('buy', 100, 0.05)).toBe(95);
    expect(protectiveStopPrice('buy', 180.37, 0.05)).toBe(171.36); // 171.3515 -> up to 171.36
    expect(protectiveStopPrice('sell', 180.37, 0.05)).toBe(189.38); // 189.3885 -> down to 189.38
  });
});
