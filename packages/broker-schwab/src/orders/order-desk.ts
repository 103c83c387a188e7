import { z } from 'zod';
import {
  NotFoundError,
  OrderNotFoundError,
  outcomeOf,
  submitWithRecovery,
  type Clock,
  type HttpClient,
  type Logger,
  type Order,
  type OrderFilter,
  type OrderReplace,
  type OrderRequest,
  type ParsedOrderRequest,
  type RateLimiter,
  type RecoveryOptions,
} from '@invest/broker-core';
import { orderIdFromLocation } from '../order-json/location.ts';
import { fromOrderJson } from '../order-json/order.ts';
import { pickRecentOrder } from '../order-json/recent-match.ts';
import { replacementRequest } from '../order-json/replacement.ts';
import { toOrderJson, type OrderJsonDialect } from '../order-json/request-body.ts';
import { OrderJsonListSchema, OrderJsonSchema, type OrderJsonBody } from '../order-json/schema.ts';
import { TUNING_DEFAULTS, type OrderJsonTuning } from '../tuning.ts';
import type { ClientOrderIds } from './client-order-ids.ts';
import { acceptedOrder } from './accepted-order.ts';
import { filterOrders } from './order-filter.ts';

/** Order answers with no body (201 with `Location`, 200 to a cancel). */
const NO_BODY = z.unknown();
/** Order ids are int64 numbers: anything else names no order and never reaches a URL path. */
const ORDER_ID = /^\d{1,19}$/;
/** How far back `listOrders` looks when the filter gives no `after` (TD keeps 60 days). */
const LIST_WINDOW_MS = 60 * 86_400_000;

/** What an order desk needs from its adapter. */
export interface OrderDeskOptions {
  dialect: OrderJsonDialect;
  /** The trading client (orders under `/accounts/{account}/orders`), made on first use. */
  http(): Promise<HttpClient>;
  /** The account path segment: Schwab's account hash, TD's account id. */
  account(): Promise<string>;
  /** The order budget of the account (place, replace, cancel). */
  orderLimiter(account: string): RateLimiter;
  clock: Clock;
  logger: Logger;
  tuning: OrderJsonTuning;
  /** Where the account's client order ids are kept (see `ClientOrderIds`). */
  ids: ClientOrderIds;
}

/**
 * The order flow Schwab's Trader API and TD Ameritrade's API share: place, replace, cancel, get,
 * list and find by client order id over `/accounts/{account}/orders`, on core's
 * `submitWithRecovery`. The brokers keep no client order id and answer a new order with `201` and
 * its id in `Location` only, so:
 *
 * - the id is read from `Location` and checked to name this account; the returned order is built
 *   from the request (status `accepted`), and `getOrder` reads the broker's state;
 * - a lost answer is looked up among this account's recent orders (entered since the send, less
 *   clock skew; symbol, side, type, quantity and prices equal; not an order this process already
 *   knows), never resent; two candidates are no answer, and the loop ends in `UnknownOutcomeError`;
 * - every order request waits for the account's order budget first.
 *
 * @example
 * ```ts
 * const desk = new OrderDesk({ dialect: SCHWAB_DIALECT, http: async () => (await session.http()).trader, account: () => session.accountHash(), orderLimiter, clock, logger, tuning: {} })
 * const order = await desk.submit(parseOrderRequest({ symbol: 'AAPL', side: 'buy', quantity: 1 }))
 * ```
 */
export class OrderDesk {
  readonly ids: ClientOrderIds;
  readonly #o: OrderDeskOptions;
  readonly #broker: string;
  /** Leg id -> its parent's id, from every order read with legs (a leg read alone does not say). */
  readonly #parents = new Map<string, string>();
  /** The order budget of each account, looked up once (the hot path sends every order through it). */
  readonly #limiters = new Map<string, RateLimiter>();

  constructor(options: OrderDeskOptions) {
    this.#o = options;
    this.ids = options.ids;
    this.#broker = options.dialect.broker;
  }

  /** The order JSON a request becomes (also what `previewOrder` and a dry run show). */
  body(req: OrderRequest): OrderJsonBody {
    return toOrderJson(req, this.#o.dialect);
  }

  /** Places a new order (`POST /accounts/{account}/orders`). */
  async submit(req: ParsedOrderRequest): Promise<Order> {
    const json = this.body(req);
    const account = await this.#o.account();
    return this.#send(req, account, 'POST', `/accounts/${account}/orders`, json);
  }

  /**
   * Replaces a working order (`PUT /accounts/{account}/orders/{id}`): the whole order is sent
   * again with the changes, and the broker answers with the replacement's id in `Location`.
   */
  async replace(id: string, changes: OrderReplace, clientOrderId: string): Promise<Order> {
    const current = await this.get(id);
    const req = replacementRequest(current, changes, clientOrderId, this.#broker);
    const json = this.body(req);
    const account = await this.#o.account();
    const order = await this.#send(req, account, 'PUT', `/accounts/${account}/orders/${current.id}`, json);
    return { ...order, replaces: current.id };
  }

  async cancel(id: string): Promise<void> {
    const orderId = this.#orderId(id);
    const account = await this.#o.account();
    await this.#limiter(account).acquire();
    await (await this.#o.http()).delete(`/accounts/${account}/orders/${orderId}`, { schema: NO_BODY });
  }

  async get(id: string): Promise<Order> {
    const orderId = this.#orderId(id);
    const account = await this.#o.account();
    const { data } = await (await this.#o.http()).get(`/accounts/${account}/orders/${orderId}`, { schema: OrderJsonSchema });
    return this.#map(data);
  }

  /** Orders entered between `filter.after` (default 60 days back) and `filter.until` (default now), newest first. */
  async list(filter: OrderFilter): Promise<Order[]> {
    const now = this.#o.clock.now();
    const from = filter.after !== undefined ? Date.parse(filter.after) : now - LIST_WINDOW_MS;
    const to = filter.until !== undefined ? Date.parse(filter.until) : now + 60_000;
    const orders = await this.#recent(from, to, filter.limit);
    return filterOrders(orders, filter);
  }

  /**
   * The order this process placed with `clientOrderId`; for a send whose answer was lost, the one
   * recent order that matches it (then remembered). Undefined for an id this process never used.
   */
  async findByClientId(clientOrderId: string): Promise<Order | undefined> {
    const orderId = this.ids.orderIdOf(clientOrderId);
    if (orderId !== undefined) {
      try {
        return await this.get(orderId);
      } catch (error) {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      }
    }
    const pending = this.ids.pending(clientOrderId);
    if (!pending) return undefined;
    const found = await this.#findRecent(pending.req, pending.sentAt);
    if (!found) return undefined;
    this.ids.record(clientOrderId, found.id, pending.sentAt);
    return { ...found, clientOrderId };
  }

  async #send(req: OrderRequest, account: string, method: 'POST' | 'PUT', path: string, json: OrderJsonBody): Promise<Order> {
    const { clientOrderId } = req;
    const sentAt = this.#o.clock.now();
    this.ids.sending(clientOrderId, { req, sentAt });
    const order = await submitWithRecovery(
      {
        send: async () => {
          await this.#limiter(account).acquire();
          const answer = await (await this.#o.http()).submitOrder(method, path, { json, schema: NO_BODY, clientOrderId });
          const id = orderIdFromLocation(answer.headers.get('location'), account, this.#broker);
          return acceptedOrder(req, id, this.#o.clock.now());
        },
        find: () => this.#findRecent(req, sentAt, 0),
      },
      this.#recovery(clientOrderId),
    ).catch((error: unknown) => {
      // Refused (denied or rejected): no order to find later. Unknown: kept, for findOrderByClientId.
      if (outcomeOf(error) !== 'unknown') this.ids.refused(clientOrderId);
      throw error;
    });
    this.ids.record(clientOrderId, order.id, sentAt);
    return { ...order, clientOrderId };
  }

  /** One lookup (no retries of its own: the recovery loop owns the budget). */
  async #findRecent(req: OrderRequest, sentAt: number, retry?: number): Promise<Order | undefined> {
    const skewMs = this.#o.tuning.clockSkewMs ?? TUNING_DEFAULTS.clockSkewMs;
    const orders = await this.#recent(sentAt - skewMs, this.#o.clock.now() + skewMs, undefined, retry);
    return pickRecentOrder(orders, req, { sentAt, skewMs, known: this.ids.knownSince(sentAt - skewMs) }, this.#broker);
  }

  async #recent(from: number, to: number, maxResults: number | undefined, retry?: number): Promise<Order[]> {
    const account = await this.#o.account();
    const { enteredTime } = this.#o.dialect;
    const query = { maxResults, fromEnteredTime: enteredTime(from), toEnteredTime: enteredTime(to) };
    const { data } = await (await this.#o.http()).get(`/accounts/${account}/orders`, { query, schema: OrderJsonListSchema, ...(retry !== undefined ? { retry } : {}) });
    return data.map((raw) => this.#map(raw));
  }

  #map(raw: z.infer<typeof OrderJsonSchema>): Order {
    const parentId = raw.orderId !== undefined ? this.#parents.get(String(raw.orderId)) : undefined;
    const order = fromOrderJson(raw, { broker: this.#broker, clientOrderIdOf: (id) => this.ids.clientIdOf(id), ...(parentId !== undefined ? { parentId } : {}) });
    for (const leg of order.legs ?? []) this.#parents.set(leg.id, order.id);
    return order;
  }

  #limiter(account: string): RateLimiter {
    let limiter = this.#limiters.get(account);
    if (!limiter) {
      limiter = this.#o.orderLimiter(account);
      this.#limiters.set(account, limiter);
    }
    return limiter;
  }

  #orderId(id: string): string {
    if (ORDER_ID.test(id)) return id;
    throw new OrderNotFoundError(`${this.#broker}: no order has id ${JSON.stringify(id.slice(0, 40))} (order ids are numbers)`, { broker: this.#broker });
  }

  #recovery(clientOrderId: string): RecoveryOptions {
    const lookup = this.#o.tuning.lookup ?? TUNING_DEFAULTS.lookup;
    const resend = this.#o.tuning.rateLimitRetry ?? TUNING_DEFAULTS.rateLimitRetry;
    return {
      broker: this.#broker,
      clientOrderId,
      lookups: lookup.attempts,
      delayMs: lookup.delayMs,
      rateLimitResends: resend.attempts,
      rateLimitBackoffMs: resend.backoffMs,
      maxRateLimitWaitMs: resend.maxWaitMs,
      clock: this.#o.clock,
      logger: this.#o.logger,
    };
  }
}
