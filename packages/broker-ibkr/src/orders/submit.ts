import {
  submitWithRecovery,
  type Clock,
  type Logger,
  type Order,
  type OrderReplace,
  type ParsedOrderRequest,
} from '@invest/broker-core';
import type { Contract, Order as IbOrderRaw } from '@stoqey/ib';
import { assertIbkrRules } from '../capabilities.ts';
import { stockContract, toIbModify, toIbPlacements, type IbPlacement } from '../map/order-body.ts';
import type { OrderLink } from '../map/order.ts';
import type { TwsConnection } from '../tws/connection.ts';
import { twsRequest } from '../tws/request.ts';

/** What order entry needs from the adapter. */
export interface OrderEntry {
  tws: TwsConnection;
  account: string;
  /** The next order id (never reused). */
  takeId: () => number;
  /** The tracker's order once TWS echoed the order (openOrder) with this id. */
  known(id: number): Order | undefined;
  /** Records an order about to be sent: its id under its orderRef, and how it links to the others. */
  link(id: number, link: OrderLink, orderRef: string | undefined): void;
  /** One lookup by client order id (open orders, then executions). */
  find(clientOrderId: string): Promise<Order | undefined>;
  /** An order (and its legs) as the tracker knows it now: an orderStatus may have moved it on. */
  current: (order: Order) => Order;
  timeoutMs: number;
  lookup: { attempts: number; delayMs: number };
  clock: Clock;
  logger: Logger;
}

/**
 * Sends one placeOrder and waits for TWS's first openOrder for that id (the acknowledgement);
 * an error for the id is the refusal (mapped by table, outcome rejected); a drop or silence after
 * sending is an unknown outcome.
 */
function placeAndAwaitEcho(entry: OrderEntry, id: number, contract: Contract, order: IbOrderRaw, what: string, accept: (o: Order) => boolean): Promise<Order> {
  return twsRequest<Order>(entry.tws, {
    what,
    id,
    forOrder: true,
    timeoutMs: entry.timeoutMs,
    // Called once the tracker holds the echoed order.
    echo: () => {
      const known = entry.known(id);
      return known && accept(known) ? known : undefined;
    },
    send: (ib) => ib.placeOrder(id, contract, order),
  });
}

/**
 * Sends the placeOrders of one request in order and waits until TWS echoed every one of them
 * (openOrder); resolves with the first (the entry, or an OCO's take-profit) carrying the others
 * as `legs`. An error for any of the ids is the refusal.
 */
function placeGroup(entry: OrderEntry, placements: readonly IbPlacement[], what: string): Promise<Order> {
  const ids = placements.map((p) => p.id);
  return twsRequest<Order>(entry.tws, {
    what,
    ids,
    forOrder: true,
    timeoutMs: entry.timeoutMs,
    messages: placements.length,
    // Called once the tracker holds an echoed order: done when every order of the group is.
    echo: () => {
      const orders: Order[] = [];
      for (const id of ids) {
        const known = entry.known(id);
        if (known === undefined) return undefined;
        orders.push(known);
      }
      return orders.length === 1 ? orders[0]! : { ...orders[0]!, legs: orders.slice(1) };
    },
    send: (ib) => {
      for (const p of placements) ib.placeOrder(p.id, p.contract, p.order);
    },
  });
}

/**
 * Places a new order (and its legs) on core's `submitWithRecovery`: the client order id travels
 * in `orderRef`; sent once with fresh order ids; a lost answer (drop, silence) is looked up by
 * orderRef among open orders and executions, never resent.
 *
 * @example
 * ```ts
 * const order = await submitIbkrOrder(entry, parseOrderRequest({ symbol: 'AAPL', side: 'buy', quantity: 1 }))
 * ```
 */
export function submitIbkrOrder(entry: OrderEntry, req: ParsedOrderRequest): Promise<Order> {
  assertIbkrRules(req);
  const { clientOrderId } = req;
  return submitWithRecovery(
    {
      send: () => {
        const placements = toIbPlacements(req, entry.account, entry.takeId);
        for (const p of placements) entry.link(p.id, p.link, p.order.orderRef);
        return placeGroup(entry, placements, `order ${clientOrderId}`);
      },
      find: () => entry.find(clientOrderId),
      match: (found) => found.symbol === req.symbol && found.side === req.side && (found.quantity === undefined || found.quantity === req.quantity),
      known: entry.current,
    },
    { broker: 'ibkr', clientOrderId, lookups: entry.lookup.attempts, delayMs: entry.lookup.delayMs, clock: entry.clock, logger: entry.logger },
  );
}

/**
 * Modifies a working order: a placeOrder with the same id and the changed fields, answered by an
 * openOrder that shows them. A lost answer is looked up like a new order (the order keeps its
 * orderRef), and taken only when it shows the change.
 *
 * @example
 * ```ts
 * const changed = await modifyIbkrOrder(entry, current, rawOrder, { limitPrice: 101 })
 * ```
 */
export function modifyIbkrOrder(entry: OrderEntry, current: Order, raw: { contract: Contract; order: IbOrderRaw }, changes: OrderReplace): Promise<Order> {
  const id = Number(current.id);
  const order = toIbModify(raw.order, changes);
  const shows = (o: Order): boolean =>
    (changes.limitPrice === undefined || o.limitPrice === order.lmtPrice) &&
    (changes.stopPrice === undefined || o.stopPrice === order.auxPrice) &&
    (changes.quantity === undefined || o.quantity === changes.quantity) &&
    (changes.trailPrice === undefined || o.trailPrice === order.auxPrice) &&
    (changes.trailPercent === undefined || o.trailPercent === changes.trailPercent);
  return submitWithRecovery(
    {
      send: () => placeAndAwaitEcho(entry, id, stockContract(current.symbol), order, `modify of order ${id}`, shows),
      find: () => entry.find(current.clientOrderId),
      match: (found) => found.id === current.id && shows(found),
    },
    { broker: 'ibkr', clientOrderId: current.clientOrderId, lookups: entry.lookup.attempts, delayMs: entry.lookup.delayMs, clock: entry.clock, logger: entry.logger },
  );
}
