import { Decimal } from '@invest/broker-core';
import type { RiskSettings } from '@invest/multi-broker';
import type { RiskUsage } from './snapshot.ts';

/** The balances a usage figure needs (one account's, or the totals of one currency). */
export interface RiskBalances {
  cash: number;
  equity: number;
  portfolioValue: number;
  startOfDayEquity?: number;
  dayPnl?: number;
}

const ratio = (used: Decimal, limit: Decimal): number | undefined => (limit.isZero() ? undefined : used.div(limit, 6).toNumber());

/**
 * How much of each configured limit is used, judged as the risk engine judges an order
 * (`checkRisk` in @invest/multi-broker): the largest position against `max_position_size`, the
 * day's loss from start-of-day equity against `max_daily_loss` (below 1 a fraction of that
 * equity, 1 or more an amount), cash against `min_cash_balance`. `stop_loss_pct` has no usage.
 *
 * @example
 * ```ts
 * riskUsage({ max_position_size: 0.25 }, account, [19_000]) // [{ rule: 'max_position_size', fraction: 0.76, ... }]
 * ```
 */
export function riskUsage(settings: RiskSettings, balances: RiskBalances | undefined, positionValues: readonly number[]): RiskUsage[] {
  const out: RiskUsage[] = [];
  if (settings.max_position_size !== undefined) {
    const row: RiskUsage = { rule: 'max_position_size', setting: settings.max_position_size, limit: settings.max_position_size, unit: 'fraction' };
    if (balances && balances.portfolioValue !== 0) {
      const largest = positionValues.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      const used = Decimal.from(largest).div(balances.portfolioValue, 6);
      row.used = used.toNumber();
      row.fraction = ratio(used, Decimal.from(settings.max_position_size));
    }
    out.push(row);
  }
  if (settings.max_daily_loss !== undefined) {
    const row: RiskUsage = { rule: 'max_daily_loss', setting: settings.max_daily_loss, unit: 'money' };
    if (balances) {
      const start = balances.startOfDayEquity !== undefined ? Decimal.from(balances.startOfDayEquity) : Decimal.from(balances.equity).sub(balances.dayPnl ?? 0);
      const limit = settings.max_daily_loss >= 1 ? Decimal.from(settings.max_daily_loss) : start.mul(settings.max_daily_loss);
      const loss = start.sub(balances.equity);
      const used = loss.sign() > 0 ? loss : Decimal.ZERO;
      row.limit = limit.toNumber();
      row.used = used.toNumber();
      row.fraction = ratio(used, limit);
    }
    out.push(row);
  }
  if (settings.min_cash_balance !== undefined) {
    const row: RiskUsage = { rule: 'min_cash_balance', setting: settings.min_cash_balance, limit: settings.min_cash_balance, unit: 'money' };
    if (balances) {
      row.used = balances.cash;
      // How close cash is to the floor: 1 means at the minimum, above 1 below it.
      row.fraction = balances.cash > 0 ? Decimal.from(settings.min_cash_balance).div(balances.cash, 6).toNumber() : 1;
    }
    out.push(row);
  }
  if (settings.stop_loss_pct !== undefined) out.push({ rule: 'stop_loss_pct', setting: settings.stop_loss_pct, limit: settings.stop_loss_pct, unit: 'fraction' });
  return out;
}
