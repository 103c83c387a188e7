import type { AccountInfo, Position } from '@invest/broker-core';
import type { SimEngine } from '../engine/engine.ts';
import { exactText } from '../engine/exact-text.ts';
import { isoTime } from '../engine/time-text.ts';

/** Exact account figures as decimal strings (the property the ledger keeps: see `Ledger`). */
export interface SimLedger {
  initialCash: string;
  cash: string;
  equity: string;
  realizedPnl: string;
  unrealizedPnl: string;
  commissions: string;
  buyingPower: string;
  positions: { symbol: string; quantity: string; cost: string; realizedPnl: string; mark?: string }[];
}

/**
 * The account as the core model shows it, with the exact figures in `raw`.
 *
 * @example
 * ```ts
 * accountInfo(engine).paper // true
 * ```
 */
export function accountInfo(engine: SimEngine): AccountInfo {
  const t = engine.totals();
  return {
    accountId: engine.config.accountId,
    currency: engine.config.currency,
    cash: t.cash.toNumber(),
    buyingPower: t.buyingPower.toNumber(),
    portfolioValue: t.equity.toNumber(),
    equity: t.equity.toNumber(),
    startOfDayEquity: t.startOfDayEquity.toNumber(),
    dayPnl: t.dayPnl.toNumber(),
    accountType: engine.config.accountType,
    paper: true,
    status: 'active',
    updatedAt: isoTime(engine.time),
    raw: {
      cash: exactText(t.cash), equity: exactText(t.equity), realizedPnl: exactText(t.realized),
      unrealizedPnl: exactText(t.unrealized), commissions: exactText(t.commissions), longMarketValue: exactText(t.longValue),
      shortMarketValue: exactText(t.shortValue), reserved: exactText(t.reserved), startOfDay: engine.startOfDay.date,
    },
  };
}

/**
 * Open positions by symbol, marked at the latest price, with the exact figures in `raw`.
 *
 * @example
 * ```ts
 * positionsOf(engine)[0] // { symbol: 'AAPL', quantity: 10, side: 'long', averageCost: 187.23, ... }
 * ```
 */
export function positionsOf(engine: SimEngine): Position[] {
  const out: Position[] = [];
  const symbols = [...engine.ledger.positions.keys()].sort();
  for (const symbol of symbols) {
    const p = engine.ledger.positions.get(symbol);
    if (!p || p.quantity.isZero()) continue;
    const qty = p.quantity;
    const cost = p.cost.abs();
    const pos: Position = {
      symbol,
      quantity: qty.toNumber(),
      side: qty.sign() > 0 ? 'long' : 'short',
      averageCost: cost.div(qty.abs(), 10).toNumber(),
      costBasis: cost.toNumber(),
      realizedPnl: p.realized.toNumber(),
      assetClass: 'us_equity',
      raw: { quantity: exactText(qty), cost: exactText(p.cost), realizedPnl: exactText(p.realized) },
    };
    const mark = engine.mark(symbol);
    if (mark) {
      const value = qty.mul(mark);
      pos.currentPrice = mark.toNumber();
      pos.marketValue = value.toNumber();
      pos.unrealizedPnl = value.sub(p.cost).toNumber();
    }
    out.push(pos);
  }
  return out;
}

/**
 * Exact figures (decimal strings), for checks that must not depend on floating point.
 *
 * @example
 * ```ts
 * ledgerOf(engine).equity // '100000'
 * ```
 */
export function ledgerOf(engine: SimEngine): SimLedger {
  const t = engine.totals();
  const positions: SimLedger['positions'] = [];
  for (const [symbol, p] of [...engine.ledger.positions].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const mark = engine.mark(symbol);
    const row: SimLedger['positions'][number] = { symbol, quantity: exactText(p.quantity), cost: exactText(p.cost), realizedPnl: exactText(p.realized) };
    if (mark) row.mark = exactText(mark);
    positions.push(row);
  }
  return {
    initialCash: exactText(engine.ledger.initialCash), cash: exactText(t.cash), equity: exactText(t.equity),
    realizedPnl: exactText(t.realized), unrealizedPnl: exactText(t.unrealized), commissions: exactText(t.commissions),
    buyingPower: exactText(t.buyingPower), positions,
  };
}
