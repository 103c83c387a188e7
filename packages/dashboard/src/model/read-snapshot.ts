import { Redactor, type AccountInfo, type Order, type Position } from '@invest/broker-core';
import { consolidateAccounts, consolidatePositions, type ConsolidatedPosition } from '@invest/multi-broker';
import type { PortfolioSource } from './portfolio-source.ts';
import { riskUsage } from './risk-usage.ts';
import type { AccountCard, FillRow, OrderRow, PortfolioSnapshot, PositionRow } from './snapshot.ts';

/** How many filled orders each card lists. */
export const RECENT_FILLS = 20;

/** Removes what looks like a credential (`Authorization: ...`, `api_key=...`) from a message. */
const patterns = new Redactor();

export interface ReadSnapshotOptions {
  now?: () => Date;
  /**
   * Applied to every error message before it is put on the page: the CLI passes its redactor,
   * which also knows the secret values it loaded. Default: core's patterns of credentials in text.
   */
  redact?: (text: string) => string;
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: string };

function orderRow(o: Order): OrderRow {
  const row: OrderRow = { id: o.id, symbol: o.symbol, side: o.side, type: o.type, status: o.status, filledQuantity: o.filledQuantity, updatedAt: o.updatedAt };
  if (o.quantity !== undefined) row.quantity = o.quantity;
  if (o.notional !== undefined) row.notional = o.notional;
  if (o.limitPrice !== undefined) row.limitPrice = o.limitPrice;
  if (o.stopPrice !== undefined) row.stopPrice = o.stopPrice;
  return row;
}

function fillRow(o: Order): FillRow {
  const row: FillRow = { orderId: o.id, symbol: o.symbol, side: o.side, quantity: o.filledQuantity, at: o.filledAt ?? o.updatedAt };
  if (o.averageFillPrice !== undefined) row.price = o.averageFillPrice;
  return row;
}

/** A consolidated position as the page gets it: the same figures, without each broker's raw object. */
function positionRow(p: ConsolidatedPosition): PositionRow {
  const row: PositionRow = {
    symbol: p.symbol, quantity: p.quantity, costBasis: p.costBasis, mixedSides: p.mixedSides,
    breakdown: p.breakdown.map(({ broker, position }) => {
      const share: PositionRow['breakdown'][number] = { broker, quantity: position.quantity, averageCost: position.averageCost };
      if (position.marketValue !== undefined) share.marketValue = position.marketValue;
      if (position.unrealizedPnl !== undefined) share.unrealizedPnl = position.unrealizedPnl;
      return share;
    }),
  };
  if (p.averageCost !== undefined) row.averageCost = p.averageCost;
  if (p.marketValue !== undefined) row.marketValue = p.marketValue;
  if (p.unrealizedPnl !== undefined) row.unrealizedPnl = p.unrealizedPnl;
  return row;
}

interface AccountReads {
  account: Settled<AccountInfo>;
  positions: Settled<Position[]>;
  open: Settled<Order[]>;
  recent: Settled<Order[]>;
}

/**
 * Reads every account once (concurrently; one account failing does not stop the others) and
 * builds what the page shows. Positions and totals come from multi-broker's
 * `consolidatePositions` and `consolidateAccounts` over the accounts that answered, in the
 * accounts' order: the functions and inputs behind `invest multi-portfolio --json`, so the page
 * shows the same exact numbers.
 *
 * @example
 * ```ts
 * const snapshot = await readSnapshot(manager)
 * snapshot.totals[0].equity // 200000
 * ```
 */
export async function readSnapshot(source: PortfolioSource, options: ReadSnapshotOptions = {}): Promise<PortfolioSnapshot> {
  const redact = options.redact ?? ((text: string) => patterns.text(text));
  const message = (e: unknown): string => redact(e instanceof Error ? e.message : String(e));
  const settle = <T>(p: Promise<T>): Promise<Settled<T>> => p.then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error: message(error) }));
  const statuses = source.status();
  const reads = await Promise.all(statuses.map(async (s): Promise<AccountReads> => {
    const down = source.unreachable?.(s.name);
    if (down && !s.connected) {
      const failed = { ok: false as const, error: message(down) };
      return { account: failed, positions: failed, open: failed, recent: failed };
    }
    const b = source.get(s.name);
    const [account, positions, open, recent] = await Promise.all([
      settle(b.getAccount()), settle(b.getPositions()), settle(b.listOrders({ status: 'open' })), settle(b.listOrders({ status: 'all', limit: 100 })),
    ]);
    return { account, positions, open, recent };
  }));

  const accounts: AccountCard[] = [];
  const errors: PortfolioSnapshot['errors'] = [];
  const answeredAccounts: { broker: string; account: AccountInfo }[] = [];
  const answeredPositions: { broker: string; positions: Position[] }[] = [];
  statuses.forEach((s, i) => {
    const r = reads[i]!;
    const failure = [r.account, r.positions, r.open, r.recent].find((x) => !x.ok);
    const card: AccountCard = {
      name: s.name, type: s.type, paper: s.paper, isDefault: s.isDefault,
      state: failure ? 'error' : s.connected ? 'connected' : 'disconnected',
      risk: [], openOrders: [], recentFills: [],
    };
    if (failure && !failure.ok) {
      card.error = failure.error;
      errors.push({ broker: s.name, error: failure.error });
    }
    if (r.account.ok) {
      const a = r.account.value;
      answeredAccounts.push({ broker: s.name, account: a });
      card.balances = { currency: a.currency, cash: a.cash, buyingPower: a.buyingPower, equity: a.equity, portfolioValue: a.portfolioValue };
      if (a.dayPnl !== undefined) card.balances.dayPnl = a.dayPnl;
    }
    if (r.positions.ok) answeredPositions.push({ broker: s.name, positions: r.positions.value });
    if (r.open.ok) card.openOrders = r.open.value.map(orderRow);
    if (r.recent.ok) {
      card.recentFills = r.recent.value.filter((o) => o.filledQuantity > 0).map(fillRow)
        .sort((a, b) => Date.parse(b.at) - Date.parse(a.at)).slice(0, RECENT_FILLS);
    }
    const values = r.positions.ok ? r.positions.value.map((p) => p.marketValue ?? 0) : [];
    card.risk = riskUsage(s.risk, r.account.ok ? r.account.value : undefined, values);
    accounts.push(card);
  });

  source.recordAccounts?.(answeredAccounts);
  const totals = consolidateAccounts(answeredAccounts);
  const consolidated = consolidatePositions(answeredPositions);
  // The global limits are judged on one currency's totals; with several currencies there is no one figure.
  const only = totals.length === 1 ? totals[0] : undefined;
  const globalRisk = riskUsage(source.globalRisk?.settings ?? {}, only, consolidated.map((p) => p.marketValue ?? 0));
  return { at: (options.now?.() ?? new Date()).toISOString(), accounts, totals, positions: consolidated.map(positionRow), errors, globalRisk };
}
