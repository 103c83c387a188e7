import { Decimal, type Order } from '@invest/broker-core';
import { decimalOf, minus } from './fast-decimal.ts';
import type { Claim } from './reservations.ts';

/** What an order is for inside its group. */
export type OrderRole = 'entry' | 'take_profit' | 'stop_loss';

/** Where an open order sits in its book's index (not persisted: rebuilt from the order on load). */
export type OrderSlot = 'none' | 'held' | 'market' | 'limit' | 'stop' | 'trailing' | 'unanchored' | 'opening' | 'closing';

/**
 * The simulator's record of one order: the public `Order` (whose status, fills and quantity only
 * ever change through `applyOrderUpdate`) plus what the matching engine needs. Fill amounts are
 * exact decimals.
 */
export interface SimOrder {
  order: Order;
  /** Time priority: orders at one price fill in `seq` order. */
  seq: number;
  role: OrderRole;
  /** Children of a bracket / OTO entry, or the stop leg of an OCO. */
  legIds: string[];
  /** The other exit of an OCO pair (take-profit <-> stop-loss): a fill of one shrinks or cancels it. */
  siblingId?: string;
  filled: Decimal;
  /** Sum of quantity x price over the fills (for the average price). */
  value: Decimal;
  commission: Decimal;
  /** A stop, stop-limit or trailing stop whose trigger was reached. */
  triggered: boolean;
  /** Trailing stops: high water mark (sell) or low water mark (buy). */
  waterMark?: number;
  /** When a day / opg / cls order ends, epoch ms. */
  expiresAt?: number;
  /** Index generation: heap entries pushed with an older one are stale. */
  gen: number;
  slot: OrderSlot;
  /** What the order holds back of buying power (kept by `Reservations`; undefined: nothing). */
  claim: Claim | undefined;
  /** Place in its symbol's list of open orders (`OrderStore.open`); -1 when not open. */
  openAt: number;
  /** Shares this sell counts in its symbol's committed sells (kept by `Reservations`; undefined: none). */
  sellPart: Decimal | undefined;
}

/**
 * Exact ordered quantity (undefined for a notional order before its first fill).
 *
 * @example
 * ```ts
 * orderQuantity(o)?.toString() // '10'
 * ```
 */
export function orderQuantity(o: SimOrder): Decimal | undefined {
  return o.order.quantity === undefined ? undefined : decimalOf(o.order.quantity);
}

/**
 * Exact quantity still to fill (0 for a notional order before its first fill).
 *
 * @example
 * ```ts
 * remainingQuantity(o).isZero() // true once filled
 * ```
 */
export function remainingQuantity(o: SimOrder): Decimal {
  const q = orderQuantity(o);
  return q === undefined ? Decimal.ZERO : minus(q, o.filled);
}

/**
 * True for the statuses in which an order can still fill or be canceled.
 *
 * @example
 * ```ts
 * isOpenStatus('held') // true
 * isOpenStatus('expired') // false
 * ```
 */
export function isOpenStatus(status: Order['status']): boolean {
  return status !== 'filled' && status !== 'canceled' && status !== 'replaced' && status !== 'rejected' && status !== 'expired';
}
