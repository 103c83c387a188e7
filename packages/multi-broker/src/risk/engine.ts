import { Decimal, formatMoney, RiskLimitError, type AccountInfo, type OrderRequest, type Quote } from '@invest/broker-core';
import type { RiskRule, RiskSettings } from './settings.ts';

/** What the engine needs to know to judge one order. */
export interface RiskContext {
  /** Whose limits: a broker name, or `all brokers`. */
  scope: string;
  /** Balances (summed across brokers for the global scope). */
  account: Pick<AccountInfo, 'cash' | 'equity' | 'portfolioValue' | 'currency'> & { startOfDayEquity?: number; dayPnl?: number };
  /** Signed quantity held now in the order's symbol (0 when flat). */
  positionQuantity: number;
  /** Price the order is judged at (see `referencePrice`). */
  price: number;
  /**
   * False when the account may not sell short: a sell that would leave the position negative is
   * refused as `short_selling`. Undefined (the global scope) judges no such rule.
   */
  shortSelling?: boolean;
}

/**
 * The price an order is judged at: its limit (or stop) price where it has one, else the side of
 * the quote it would trade against, else the last trade.
 *
 * @example
 * ```ts
 * referencePrice(req, await broker.getQuote(req.symbol))
 * ```
 */
export function referencePrice(req: OrderRequest, quote: Quote | undefined): number | undefined {
  if (req.limitPrice !== undefined) return req.limitPrice;
  if (req.stopPrice !== undefined) return req.stopPrice;
  const side = req.side === 'buy' ? quote?.ask : quote?.bid;
  return side ?? quote?.last;
}

const money = formatMoney;
const pct = (d: Decimal): string => `${d.mul(100).round(2).toNumber()}%`;

/**
 * The day's loss limit in account currency. A setting below 1 is a fraction of start-of-day
 * equity, as the original's config wrote it (`0.05` = 5 %); 1 or more is an amount. Without a
 * start-of-day figure, start-of-day equity is today's equity less the day's P&L.
 */
function dailyLossLimit(setting: number, account: RiskContext['account']): { limit: Decimal; as: string } {
  if (setting >= 1) return { limit: Decimal.from(setting), as: '' };
  const start = account.startOfDayEquity !== undefined ? Decimal.from(account.startOfDayEquity) : Decimal.from(account.equity).sub(account.dayPnl ?? 0);
  return { limit: start.mul(setting), as: ` (${pct(Decimal.from(setting))} of start-of-day equity ${money(start, account.currency)})` };
}

/** Signed change in position an order makes (notional orders converted at `price`). */
export function orderDelta(req: OrderRequest, price: number): Decimal {
  const qty = req.quantity !== undefined ? Decimal.from(req.quantity) : Decimal.from(req.notional!).div(price, 9);
  return req.side === 'buy' ? qty : qty.neg();
}

/**
 * Judges one order against one scope's limits; throws `RiskLimitError` naming the rule, the limit
 * and the numbers. Orders that only reduce a position always pass the position and daily-loss
 * rules (a limit must never trap a user in a losing position). With `shortSelling: false` a sell
 * that would leave the position negative is refused as `short_selling`, before the broker does.
 *
 * @example
 * ```ts
 * checkRisk(req, { max_position_size: 0.1 }, { scope: 'alpaca', account, positionQuantity: 0, price: 180 })
 * ```
 */
export function checkRisk(req: OrderRequest, settings: RiskSettings, ctx: RiskContext): void {
  const { account, scope } = ctx;
  const price = Decimal.from(ctx.price);
  const before = Decimal.from(ctx.positionQuantity);
  const after = before.add(orderDelta(req, ctx.price));
  const addsRisk = after.abs().cmp(before.abs()) > 0;
  const refuse = (rule: RiskRule, limit: number, actual: number, text: string): never => {
    throw new RiskLimitError(`Risk limit ${rule} (${scope}): ${text}`, { rule, limit, actual, broker: scope });
  };

  if (ctx.shortSelling === false && req.side === 'sell' && after.cmp(0) < 0) {
    refuse('short_selling', 0, after.toNumber(),
      `selling ${orderDelta(req, ctx.price).abs()} ${req.symbol} with ${before} held would leave ${after}; ${scope} does not allow short selling`);
  }

  if (settings.max_daily_loss !== undefined && addsRisk) {
    const loss = account.startOfDayEquity !== undefined
      ? Decimal.from(account.startOfDayEquity).sub(account.equity)
      : Decimal.from(account.dayPnl ?? 0).neg();
    const { limit, as } = dailyLossLimit(settings.max_daily_loss, account);
    if (loss.cmp(limit) >= 0) {
      refuse('max_daily_loss', settings.max_daily_loss, loss.toNumber(),
        `the day's loss is ${money(loss, account.currency)}, at or above the limit of ${money(limit, account.currency)}${as}; only orders that reduce a position are allowed until the next session`);
    }
  }

  if (settings.max_position_size !== undefined && addsRisk) {
    const value = after.abs().mul(price);
    const portfolio = Decimal.from(account.portfolioValue);
    const limit = portfolio.mul(settings.max_position_size);
    if (value.cmp(limit) > 0) {
      const share = portfolio.isZero() ? Decimal.from(1) : value.div(portfolio, 6);
      refuse('max_position_size', settings.max_position_size, share.toNumber(),
        `${req.side} ${orderDelta(req, ctx.price).abs()} ${req.symbol} at ${price} would make the position ${after} (${money(value, account.currency)}, ${pct(share)} of portfolio value ${money(portfolio, account.currency)}), above the limit of ${pct(Decimal.from(settings.max_position_size))} (${money(limit, account.currency)})`);
    }
  }

  if (settings.min_cash_balance !== undefined && req.side === 'buy') {
    const cost = orderDelta(req, ctx.price).mul(price);
    const cashAfter = Decimal.from(account.cash).sub(cost);
    if (cashAfter.cmp(settings.min_cash_balance) < 0) {
      refuse('min_cash_balance', settings.min_cash_balance, cashAfter.toNumber(),
        `buying ${req.symbol} for about ${money(cost, account.currency)} would leave cash at ${money(cashAfter, account.currency)}, below the minimum of ${money(Decimal.from(settings.min_cash_balance), account.currency)}`);
    }
  }
}

/**
 * The protective stop `stop_loss_pct` asks for: below the entry for a buy, above it for a sell,
 * rounded to the cent toward the entry, so the stop is never further away than asked.
 *
 * @example
 * ```ts
 * protectiveStopPrice('buy', 100, 0.05) // 95
 * ```
 */
export function protectiveStopPrice(side: 'buy' | 'sell', entry: number, stopLossPct: number): number {
  const e = Decimal.from(entry);
  const distance = e.mul(stopLossPct);
  const raw = side === 'buy' ? e.sub(distance) : e.add(distance);
  // Round toward the entry so the stop is never further away than the percentage allows.
  const cents = raw.mul(100);
  const down = cents.round(0, 'halfUp');
  const toward = side === 'buy'
    ? (down.cmp(cents) < 0 ? down.add(1) : down)
    : (down.cmp(cents) > 0 ? down.sub(1) : down);
  return toward.div(100, 2).toNumber();
}
