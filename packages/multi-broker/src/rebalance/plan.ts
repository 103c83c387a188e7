import { Decimal, InvalidOrderError } from '@invest/broker-core';

export interface RebalanceTarget {
  symbol: string;
  /** Fraction of portfolio value (of the whole portfolio, or of `broker`'s when given). */
  weight: number;
  /** Hold this weight within this broker's account instead of across all of them. */
  broker?: string;
}

export interface RebalanceInput {
  targets: readonly RebalanceTarget[];
  /** Every broker's holdings. */
  holdings: readonly { broker: string; symbol: string; quantity: number }[];
  /**
   * Orders still working at each broker: their unfilled quantity, signed (+ buy, - sell). They
   * count as held (and a buy's value as spent), so a plan applied twice while its first orders
   * still rest never orders the same shares again.
   */
  openOrders?: readonly { broker: string; symbol: string; quantity: number }[];
  /** Every broker's cash and portfolio value. */
  balances: readonly { broker: string; cash: number; portfolioValue: number }[];
  /** Price per symbol the plan is computed at. */
  prices: Readonly<Record<string, number>>;
  /** A symbol within this fraction of portfolio value of its target is left alone. Default 0.01. */
  tolerance?: number;
}

export interface PlannedTrade {
  broker: string;
  symbol: string;
  side: 'buy' | 'sell';
  quantity: number;
  price: number;
  /** quantity x price. */
  value: number;
}

export interface RebalanceRow {
  symbol: string;
  scope: string;
  currentValue: number;
  targetValue: number;
  currentWeight: number;
  targetWeight: number;
  action: 'trade' | 'within tolerance' | 'less than one share';
}

export interface RebalancePlan {
  portfolioValue: number;
  tolerance: number;
  rows: RebalanceRow[];
  /** Sells first (their cash pays for the buys), then buys. */
  trades: PlannedTrade[];
  /** The open orders counted as held (signed unfilled quantity), as given. */
  openOrders: { broker: string; symbol: string; quantity: number }[];
}

const round = (d: Decimal, places = 2): number => d.round(places).toNumber();

/**
 * Holdings as they will be once every open order fills: each order's signed quantity added to its
 * broker's holding, and a buy's value (at the plan's price) taken from its broker's cash.
 */
function withOpenOrders(input: RebalanceInput, cash: Map<string, Decimal>): { broker: string; symbol: string; quantity: number }[] {
  const held = new Map<string, { broker: string; symbol: string; quantity: Decimal }>();
  const add = (broker: string, symbol: string, quantity: number): void => {
    const key = JSON.stringify([broker, symbol]);
    const h = held.get(key) ?? { broker, symbol, quantity: Decimal.ZERO };
    h.quantity = h.quantity.add(quantity);
    held.set(key, h);
  };
  for (const h of input.holdings) add(h.broker, h.symbol, h.quantity);
  for (const o of input.openOrders ?? []) {
    add(o.broker, o.symbol, o.quantity);
    const price = input.prices[o.symbol];
    const left = cash.get(o.broker);
    if (o.quantity > 0 && price !== undefined && left !== undefined) cash.set(o.broker, left.sub(Decimal.from(o.quantity).mul(price)));
  }
  return [...held.values()].map((h) => ({ broker: h.broker, symbol: h.symbol, quantity: h.quantity.toNumber() }));
}

/**
 * Plans the trades that bring holdings to target weights, within a tolerance, with the fewest
 * trades: each symbol's whole change goes to one broker where one can take it (sells from the
 * largest holder, buys at the broker with the most cash after the sells), spilling over to the
 * next only when one is not enough. Whole shares, rounded toward zero so a buy never needs more
 * cash than the target implies. Symbols without a target are not touched; weight 0 sells all.
 * Open orders count: a resting buy is held (and its cash spent), a resting sell is already gone.
 * Pure: the same input gives the same plan.
 *
 * @example
 * ```ts
 * planRebalance({ targets: [{ symbol: 'AAPL', weight: 0.25 }], holdings, balances, prices: { AAPL: 200 } })
 * ```
 */
export function planRebalance(input: RebalanceInput): RebalancePlan {
  const tolerance = input.tolerance ?? 0.01;
  if (!(tolerance >= 0 && tolerance < 1)) throw new InvalidOrderError(`Invalid rebalance: tolerance: must be in [0, 1), got ${tolerance}`, { field: 'tolerance', outcome: 'denied' });
  const scopes = new Map<string, Decimal>();
  for (const t of input.targets) {
    if (!(Number.isFinite(t.weight) && t.weight >= 0 && t.weight <= 1)) {
      throw new InvalidOrderError(`Invalid rebalance: weight of ${t.symbol}: must be between 0 and 1, got ${t.weight}`, { field: `targets.${t.symbol}`, outcome: 'denied' });
    }
    if (input.prices[t.symbol] === undefined) throw new InvalidOrderError(`Invalid rebalance: no price for ${t.symbol}`, { field: `targets.${t.symbol}`, outcome: 'denied' });
    if (t.broker !== undefined && !input.balances.some((b) => b.broker === t.broker)) {
      throw new InvalidOrderError(`Invalid rebalance: unknown broker ${t.broker} for ${t.symbol}`, { field: `targets.${t.symbol}.broker`, outcome: 'denied' });
    }
    const scope = t.broker ?? '*';
    scopes.set(scope, (scopes.get(scope) ?? Decimal.ZERO).add(t.weight));
  }
  for (const [scope, sum] of scopes) {
    if (sum.cmp(1) > 0) throw new InvalidOrderError(`Invalid rebalance: weights${scope === '*' ? '' : ` for ${scope}`} add up to ${sum}, more than 1`, { field: 'targets', outcome: 'denied' });
  }
  const total = input.balances.reduce((s, b) => s.add(b.portfolioValue), Decimal.ZERO);
  const cash = new Map(input.balances.map((b) => [b.broker, Decimal.from(b.cash)]));
  const holdings = withOpenOrders(input, cash);
  const rows: RebalanceRow[] = [];
  const sells: PlannedTrade[] = [];
  const buys: { symbol: string; shares: bigint; price: Decimal; only?: string }[] = [];

  for (const t of input.targets) {
    const price = Decimal.from(input.prices[t.symbol]!);
    const scopeValue = t.broker ? Decimal.from(input.balances.find((b) => b.broker === t.broker)!.portfolioValue) : total;
    const holders = holdings.filter((h) => h.symbol === t.symbol && (!t.broker || h.broker === t.broker) && h.quantity !== 0);
    const held = holders.reduce((s, h) => s.add(h.quantity), Decimal.ZERO);
    const current = held.mul(price);
    const target = scopeValue.mul(t.weight);
    const gap = target.sub(current);
    const row: RebalanceRow = {
      symbol: t.symbol, scope: t.broker ?? 'all brokers', currentValue: round(current), targetValue: round(target),
      currentWeight: scopeValue.isZero() ? 0 : round(current.div(scopeValue, 8), 6), targetWeight: t.weight, action: 'trade',
    };
    rows.push(row);
    if (gap.abs().cmp(scopeValue.mul(tolerance)) <= 0) {
      row.action = 'within tolerance';
      continue;
    }
    // Whole shares, toward zero.
    // div rounds half-even to whole shares; step back toward zero where that overshot the gap.
    let n = gap.div(price, 0).units;
    if (Decimal.ofUnits(n, 0).mul(price).abs().cmp(gap.abs()) > 0) n += gap.sign() > 0 ? -1n : 1n;
    if (n === 0n) {
      row.action = 'less than one share';
      continue;
    }
    if (n < 0n) {
      let left = -n;
      for (const h of [...holders].sort((a, b) => b.quantity - a.quantity || a.broker.localeCompare(b.broker))) {
        if (left === 0n) break;
        const take = BigInt(Math.floor(h.quantity)) < left ? BigInt(Math.floor(h.quantity)) : left;
        if (take <= 0n) continue;
        left -= take;
        const value = Decimal.ofUnits(take, 0).mul(price);
        cash.set(h.broker, cash.get(h.broker)!.add(value));
        sells.push({ broker: h.broker, symbol: t.symbol, side: 'sell', quantity: Number(take), price: price.toNumber(), value: round(value) });
      }
    } else {
      buys.push({ symbol: t.symbol, shares: n, price, ...(t.broker ? { only: t.broker } : {}) });
    }
  }

  const buyTrades: PlannedTrade[] = [];
  for (const b of buys) {
    let left = b.shares;
    const candidates = () => [...cash.entries()].filter(([name]) => !b.only || name === b.only).sort((x, y) => y[1].cmp(x[1]) || x[0].localeCompare(y[0]));
    // One broker that can pay for all of it, the richest first; else spread, richest first.
    const whole = candidates().find(([, c]) => c.cmp(Decimal.ofUnits(left, 0).mul(b.price)) >= 0);
    const plan = whole ? [whole] : candidates();
    for (const [name, c] of plan) {
      if (left === 0n) break;
      const affordable = c.div(b.price, 0).units;
      let can = Decimal.ofUnits(affordable, 0).mul(b.price).cmp(c) > 0 ? affordable - 1n : affordable;
      if (can > left) can = left;
      if (can <= 0n) continue;
      left -= can;
      const value = Decimal.ofUnits(can, 0).mul(b.price);
      cash.set(name, c.sub(value));
      buyTrades.push({ broker: name, symbol: b.symbol, side: 'buy', quantity: Number(can), price: b.price.toNumber(), value: round(value) });
    }
  }
  return { portfolioValue: round(total), tolerance, rows, trades: [...sells, ...buyTrades], openOrders: (input.openOrders ?? []).map((o) => ({ ...o })) };
}
