import { Decimal, ExactSum, type AccountInfo, type Position } from '@invest/broker-core';

export interface PositionShare {
  broker: string;
  quantity: number;
  averageCost: number;
  marketValue?: number;
}

/** One symbol across every broker. */
export interface ConsolidatedPosition {
  symbol: string;
  /** Signed sum of every broker's quantity. */
  quantity: number;
  /**
   * Quantity-weighted average cost over the brokers' positions. Undefined when the brokers hold
   * the symbol on opposite sides (a long here and a short there have no common average).
   */
  averageCost?: number;
  /** Sum of signed cost bases (|q| x cost, negative for shorts). */
  costBasis: number;
  marketValue?: number;
  unrealizedPnl?: number;
  mixedSides: boolean;
  brokers: PositionShare[];
}

/**
 * Positions by symbol across brokers, with each broker's share and a weighted average cost
 * (total cost basis / total quantity), all summed exactly (`ExactSum`), so totals agree to the
 * cent with the sum of the parts.
 *
 * @example
 * ```ts
 * consolidatePositions([{ broker: 'a', positions: await a.getPositions() }, { broker: 'b', positions: await b.getPositions() }])
 * ```
 */
export function consolidatePositions(perBroker: readonly { broker: string; positions: readonly Position[] }[]): ConsolidatedPosition[] {
  const bySymbol = new Map<string, Accumulator>();
  for (const { broker, positions } of perBroker) {
    for (const p of positions) {
      let acc = bySymbol.get(p.symbol);
      if (!acc) bySymbol.set(p.symbol, (acc = new Accumulator()));
      acc.add(broker, p);
    }
  }
  const out: ConsolidatedPosition[] = [];
  for (const [symbol, acc] of bySymbol) out.push(acc.result(symbol));
  return out.sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
}

/** One symbol's running sums (one object per symbol, no per-position wrappers: 200k positions stay cheap). */
class Accumulator {
  readonly qty = new ExactSum();
  readonly gross = new ExactSum();
  readonly basis = new ExactSum();
  readonly signedBasis = new ExactSum();
  mv: ExactSum | undefined = new ExactSum();
  upl: ExactSum | undefined = new ExactSum();
  side: string | undefined;
  mixedSides = false;
  readonly brokers: PositionShare[] = [];

  add(broker: string, p: Position): void {
    const cost = Math.abs(p.costBasis);
    this.qty.add(p.quantity);
    this.gross.add(Math.abs(p.quantity));
    this.basis.add(cost);
    this.signedBasis.add(p.quantity < 0 ? -cost : cost);
    if (this.mv && p.marketValue !== undefined) this.mv.add(p.marketValue);
    else this.mv = undefined;
    if (this.upl && p.unrealizedPnl !== undefined) this.upl.add(p.unrealizedPnl);
    else this.upl = undefined;
    if (this.side !== undefined && this.side !== p.side) this.mixedSides = true;
    this.side = p.side;
    this.brokers.push(p.marketValue !== undefined
      ? { broker, quantity: p.quantity, averageCost: p.averageCost, marketValue: p.marketValue }
      : { broker, quantity: p.quantity, averageCost: p.averageCost });
  }

  result(symbol: string): ConsolidatedPosition {
    const entry: ConsolidatedPosition = {
      symbol, quantity: this.qty.toNumber(), costBasis: this.signedBasis.toNumber(), mixedSides: this.mixedSides, brokers: this.brokers,
    };
    // The weighted average is a quotient of two exact sums: the one rounding in the figure.
    const g = this.gross.toNumber();
    if (!this.mixedSides && g !== 0) entry.averageCost = Math.round((this.basis.toNumber() / g) * 1e10) / 1e10;
    if (this.mv !== undefined) entry.marketValue = this.mv.toNumber();
    if (this.upl !== undefined) entry.unrealizedPnl = this.upl.toNumber();
    return entry;
  }
}

/** Account totals in one currency. */
export interface AccountTotals {
  currency: string;
  cash: number;
  buyingPower: number;
  portfolioValue: number;
  equity: number;
  startOfDayEquity?: number;
  dayPnl?: number;
  brokers: string[];
}

/**
 * Sums balances per currency (never across currencies), exactly. Day P&L and start-of-day equity
 * are summed only when every broker in that currency reports them.
 *
 * @example
 * ```ts
 * consolidateAccounts([{ broker: 'a', account: await a.getAccount() }])
 * ```
 */
export function consolidateAccounts(perBroker: readonly { broker: string; account: AccountInfo }[]): AccountTotals[] {
  const byCurrency = new Map<string, { broker: string; account: AccountInfo }[]>();
  for (const item of perBroker) {
    let list = byCurrency.get(item.account.currency);
    if (!list) byCurrency.set(item.account.currency, (list = []));
    list.push(item);
  }
  const optionalSum = (list: { account: AccountInfo }[], key: 'dayPnl' | 'startOfDayEquity'): number | undefined =>
    list.every((x) => x.account[key] !== undefined) ? list.reduce((d, x) => d.add(x.account[key]!), Decimal.ZERO).toNumber() : undefined;
  return [...byCurrency.entries()].map(([currency, list]) => {
    const sum = (key: 'cash' | 'buyingPower' | 'portfolioValue' | 'equity'): number => list.reduce((d, x) => d.add(x.account[key]), Decimal.ZERO).toNumber();
    const totals: AccountTotals = {
      currency, cash: sum('cash'), buyingPower: sum('buyingPower'), portfolioValue: sum('portfolioValue'), equity: sum('equity'),
      brokers: list.map((x) => x.broker),
    };
    const dayPnl = optionalSum(list, 'dayPnl');
    const sod = optionalSum(list, 'startOfDayEquity');
    if (dayPnl !== undefined) totals.dayPnl = dayPnl;
    if (sod !== undefined) totals.startOfDayEquity = sod;
    return totals;
  });
}
