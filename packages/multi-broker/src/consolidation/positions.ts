import { Decimal, ExactSum, type AccountInfo, type Position } from '@invest/broker-core';

/** One broker's part of a consolidated position. */
export interface PositionShare {
  broker: string;
  /** The broker's own position object (not a copy). */
  position: Position;
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
  /** Sum of market values; undefined when any broker did not report one. */
  marketValue?: number;
  /** Sum of unrealized P&L; undefined when any broker did not report it. */
  unrealizedPnl?: number;
  mixedSides: boolean;
  /** Each broker's position in the symbol, in the order the brokers were given (a broker listing it twice appears twice). */
  breakdown: PositionShare[];
}

/** The running sums of one symbol. */
class Sums {
  readonly quantity = new ExactSum();
  readonly costBasis = new ExactSum();
  readonly marketValue = new ExactSum();
  readonly unrealizedPnl = new ExactSum();
  /** A broker did not report the figure: the total is unknown. */
  noMarketValue = false;
  noPnl = false;
  /** Bits: 1 long side, 2 short side, 4 positive quantity, 8 negative quantity. */
  seen = 0;
  readonly breakdown: PositionShare[] = [];
  constructor(readonly symbol: string) {}
}

/**
 * Positions by symbol across brokers, with each broker's position and a weighted average cost
 * (total cost basis / total quantity). Quantity, cost basis, market value and unrealized P&L are
 * summed exactly (`ExactSum` per symbol), so totals agree to the cent with the sum of the parts.
 * Sorted by symbol.
 *
 * @example
 * ```ts
 * consolidatePositions([{ broker: 'a', positions: await a.getPositions() }, { broker: 'b', positions: await b.getPositions() }])
 * ```
 */
export function consolidatePositions(perBroker: readonly { broker: string; positions: readonly Position[] }[]): ConsolidatedPosition[] {
  const bySymbol = new Map<string, Sums>();
  for (const { broker, positions } of perBroker) {
    for (const position of positions) {
      let sums = bySymbol.get(position.symbol);
      if (sums === undefined) bySymbol.set(position.symbol, (sums = new Sums(position.symbol)));
      const q = position.quantity;
      const cost = Math.abs(position.costBasis);
      sums.quantity.add(q);
      sums.costBasis.add(q < 0 ? -cost : cost);
      if (position.marketValue === undefined) sums.noMarketValue = true;
      else sums.marketValue.add(position.marketValue);
      if (position.unrealizedPnl === undefined) sums.noPnl = true;
      else sums.unrealizedPnl.add(position.unrealizedPnl);
      sums.seen |= (position.side === 'short' ? 2 : 1) | (q > 0 ? 4 : q < 0 ? 8 : 0);
      sums.breakdown.push({ broker, position });
    }
  }
  const out: ConsolidatedPosition[] = [];
  // Symbols are the Map's unique keys: sorted as plain strings (code unit order), then read.
  for (const symbol of [...bySymbol.keys()].sort()) {
    const s = bySymbol.get(symbol)!;
    const quantity = s.quantity.toNumber();
    const costBasis = s.costBasis.toNumber();
    const mixedSides = (s.seen & 3) === 3 || (s.seen & 12) === 12;
    out.push({
      symbol: s.symbol,
      quantity,
      // All on one side, so |sum of cost bases| / |sum of quantities| is the weighted average: the
      // one rounding in the figures.
      averageCost: !mixedSides && quantity !== 0 ? Math.round((Math.abs(costBasis) / Math.abs(quantity)) * 1e10) / 1e10 : undefined,
      costBasis,
      marketValue: s.noMarketValue ? undefined : s.marketValue.toNumber(),
      unrealizedPnl: s.noPnl ? undefined : s.unrealizedPnl.toNumber(),
      mixedSides,
      breakdown: s.breakdown,
    });
  }
  return out;
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
