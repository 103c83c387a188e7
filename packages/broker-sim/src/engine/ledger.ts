import { Decimal, type OrderSide } from '@invest/broker-core';
import { minus, plus } from './fast-decimal.ts';

/**
 * A holding in exact decimals. `quantity` is signed (negative when short); `cost` is signed the
 * same way: what was paid for a long, minus what was received for a short. `realized` is the P&L
 * booked on this symbol so far.
 */
export interface LedgerPosition {
  quantity: Decimal;
  cost: Decimal;
  realized: Decimal;
}

/** Decimal places kept when a partial close takes a share of the cost basis (the one division). */
const COST_SCALE = 12;

/**
 * Cash, positions and P&L, all exact. Every fill moves cash by exactly quantity x price plus
 * commission; closing part of a position books realised P&L against the average cost and takes
 * that cost out of the basis, so `cash + market value == initial cash + realised + unrealised -
 * commissions` holds to the last digit after any sequence of fills.
 */
export class Ledger {
  initialCash: Decimal;
  cash: Decimal;
  realized: Decimal = Decimal.ZERO;
  commissions: Decimal = Decimal.ZERO;
  readonly positions = new Map<string, LedgerPosition>();
  /** Symbols whose position changed since the state was last saved (a persisted store sets it). */
  dirty: Set<string> | undefined;

  constructor(initialCash: Decimal) {
    this.initialCash = initialCash;
    this.cash = initialCash;
  }

  /** The signed quantity held in `symbol` (0 when flat). */
  quantity(symbol: string): Decimal {
    return this.positions.get(symbol)?.quantity ?? Decimal.ZERO;
  }

  /**
   * Books one fill and returns the realised P&L it produced (0 when it only opened or added).
   *
   * @example
   * ```ts
   * ledger.apply('AAPL', 'buy', Decimal.from(10), Decimal.from('100.05'), Decimal.from(1))
   * ```
   */
  apply(symbol: string, side: OrderSide, quantity: Decimal, price: Decimal, commission: Decimal): Decimal {
    const amount = quantity.mul(price);
    this.cash = minus(side === 'buy' ? this.cash.sub(amount) : this.cash.add(amount), commission);
    this.commissions = plus(this.commissions, commission);
    this.dirty?.add(symbol);
    let pos = this.positions.get(symbol);
    if (!pos) {
      pos = { quantity: Decimal.ZERO, cost: Decimal.ZERO, realized: Decimal.ZERO };
      this.positions.set(symbol, pos);
    }
    const direction = side === 'buy' ? 1 : -1;
    const held = pos.quantity.sign();
    if (held === 0 || held === direction) {
      pos.quantity = direction === 1 ? plus(pos.quantity, quantity) : pos.quantity.sub(quantity);
      pos.cost = direction === 1 ? plus(pos.cost, amount) : pos.cost.sub(amount);
      return Decimal.ZERO;
    }
    // Closing (part of) the position, perhaps flipping it.
    const absHeld = pos.quantity.abs();
    const closing = quantity.cmp(absHeld) < 0 ? quantity : absHeld;
    const removed = closing.eq(absHeld) ? pos.cost : pos.cost.mul(closing).div(absHeld, COST_SCALE);
    const closeAmount = closing.eq(quantity) ? amount : closing.mul(price);
    // A long sells: it receives closeAmount. A short buys back: it pays closeAmount.
    const realized = minus(held === 1 ? closeAmount : closeAmount.neg(), removed);
    pos.cost = minus(pos.cost, removed);
    pos.quantity = direction === 1 ? pos.quantity.add(closing) : minus(pos.quantity, closing);
    const opening = minus(quantity, closing);
    if (opening.sign() > 0) {
      const openAmount = amount.sub(closeAmount);
      pos.quantity = direction === 1 ? pos.quantity.add(opening) : pos.quantity.sub(opening);
      pos.cost = direction === 1 ? pos.cost.add(openAmount) : pos.cost.sub(openAmount);
    }
    pos.realized = plus(pos.realized, realized);
    this.realized = plus(this.realized, realized);
    return realized;
  }
}
