import { Decimal, ExactSumColumn, type AccountInfo, type Position } from '@invest/broker-core';

/** One broker's part of a consolidated position. */
export interface PositionShare {
  broker: string;
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
  /**
   * The brokers holding the symbol, in the order they were given. Read-only: symbols held at every
   * broker share one frozen list.
   */
  brokers: readonly string[];
  /**
   * Each broker's own position for the symbol (the object the broker returned, not a copy), in
   * the same order as `brokers`: `holdings[i]` is held at `brokers[i]`. `sharesOf` pairs them.
   */
  holdings: Position[];
}

/**
 * The per-broker breakdown of a consolidated position as pairs (allocates one object per broker;
 * the consolidation itself does not).
 *
 * @example
 * ```ts
 * sharesOf(aapl).map((s) => `${s.broker}: ${s.position.quantity}`)
 * ```
 */
export function sharesOf(position: Pick<ConsolidatedPosition, 'brokers' | 'holdings'>): PositionShare[] {
  return position.brokers.map((broker, i) => ({ broker, position: position.holdings[i]! }));
}

/**
 * Positions by symbol across brokers, with each broker's holding and a weighted average cost
 * (total cost basis / total quantity), all summed exactly (`ExactSumColumn`), so totals agree to
 * the cent with the sum of the parts. Sorted by symbol.
 *
 * Built for 20 brokers x 10,000 positions (decision 007):
 * - One pass finds each position's row and adds its figures into exact-sum columns; no object is
 *   made per position. Brokers list their positions in a stable order (usually by symbol), and
 *   accounts filled by one distributed order hold the same symbols, so the row after the previous
 *   position's is tried first: one string comparison where a match is likely. A symbol index is
 *   built only when a position does not line up that way.
 * - A symbol held once at every broker, in the order the brokers were given, gets one shared,
 *   frozen `brokers` list; other symbols get their own list.
 * - The same pass places every broker's own position object into its symbol's `holdings`.
 *
 * @example
 * ```ts
 * consolidatePositions([{ broker: 'a', positions: await a.getPositions() }, { broker: 'b', positions: await b.getPositions() }])
 * ```
 */
export function consolidatePositions(perBroker: readonly PositionsAt[]): ConsolidatedPosition[] {
  // Without an index, a symbol the first broker lists twice would open two rows; the indexed run
  // cannot, so it is the answer whenever the first one finds that.
  return consolidate(perBroker, false) ?? consolidate(perBroker, true)!;
}

/** Undefined when a symbol ended up on two rows (possible only when not `indexed`). */
function consolidate(perBroker: readonly PositionsAt[], indexed: boolean): ConsolidatedPosition[] | undefined {
  const rows = sumRows(perBroker, indexed);
  if (rows === undefined) return undefined;
  const out = entries(perBroker, rows);
  let repeated = false;
  // A comparison sort compares every two neighbours of its result, so two rows with one symbol
  // meet here.
  out.sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : ((repeated = true), 0)));
  return repeated ? undefined : out;
}

interface PositionsAt {
  broker: string;
  positions: readonly Position[];
}

/** What the first pass learns: a row per symbol, its sums and its holdings. */
interface Rows {
  symbols: string[];
  /** Every broker's own position objects, by row, in broker order (an array may have spare room). */
  holdings: Position[][];
  /** How many positions each row holds. */
  count: Int32Array;
  /**
   * b + 1 while the row is held by brokers 0..b, once each and in order (its brokers are then a
   * prefix of the broker names); -1 once it is not, and `listed[row]` holds its brokers.
   */
  inOrder: Int32Array;
  listed: (string[] | undefined)[];
  /** Bits: 1 long side, 2 short side, 4 positive quantity, 8 negative quantity, 16 a market value missing, 32 a P&L missing. */
  flags: Uint8Array;
  qty: ExactSumColumn;
  /** Cost basis signed like the quantity (shorts negative). */
  basis: ExactSumColumn;
  mv: ExactSumColumn;
  upl: ExactSumColumn;
}

/**
 * Finds every position's row and adds its figures. With `indexed` false, the first broker's
 * positions open rows without an index until a later position does not line up; it returns
 * undefined when the index, once built, finds a symbol with two rows.
 */
function sumRows(perBroker: readonly PositionsAt[], indexed: boolean): Rows | undefined {
  const brokerCount = perBroker.length;
  // Null-prototype, so any symbol ("__proto__" too) is a plain key.
  let rowOf: Record<string, number> | undefined = indexed ? Object.create(null) : undefined;
  // At least as many rows as the longest list: usually all there will be, so nothing grows.
  let capacity = 64;
  for (const { positions } of perBroker) capacity = Math.max(capacity, positions.length);
  let count = new Int32Array(capacity);
  let inOrder = new Int32Array(capacity);
  let flags = new Uint8Array(capacity);
  // Made before the loop, so nothing runs after it (see the return).
  const rows: Rows = {
    symbols: [], holdings: [], count, inOrder, listed: [], flags,
    qty: new ExactSumColumn(capacity), basis: new ExactSumColumn(capacity), mv: new ExactSumColumn(capacity), upl: new ExactSumColumn(capacity),
  };
  const { symbols, holdings, listed, qty, basis, mv, upl } = rows;
  for (let b = 0; b < brokerCount; b++) {
    const { broker, positions } = perBroker[b]!;
    let next = 0;
    for (let i = 0; i < positions.length; i++) {
      const p = positions[i]!;
      const symbol = p.symbol;
      let row: number | undefined;
      if (symbols[next] === symbol) row = next;
      else {
        if (rowOf === undefined && b > 0) {
          rowOf = indexOf(symbols);
          if (rowOf === undefined) return undefined;
        }
        row = rowOf === undefined ? undefined : rowOf[symbol];
        if (row === undefined) {
          row = symbols.length;
          symbols.push(symbol);
          // Room for one position per broker on a first broker's row (such a row is usually held
          // everywhere): at most that broker's positions x the broker count, trimmed in `entries`.
          holdings.push(new Array(b === 0 ? brokerCount : 1));
          if (rowOf !== undefined) rowOf[symbol] = row;
          if (row === capacity) {
            capacity *= 2;
            rows.count = count = grown(count, new Int32Array(capacity));
            rows.inOrder = inOrder = grown(inOrder, new Int32Array(capacity));
            rows.flags = flags = grown(flags, new Uint8Array(capacity));
            qty.reserve(capacity);
            basis.reserve(capacity);
            mv.reserve(capacity);
            upl.reserve(capacity);
          }
        }
      }
      next = row + 1;
      holdings[row]![count[row]!++] = p;
      const leading = inOrder[row]!;
      if (leading === b) inOrder[row] = b + 1;
      else {
        if (leading >= 0) {
          listed[row] = brokerNames(perBroker, leading);
          inOrder[row] = -1;
        }
        listed[row]!.push(broker);
      }
      const q = p.quantity;
      const cost = Math.abs(p.costBasis);
      qty.add(row, q);
      basis.add(row, q < 0 ? -cost : cost);
      let f = flags[row]! | (p.side === 'short' ? 2 : 1) | (q > 0 ? 4 : q < 0 ? 8 : 0);
      if (p.marketValue !== undefined) mv.add(row, p.marketValue);
      else f |= 16;
      if (p.unrealizedPnl !== undefined) upl.add(row, p.unrealizedPnl);
      else f |= 32;
      flags[row] = f;
    }
  }
  // Nothing but the return after the loop: the loop is compiled while it runs (on-stack
  // replacement), before any code after it has run, and such code would send it back (deopt).
  return rows;
}

/** The row of each symbol; undefined when a symbol is on two rows. */
function indexOf(symbols: readonly string[]): Record<string, number> | undefined {
  const rowOf: Record<string, number> = Object.create(null);
  for (let row = 0; row < symbols.length; row++) {
    const symbol = symbols[row]!;
    if (rowOf[symbol] !== undefined) return undefined;
    rowOf[symbol] = row;
  }
  return rowOf;
}

/** An entry per row, in row order. */
function entries(perBroker: readonly PositionsAt[], rows: Rows): ConsolidatedPosition[] {
  const { symbols, holdings, count, inOrder, listed, flags, qty, basis, mv, upl } = rows;
  const brokerCount = perBroker.length;
  const everyBroker: readonly string[] = Object.freeze(brokerNames(perBroker, brokerCount));
  const n = symbols.length;
  const out: ConsolidatedPosition[] = new Array(n);
  for (let row = 0; row < n; row++) {
    const f = flags[row]!;
    const mixedSides = (f & 3) === 3 || (f & 12) === 12;
    const quantity = qty.toNumber(row);
    const costBasis = basis.toNumber(row);
    const list = holdings[row]!;
    if (list.length !== count[row]) list.length = count[row]!;
    const leading = inOrder[row]!;
    const brokers = leading === brokerCount ? everyBroker : leading >= 0 ? brokerNames(perBroker, leading) : listed[row]!;
    // All on one side, so |sum of cost bases| / |sum of quantities| is the weighted average: the
    // one rounding in the figures.
    const hasAverage = !mixedSides && quantity !== 0;
    if (hasAverage && (f & 48) === 0) {
      // The usual case, built whole so every entry has one shape.
      out[row] = {
        symbol: symbols[row]!, quantity, averageCost: averageOf(costBasis, quantity), costBasis, marketValue: mv.toNumber(row),
        unrealizedPnl: upl.toNumber(row), mixedSides, brokers, holdings: list,
      };
      continue;
    }
    const entry: ConsolidatedPosition = { symbol: symbols[row]!, quantity, costBasis, mixedSides, brokers, holdings: list };
    if (hasAverage) entry.averageCost = averageOf(costBasis, quantity);
    if ((f & 16) === 0) entry.marketValue = mv.toNumber(row);
    if ((f & 32) === 0) entry.unrealizedPnl = upl.toNumber(row);
    out[row] = entry;
  }
  return out;
}

function averageOf(costBasis: number, quantity: number): number {
  return Math.round((Math.abs(costBasis) / Math.abs(quantity)) * 1e10) / 1e10;
}

/** The names of the first `count` brokers, in order. */
function brokerNames(perBroker: readonly { broker: string }[], count: number): string[] {
  const names: string[] = new Array(count);
  for (let b = 0; b < count; b++) names[b] = perBroker[b]!.broker;
  return names;
}

function grown<T extends Int32Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
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
