import { Decimal } from '@invest/broker-core';
import { decimalOf, minus, negated, plus, times } from './fast-decimal.ts';
import { isOpenStatus, remainingQuantity, type SimOrder } from './sim-order.ts';

/** How an open entry order holds back buying power (see `Reservations`; kept on the order). */
export interface Claim {
  group: ClaimGroup;
  kind: 'notional' | 'priced' | 'dynamic';
  rem: Decimal;
  /** `priced`: the order's own price (limit, else stop); `notional`: the notional. */
  price: Decimal;
  /** `priced`: rem x price. */
  amount: Decimal;
  /** Where the order is in its group's list (`priced` or `dynamic`). */
  at: number;
}

/** The claims of one side of one symbol, summed. */
interface ClaimGroup {
  symbol: string;
  side: 'buy' | 'sell';
  notional: Decimal;
  /** Priced claims: sum of rem x price, sum of price, their orders and remainders. */
  remPrice: Decimal;
  priceSum: Decimal;
  priced: SimOrder[];
  pricedRems: RemCounts;
  /** Claims priced at the quote (market orders, trailing stops): sum of rem, orders, remainders. */
  remSum: Decimal;
  dynamic: SimOrder[];
  dynamicRems: RemCounts;
}

/**
 * Remainders of a group's orders, counted by value, with the smallest kept: orders share few
 * distinct remainders, so finding the next smallest when the last order at the smallest leaves
 * looks at those values, not at the orders.
 */
class RemCounts {
  readonly #counts = new Map<string | bigint, { rem: Decimal; n: number }>();
  #min: Decimal | undefined;

  add(rem: Decimal): void {
    const key = keyOf(rem);
    const c = this.#counts.get(key);
    if (c) c.n += 1;
    else this.#counts.set(key, { rem, n: 1 });
    if (this.#min !== undefined && rem !== this.#min && rem.cmp(this.#min) < 0) this.#min = rem;
    else if (this.#min === undefined && this.#counts.size === 1) this.#min = rem;
  }

  remove(rem: Decimal): void {
    const key = keyOf(rem);
    const c = this.#counts.get(key);
    if (!c) return;
    c.n -= 1;
    if (c.n > 0) return;
    this.#counts.delete(key);
    if (this.#min !== undefined && rem.cmp(this.#min) === 0) this.#min = undefined;
  }

  /** The smallest remainder (0 with none). */
  min(): Decimal {
    if (this.#min === undefined) {
      for (const { rem } of this.#counts.values()) if (this.#min === undefined || rem.cmp(this.#min) < 0) this.#min = rem;
    }
    return this.#min ?? Decimal.ZERO;
  }
}

/** What an account's open orders hold back of buying power and of held shares, kept per change. */
export interface ReservationView {
  /** Signed position of a symbol. */
  position(symbol: string): Decimal;
  /** The price a market order on that side would take now. */
  takePrice(symbol: string, side: 'buy' | 'sell'): number | undefined;
  /** An order by id. */
  order(id: string): SimOrder | undefined;
}

/**
 * Buying power and shares held back by open orders, kept as running sums that each order change
 * updates (`sync`, applied when next read), so checking an order costs the same with 10 or
 * 10,000 orders resting.
 *
 * An open entry order (not `held`) holds back what it would add to the position at its price:
 * `max(0, remaining - against) x price`, where `against` is the opposite position it would close
 * first (the same for every order of one side of a symbol). With `against <= 0` that is
 * `sum(remaining x price)`; with `0 < against <= min(remaining)` it is `sum(remaining x price) -
 * against x sum(price)`, exactly. Only a position larger than some order's remainder needs the
 * orders of that side walked. Sell orders also claim held shares (an OCO pair once, as its larger
 * leg): `committedSells`.
 */
export class Reservations {
  readonly #groups = new Map<string, { buy?: ClaimGroup; sell?: ClaimGroup }>();
  /** Shares claimed per symbol by open sells (what each order adds to that sum is its `sellPart`). */
  readonly #sells = new Map<string, Decimal>();

  /** Orders changed since the sums were last brought up to date. */
  readonly #changed = new Set<SimOrder>();

  /**
   * Notes that an order changed (status, fills, quantity, sibling). The sums catch up when next
   * read, once per order: a market order placed and filled in one operation never claims anything.
   */
  sync(o: SimOrder): void {
    this.#changed.add(o);
  }

  #catchUp(view: ReservationView): void {
    if (this.#changed.size === 0) return;
    for (const o of this.#changed) {
      this.#syncClaim(o);
      if (o.order.side === 'sell' || o.sellPart !== undefined) {
        this.#syncSell(o, view);
        const sib = o.siblingId === undefined ? undefined : view.order(o.siblingId);
        if (sib) this.#syncSell(sib, view);
      }
    }
    this.#changed.clear();
  }

  /** Buying power held back by every open entry order but `exclude`. */
  reserved(view: ReservationView, exclude?: SimOrder): Decimal {
    this.#catchUp(view);
    const claim = exclude?.claim;
    if (exclude && claim) this.#remove(exclude, claim);
    let total = Decimal.ZERO;
    for (const sides of this.#groups.values()) {
      if (sides.buy) total = plus(total, this.#groupTotal(sides.buy, view));
      if (sides.sell) total = plus(total, this.#groupTotal(sides.sell, view));
    }
    if (exclude && claim) this.#add(exclude, claim);
    return total;
  }

  /** Shares of `symbol` claimed by open sell orders other than `exclude` (an OCO pair once). */
  committedSells(symbol: string, view: ReservationView, exclude?: SimOrder): Decimal {
    this.#catchUp(view);
    const total = this.#sells.get(symbol) ?? Decimal.ZERO;
    if (exclude === undefined) return total;
    const sib = exclude.siblingId === undefined ? undefined : view.order(exclude.siblingId);
    let pair = exclude.sellPart ?? Decimal.ZERO;
    if (sib) pair = plus(pair, sib.sellPart ?? Decimal.ZERO);
    const rest = sib && sellEligible(sib) ? remainingQuantity(sib) : Decimal.ZERO;
    return plus(minus(total, pair), rest);
  }

  #syncClaim(o: SimOrder): void {
    const old = o.claim;
    const order = o.order;
    if (o.role !== 'entry' || !isOpenStatus(order.status) || order.status === 'held' || (order.quantity === undefined && order.side !== 'buy')) {
      if (old) this.#remove(o, old);
      return;
    }
    if (order.quantity === undefined) {
      const notional = decimalOf(order.notional as number);
      if (old?.kind === 'notional' && old.price === notional) return;
      if (old) this.#remove(o, old);
      this.#add(o, { group: this.#group(order.symbol, order.side), kind: 'notional', rem: Decimal.ZERO, price: notional, amount: notional, at: -1 });
      return;
    }
    const rem = remainingQuantity(o);
    const limit = order.limitPrice ?? order.stopPrice;
    const price = limit === undefined ? Decimal.ZERO : decimalOf(limit);
    const kind = limit === undefined ? 'dynamic' : 'priced';
    // Most changes (a status moving on) leave the claim as it was.
    if (old && old.kind === kind && old.price === price && old.rem.eq(rem)) return;
    if (old) this.#remove(o, old);
    this.#add(o, { group: old?.group ?? this.#group(order.symbol, order.side), kind, rem, price, amount: kind === 'priced' ? times(rem, price) : Decimal.ZERO, at: -1 });
  }

  #group(symbol: string, side: 'buy' | 'sell'): ClaimGroup {
    let sides = this.#groups.get(symbol);
    if (!sides) this.#groups.set(symbol, (sides = {}));
    let g = sides[side];
    if (!g) {
      g = {
        symbol, side, notional: Decimal.ZERO, remPrice: Decimal.ZERO, priceSum: Decimal.ZERO, priced: [], pricedRems: new RemCounts(),
        remSum: Decimal.ZERO, dynamic: [], dynamicRems: new RemCounts(),
      };
      sides[side] = g;
    }
    return g;
  }

  #add(o: SimOrder, c: Claim): void {
    const g = c.group;
    o.claim = c;
    if (c.kind === 'notional') {
      g.notional = plus(g.notional, c.price);
    } else if (c.kind === 'priced') {
      g.remPrice = plus(g.remPrice, c.amount);
      g.priceSum = plus(g.priceSum, c.price);
      g.pricedRems.add(c.rem);
      c.at = g.priced.length;
      g.priced.push(o);
    } else {
      g.remSum = plus(g.remSum, c.rem);
      g.dynamicRems.add(c.rem);
      c.at = g.dynamic.length;
      g.dynamic.push(o);
    }
  }

  #remove(o: SimOrder, c: Claim): void {
    const g = c.group;
    o.claim = undefined;
    if (c.kind === 'notional') {
      g.notional = minus(g.notional, c.price);
    } else if (c.kind === 'priced') {
      g.remPrice = minus(g.remPrice, c.amount);
      g.priceSum = minus(g.priceSum, c.price);
      removeAt(g.priced, c.at);
      g.pricedRems.remove(c.rem);
    } else {
      g.remSum = minus(g.remSum, c.rem);
      removeAt(g.dynamic, c.at);
      g.dynamicRems.remove(c.rem);
    }
  }

  #groupTotal(g: ClaimGroup, view: ReservationView): Decimal {
    const position = view.position(g.symbol);
    const against = g.side === 'buy' ? negated(position) : position;
    let total = g.notional;
    if (g.priced.length > 0) {
      if (against.sign() <= 0) total = plus(total, g.remPrice);
      else {
        if (against.cmp(g.pricedRems.min()) <= 0) total = plus(total, minus(g.remPrice, against.mul(g.priceSum)));
        else for (const o of g.priced) total = plus(total, opening(o.claim as Claim, against).mul((o.claim as Claim).price));
      }
    }
    if (g.dynamic.length > 0) {
      const px = view.takePrice(g.symbol, g.side);
      if (px !== undefined) {
        let qty: Decimal;
        if (against.sign() <= 0) qty = g.remSum;
        else {
          if (against.cmp(g.dynamicRems.min()) <= 0) qty = minus(g.remSum, against.mul(decimalOf(g.dynamic.length)));
          else {
            qty = Decimal.ZERO;
            for (const o of g.dynamic) qty = plus(qty, opening(o.claim as Claim, against));
          }
        }
        total = plus(total, qty.mul(decimalOf(px)));
      }
    }
    return total;
  }

  #syncSell(o: SimOrder, view: ReservationView): void {
    const symbol = o.order.symbol;
    const old = o.sellPart;
    let part: Decimal | undefined;
    if (sellEligible(o)) {
      const sib = o.siblingId === undefined ? undefined : view.order(o.siblingId);
      if (sib && sellEligible(sib)) {
        // The pair counts once, as its larger remainder, on its older order.
        if (o.seq < sib.seq) {
          const a = remainingQuantity(o);
          const b = remainingQuantity(sib);
          part = b.cmp(a) > 0 ? b : a;
        } else part = Decimal.ZERO;
      } else part = remainingQuantity(o);
    }
    if (old !== undefined && part !== undefined && old.eq(part)) return;
    let total = this.#sells.get(symbol) ?? Decimal.ZERO;
    if (old !== undefined) total = minus(total, old);
    o.sellPart = part;
    if (part !== undefined) {
      total = plus(total, part);
    }
    this.#sells.set(symbol, total);
  }
}

/**
 * Takes the order at `at` out of a group's list in O(1): the last one moves into its place (the
 * lists are sums' members, in no particular order).
 */
function removeAt(list: SimOrder[], at: number): void {
  const last = list.pop() as SimOrder;
  if (at < list.length) {
    list[at] = last;
    (last.claim as Claim).at = at;
  }
}

/** A map key for an exact amount: whole numbers as their units (the common case), others as text. */
function keyOf(rem: Decimal): string | bigint {
  return rem.scale === 0 ? rem.units : rem.toString();
}

/** An open sell that claims shares (a held exit does not yet). */
function sellEligible(o: SimOrder): boolean {
  return o.order.side === 'sell' && isOpenStatus(o.order.status) && o.order.status !== 'held';
}

function opening(c: Claim, against: Decimal): Decimal {
  const open = c.rem.sub(against);
  return open.sign() > 0 ? open : Decimal.ZERO;
}
