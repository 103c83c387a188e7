import { Decimal } from '@invest/broker-core';
import { decimalOf, minus, plus, times } from './fast-decimal.ts';
import type { SimEngine } from './engine.ts';
import type { SimOrder } from './sim-order.ts';

/** Exact account figures, all derived from the ledger and the latest marks. */
export interface AccountTotals {
  cash: Decimal;
  equity: Decimal;
  /** Signed sum of quantity x mark. */
  marketValue: Decimal;
  longValue: Decimal;
  shortValue: Decimal;
  unrealized: Decimal;
  realized: Decimal;
  commissions: Decimal;
  /** Buying power held back by open orders. */
  reserved: Decimal;
  buyingPower: Decimal;
  startOfDayEquity: Decimal;
  dayPnl: Decimal;
}

const HALF = Decimal.from('0.5');

/**
 * The mark of a symbol: last trade, else the mid, else whichever side is quoted.
 *
 * @example
 * ```ts
 * markOf(engine, 'AAPL')?.toString() // '187.21'
 * ```
 */
export function markOf(e: SimEngine, symbol: string): Decimal | undefined {
  const b = e.books.get(symbol);
  if (!b) return undefined;
  if (b.last !== undefined) return decimalOf(b.last);
  if (b.bid !== undefined && b.ask !== undefined) return decimalOf(b.bid).add(decimalOf(b.ask)).mul(HALF);
  const side = b.bid ?? b.ask;
  return side === undefined ? undefined : decimalOf(side);
}

/**
 * Exact account figures at the current marks, leaving out what `exclude` holds back.
 *
 * @example
 * ```ts
 * accountTotals(engine).equity.toString() // '100000'
 * ```
 */
export function accountTotals(e: SimEngine, exclude?: SimOrder): AccountTotals {
  const l = e.ledger;
  const { longValue, shortValue, unrealized } = marked(e, true);
  const marketValue = plus(longValue, shortValue);
  const equity = plus(l.cash, marketValue);
  const reserved = reservedBy(e, exclude);
  const buyingPower = buyingPowerOf(e, equity, longValue, shortValue, reserved);
  return {
    cash: l.cash, equity, marketValue, longValue, shortValue, unrealized,
    realized: l.realized, commissions: l.commissions, reserved, buyingPower,
    startOfDayEquity: e.startOfDay.equity, dayPnl: equity.sub(e.startOfDay.equity),
  };
}

/**
 * `accountTotals(e, exclude).buyingPower`, without the figures it does not need (the check on
 * every order).
 *
 * @example
 * ```ts
 * buyingPower(engine, undefined).toString() // '200000' on a fresh 2x margin account
 * ```
 */
export function buyingPower(e: SimEngine, exclude: SimOrder | undefined): Decimal {
  const { longValue, shortValue } = marked(e, false);
  const equity = plus(e.ledger.cash, plus(longValue, shortValue));
  return buyingPowerOf(e, equity, longValue, shortValue, reservedBy(e, exclude));
}

/** Long and short market value at the current marks (and unrealized P&L when asked: not on the per-order path). */
function marked(e: SimEngine, withUnrealized: boolean): { longValue: Decimal; shortValue: Decimal; unrealized: Decimal } {
  let longValue = Decimal.ZERO;
  let shortValue = Decimal.ZERO;
  let unrealized = Decimal.ZERO;
  for (const [symbol, p] of e.ledger.positions) {
    if (p.quantity.isZero()) continue;
    const mark = markOf(e, symbol);
    const value = mark ? p.quantity.mul(mark) : p.cost;
    if (value.sign() >= 0) longValue = plus(longValue, value);
    else shortValue = plus(shortValue, value);
    if (withUnrealized) unrealized = plus(unrealized, minus(value, p.cost));
  }
  return { longValue, shortValue, unrealized };
}

function buyingPowerOf(e: SimEngine, equity: Decimal, longValue: Decimal, shortValue: Decimal, reserved: Decimal): Decimal {
  const multiplier = e.config.accountType === 'margin' ? e.config.marginMultiplier : 1;
  const power = minus(plus(minus(times(equity, decimalOf(multiplier)), longValue), shortValue), reserved);
  return power.sign() < 0 ? Decimal.ZERO : power;
}

/** Buying power held back by open entry orders: what they would add to the position, at their price. */
function reservedBy(e: SimEngine, exclude?: SimOrder): Decimal {
  return e.store.reservations.reserved(e.view, exclude);
}
