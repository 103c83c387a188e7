import { Decimal, type AccountInfo, type Position } from '@invest/broker-core';

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
 * Positions by symbol across brokers, with each broker's share and a weighted average cost, all
 * summed exactly (Decimal), so totals agree to the cent with the sum of the parts.
 *
 * @example
 * ```ts
 * consolidatePositions([{ broker: 'a', positions: await a.getPositions() }, { broker: 'b', positions: await b.getPositions() }])
 * ```
 */
export function consolidatePositions(perBroker: readonly { broker: string; positions: readonly Position[] }[]): ConsolidatedPosition[] {
  const bySymbol = new Map<string, { broker: string; p: Position }[]>();
  for (const { broker, positions } of perBroker) {
    for (const p of positions) {
      let list = bySymbol.get(p.symbol);
      if (!list) bySymbol.set(p.symbol, (list = []));
      list.push({ broker, p });
    }
  }
  const out: ConsolidatedPosition[] = [];
  for (const [symbol, list] of bySymbol) {
    let qty = Decimal.ZERO;
    let gross = Decimal.ZERO;
    let weighted = Decimal.ZERO;
    let basis = Decimal.ZERO;
    let mv: Decimal | undefined = Decimal.ZERO;
    let upl: Decimal | undefined = Decimal.ZERO;
    const sides = new Set<string>();
    for (const { p } of list) {
      const q = Decimal.from(p.quantity);
      qty = qty.add(q);
      gross = gross.add(q.abs());
      weighted = weighted.add(q.abs().mul(p.averageCost));
      basis = basis.add(q.abs().mul(p.averageCost).mul(q.sign()));
      mv = mv !== undefined && p.marketValue !== undefined ? mv.add(p.marketValue) : undefined;
      upl = upl !== undefined && p.unrealizedPnl !== undefined ? upl.add(p.unrealizedPnl) : undefined;
      sides.add(p.side);
    }
    const mixedSides = sides.size > 1;
    const entry: ConsolidatedPosition = {
      symbol,
      quantity: qty.toNumber(),
      costBasis: basis.toNumber(),
      mixedSides,
      brokers: list.map(({ broker, p }) => ({
        broker, quantity: p.quantity, averageCost: p.averageCost, ...(p.marketValue !== undefined ? { marketValue: p.marketValue } : {}),
      })),
    };
    if (!mixedSides && !gross.isZero()) entry.averageCost = weighted.div(gross, 10).toNumber();
    if (mv !== undefined) entry.marketValue = mv.toNumber();
    if (upl !== undefined) entry.unrealizedPnl = upl.toNumber();
    out.push(entry);
  }
  return out.sort((a, b) => a.symbol.localeCompare(b.symbol));
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
