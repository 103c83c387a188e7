import { describe, expect, it } from 'vitest';
import { riskUsage } from './risk-usage.ts';

const account = { cash: 20_000, equity: 98_000, portfolioValue: 98_000, startOfDayEquity: 100_000 };

describe('riskUsage', () => {
  it('measures the largest position against max_position_size as a share of portfolio value', () => {
    const [row] = riskUsage({ max_position_size: 0.25 }, account, [4_900, -19_600, 1_000]);
    expect(row).toEqual({ rule: 'max_position_size', setting: 0.25, limit: 0.25, used: 0.2, fraction: 0.8, unit: 'fraction' });
  });

  it('measures the day\'s loss from start-of-day equity; below 1 the limit is a fraction of it', () => {
    expect(riskUsage({ max_daily_loss: 0.05 }, account, [])[0]).toMatchObject({ limit: 5_000, used: 2_000, fraction: 0.4, unit: 'money' });
    expect(riskUsage({ max_daily_loss: 8_000 }, account, [])[0]).toMatchObject({ limit: 8_000, used: 2_000, fraction: 0.25 });
    // A gain uses none of it.
    expect(riskUsage({ max_daily_loss: 1_000 }, { ...account, equity: 101_000 }, [])[0]).toMatchObject({ used: 0, fraction: 0 });
    // Without a start-of-day figure: today's equity less the day's P&L.
    expect(riskUsage({ max_daily_loss: 1_000 }, { cash: 0, equity: 99_500, portfolioValue: 99_500, dayPnl: -500 }, [])[0]).toMatchObject({ used: 500, fraction: 0.5 });
  });

  it('says how close cash is to min_cash_balance, and lists stop_loss_pct without a usage', () => {
    const rows = riskUsage({ min_cash_balance: 5_000, stop_loss_pct: 0.05 }, account, []);
    expect(rows).toEqual([
      { rule: 'min_cash_balance', setting: 5_000, limit: 5_000, used: 20_000, fraction: 0.25, unit: 'money' },
      { rule: 'stop_loss_pct', setting: 0.05, limit: 0.05, unit: 'fraction' },
    ]);
  });

  it('keeps the limits but no usage when the account did not answer', () => {
    const rows = riskUsage({ max_position_size: 0.1, max_daily_loss: 500 }, undefined, []);
    expect(rows.map((r) => [r.rule, r.fraction])).toEqual([['max_position_size', undefined], ['max_daily_loss', undefined]]);
    expect(riskUsage({}, account, [1])).toEqual([]);
  });
});
