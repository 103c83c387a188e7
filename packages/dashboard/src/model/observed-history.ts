import { ExactSum } from '@invest/broker-core';
import type { HistoryQuery, HistoryRow, HistorySource } from './portfolio-source.ts';
import type { PortfolioSnapshot } from './snapshot.ts';

/** Most rows kept; the oldest go first. At one row per account per change this is hours of a busy day. */
export const OBSERVED_HISTORY_LIMIT = 50_000;

/**
 * Portfolio history made of what this dashboard saw while it ran: each account's equity, cash and
 * positions value from every snapshot that changed them. In memory only, so it starts empty on
 * every run. For a source that stores no history; the CLI passes `@invest/multi-broker`'s stored
 * history instead, and both answer `history({ from, to, broker })` with the same rows.
 *
 * @example
 * ```ts
 * const history = new ObservedHistory()
 * history.record(await readSnapshot(manager))
 * await history.history({ broker: 'paper-1' }) // [{ at, broker: 'paper-1', equity: '100000', ... }]
 * ```
 */
export class ObservedHistory implements HistorySource {
  readonly #rows: HistoryRow[] = [];
  readonly #last = new Map<string, string>();

  constructor(readonly limit = OBSERVED_HISTORY_LIMIT) {}

  /** Adds a row for each account whose figures changed since the last one recorded. */
  record(snapshot: PortfolioSnapshot): void {
    const positionsValue = new Map<string, ExactSum>();
    for (const p of snapshot.positions) {
      for (const s of p.breakdown) {
        let sum = positionsValue.get(s.broker);
        if (!sum) positionsValue.set(s.broker, (sum = new ExactSum()));
        sum.add(s.marketValue ?? 0);
      }
    }
    for (const a of snapshot.accounts) {
      if (!a.balances) continue;
      const row: HistoryRow = {
        at: snapshot.at, broker: a.name, equity: String(a.balances.equity), cash: String(a.balances.cash),
        positionsValue: String(positionsValue.get(a.name)?.toNumber() ?? 0),
      };
      const key = `${row.equity}|${row.cash}|${row.positionsValue}`;
      if (this.#last.get(a.name) === key) continue;
      this.#last.set(a.name, key);
      this.#rows.push(row);
    }
    if (this.#rows.length > this.limit) this.#rows.splice(0, this.#rows.length - this.limit);
  }

  async history(query: HistoryQuery = {}): Promise<readonly HistoryRow[]> {
    const from = query.from?.getTime() ?? -Infinity;
    const to = query.to?.getTime() ?? Infinity;
    return this.#rows.filter((r) => {
      const t = Date.parse(r.at);
      return t >= from && t <= to && (query.broker === undefined || r.broker === query.broker);
    });
  }
}
