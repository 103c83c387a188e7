import type { Position } from '@invest/broker-core';
import type { AccountTotals, ConsolidatedPosition } from '@invest/multi-broker';

/**
 * What the page shows, as JSON: every figure is the number the multi-broker functions computed
 * (`consolidatePositions`, `consolidateAccounts`), not a copy rounded for display. The page
 * formats; it never sums.
 */
export interface PortfolioSnapshot {
  /** When the reads behind it finished (ISO 8601). */
  at: string;
  accounts: AccountCard[];
  /** Totals per currency (never summed across currencies). */
  totals: AccountTotals[];
  positions: PositionRow[];
  /** Accounts whose reads failed, with the message (also on each account's card). */
  errors: { broker: string; error: string }[];
  /** Limits across all accounts together, and how much of each is used. */
  globalRisk: RiskUsage[];
}

/** One configured account: its state and, when it answered, its balances, orders and fills. */
export interface AccountCard {
  name: string;
  type: string;
  paper: boolean;
  isDefault: boolean;
  state: 'connected' | 'disconnected' | 'error';
  /** Why the account could not be read (its card shows it; the other cards are unaffected). */
  error?: string;
  balances?: {
    currency: string;
    cash: number;
    buyingPower: number;
    equity: number;
    portfolioValue: number;
    dayPnl?: number;
  };
  risk: RiskUsage[];
  openOrders: OrderRow[];
  /** Filled or partly filled orders, newest first. */
  recentFills: FillRow[];
}

/** One symbol across accounts: `ConsolidatedPosition`'s figures, without the brokers' raw objects. */
export interface PositionRow extends Omit<ConsolidatedPosition, 'breakdown'> {
  /** Each broker's part: its figures from its `Position`, not the object. */
  breakdown: ({ broker: string } & Pick<Position, 'quantity' | 'averageCost' | 'marketValue' | 'unrealizedPnl'>)[];
}

export interface OrderRow {
  id: string;
  symbol: string;
  side: 'buy' | 'sell';
  type: string;
  status: string;
  quantity?: number;
  notional?: number;
  filledQuantity: number;
  limitPrice?: number;
  stopPrice?: number;
  updatedAt: string;
}

export interface FillRow {
  orderId: string;
  symbol: string;
  side: 'buy' | 'sell';
  quantity: number;
  price?: number;
  at: string;
}

/** One risk limit and how much of it is used (`used` / `limit` in the rule's own unit). */
export interface RiskUsage {
  rule: 'max_position_size' | 'max_daily_loss' | 'min_cash_balance' | 'stop_loss_pct';
  /** The setting as configured. */
  setting: number;
  /** What the limit means in the account's currency or as a fraction, when it can be known. */
  limit?: number;
  used?: number;
  /** used / limit, 0..1 (or above 1 when over); undefined where the rule has no usage (stop_loss_pct). */
  fraction?: number;
  unit: 'fraction' | 'money';
}
