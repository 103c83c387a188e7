import { randomUUID } from 'node:crypto';
import {
  generateClientOrderId,
  isTerminalStatus,
  type Broker,
  type Capabilities,
  type Order,
  type OrderClass,
  type OrderRequestInput,
  type OrderType,
  type TimeInForce,
} from '@invest/broker-core';
import type { CaseId } from './case.ts';
import { EventRecorder } from './event-recorder.ts';
import { check, fail } from './failure.ts';
import { ObservedBroker } from './observed-broker.ts';
import type { ConformanceFaults, ConformanceHarness, MarketControl } from './options.ts';
import { tick } from './prices.ts';
import { EPSILON } from './validators.ts';
import { pollUntil } from './waiting.ts';

/** Settings of one case run. */
export interface ContextOptions<H extends ConformanceHarness = ConformanceHarness> {
  caseId: CaseId;
  /** Fault hooks; they receive the harness the context was built with. */
  faults?: ConformanceFaults<H>;
  /** Default `AAPL`. */
  symbol?: string;
  /** Default 5000. */
  timeoutMs?: number;
  unknownOrderId?: string;
}

/** Working statuses an order may show while it rests on the book. */
export const RESTING: readonly Order['status'][] = ['pending_new', 'accepted', 'new'];

/**
 * What a case works with: the broker (observed: every answer validated), the harness hooks, the
 * event recorder, and the waits and steps cases share. One per case run.
 */
export class ConformanceContext {
  readonly caseId: CaseId;
  readonly harness: ConformanceHarness;
  /** The broker under test behind the observing wrapper: call it, not `given`. */
  readonly broker: ObservedBroker;
  readonly events: EventRecorder;
  readonly symbol: string;
  readonly timeoutMs: number;
  readonly unknownOrderId: string;
  /** Shares per order. Above 1, so a broker that ignores the quantity is caught. */
  readonly quantity = 3;
  readonly #armTimeoutAfterSend: (() => void | Promise<void>) | undefined;

  /** Use `createConformanceContext`, which binds the fault hooks to the harness. */
  constructor(harness: ConformanceHarness, options: Omit<ContextOptions, 'faults'> & { armTimeoutAfterSend?: () => void | Promise<void> }) {
    this.caseId = options.caseId;
    this.harness = harness;
    this.broker = new ObservedBroker(harness.broker);
    this.events = new EventRecorder(harness.broker.events);
    this.symbol = (options.symbol ?? 'AAPL').trim().toUpperCase();
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.unknownOrderId = options.unknownOrderId ?? randomUUID();
    this.#armTimeoutAfterSend = options.armTimeoutAfterSend;
  }

  /** The broker exactly as the harness gave it. */
  get given(): Broker {
    return this.harness.broker;
  }

  get capabilities(): Capabilities {
    return this.harness.broker.capabilities;
  }

  get market(): MarketControl | undefined {
    return this.harness.market;
  }

  /** `day` where supported, else `gtc`, else the first the broker lists. */
  get timeInForce(): TimeInForce {
    const tifs = this.capabilities.timeInForce;
    if (tifs.includes('day')) return 'day';
    if (tifs.includes('gtc')) return 'gtc';
    return tifs[0] ?? 'day';
  }

  /** Whether the broker declares `type` orders of `orderClass` (default simple). */
  canPlace(type: OrderType, orderClass: OrderClass = 'simple'): boolean {
    return this.capabilities.orderTypes.includes(type) && this.capabilities.orderClasses.includes(orderClass);
  }

  /** A fresh client order id that fits the broker's rules. */
  clientOrderId(): string {
    return generateClientOrderId(this.capabilities.clientOrderId);
  }

  /** The harness's count of submissions that reached the transport, where it keeps one. */
  requestsSent(): number | undefined {
    return this.harness.requestsSent?.();
  }

  /** Whether the `timeoutAfterSend` fault hook was given. */
  get canTimeoutAfterSend(): boolean {
    return this.#armTimeoutAfterSend !== undefined;
  }

  /** Arms the `timeoutAfterSend` fault for the next submission. */
  async armTimeoutAfterSend(): Promise<void> {
    if (!this.#armTimeoutAfterSend) throw new Error(`${this.caseId} needs faults.timeoutAfterSend`);
    await this.#armTimeoutAfterSend();
  }

  /** Moves the controlled market: bid and ask one cent around `last`. */
  async setPrice(price: number): Promise<void> {
    const market = this.market;
    if (!market) throw new Error(`${this.caseId} needs market control`);
    await market.setQuote(this.symbol, { bid: tick(price - 0.01), ask: tick(price + 0.01), last: price });
  }

  /** A price to place orders around: last, else the mid, else whichever side is quoted. */
  async referencePrice(): Promise<number> {
    const q = await this.broker.getQuote(this.symbol);
    const price = q.last ?? (q.bid !== undefined && q.ask !== undefined ? (q.bid + q.ask) / 2 : (q.bid ?? q.ask));
    if (price === undefined) return fail(`getQuote(${this.symbol}) has no price to place orders around`);
    return price;
  }

  /** A day-or-gtc request for `quantity` shares of the case symbol. */
  request(fields: Partial<OrderRequestInput> & Pick<OrderRequestInput, 'side'>): OrderRequestInput {
    return { symbol: this.symbol, quantity: this.quantity, type: 'market', timeInForce: this.timeInForce, clientOrderId: this.clientOrderId(), ...fields };
  }

  /** Polls `getOrder(id)` until `done` holds; `ConformanceFailure` naming `what` after `timeoutMs`. */
  async waitForOrder(id: string, done: (order: Order) => boolean, what: string): Promise<Order> {
    const { value, ok } = await pollUntil(() => this.broker.getOrder(id), done, {
      timeoutMs: this.timeoutMs,
      wakeOn: { events: this.given.events, orderId: id },
    });
    if (!ok) fail(`${what}: order ${id} is still ${value.status} (${value.filledQuantity} of ${value.quantity ?? '?'} filled) after ${this.timeoutMs} ms`);
    return value;
  }

  /** Waits until the order is terminal and asserts it ended as `status`. */
  async expectEnds(id: string, status: Order['status'], what: string): Promise<Order> {
    const order = await this.waitForOrder(id, (o) => isTerminalStatus(o.status), what);
    check(order.status === status, `${what}: order ${id} ended ${order.status} (${order.filledQuantity} filled), expected ${status}`);
    return order;
  }

  /** Waits until the order is filled, completely, at a positive price. */
  async expectFilled(id: string, what: string): Promise<Order> {
    const order = await this.expectEnds(id, 'filled', what);
    check(order.averageFillPrice !== undefined && order.averageFillPrice > 0, `${what}: order ${id} is filled without a fill price`);
    return order;
  }

  /** Signed position in the case symbol, 0 when flat (getPosition and getPositions must agree). */
  async positionQuantity(): Promise<number> {
    const position = await this.broker.getPosition(this.symbol);
    const listed = (await this.broker.getPositions()).filter((p) => p.symbol.toUpperCase() === this.symbol);
    check(listed.length <= 1, `getPositions() lists ${this.symbol} ${listed.length} times`);
    const fromList = listed[0]?.quantity ?? 0;
    const single = position?.quantity ?? 0;
    check(Math.abs(fromList - single) <= EPSILON, `getPosition(${this.symbol}) says ${single}, getPositions() says ${fromList}`);
    return single;
  }

  /** Waits until the position in the case symbol is `expected` (0: flat, listed nowhere). */
  async expectPosition(expected: number, what: string): Promise<void> {
    const { value, ok } = await pollUntil(() => this.positionQuantity(), (q) => Math.abs(q - expected) <= EPSILON, {
      timeoutMs: this.timeoutMs,
      wakeOn: { events: this.given.events },
    });
    if (!ok) fail(`${what}: position in ${this.symbol} is ${value}, expected ${expected}`);
  }

  /** Number of orders the broker lists (all statuses). */
  async countOrders(): Promise<number> {
    return (await this.broker.listOrders({ status: 'all' })).length;
  }

  /** Orders with this client order id among everything the broker lists. */
  async ordersWithClientId(clientOrderId: string): Promise<Order[]> {
    const all = await this.broker.listOrders({ status: 'all' });
    const byId = new Map<string, Order>();
    const visit = (o: Order): void => {
      if (o.clientOrderId === clientOrderId) byId.set(o.id, o);
      o.legs?.forEach(visit);
    };
    all.forEach(visit);
    return [...byId.values()];
  }

  /**
   * The order and every order linked to it as a leg: its `legs`, and any listed order whose
   * `parentId` points into the group. Fresh snapshots, one per id.
   */
  async group(orderId: string): Promise<Order[]> {
    const root = await this.broker.getOrder(orderId);
    const found = new Map<string, Order>([[root.id, root]]);
    for (const leg of root.legs ?? []) found.set(leg.id, leg);
    const listed = await this.broker.listOrders({ status: 'all', symbols: [this.symbol] });
    for (let grew = true; grew; ) {
      grew = false;
      for (const o of listed) {
        if (!found.has(o.id) && o.parentId !== undefined && found.has(o.parentId)) {
          found.set(o.id, o);
          grew = true;
        }
      }
    }
    return Promise.all([...found.keys()].map((id) => this.broker.getOrder(id)));
  }

  /**
   * Cancels what is working in the case symbol and closes any position with a market order, so a
   * case starts from zero even on a sandbox account that kept state.
   */
  async flatten(): Promise<void> {
    for (const o of await this.broker.listOrders({ status: 'open', symbols: [this.symbol] })) {
      const fresh = await this.broker.getOrder(o.id);
      if (isTerminalStatus(fresh.status)) continue;
      await this.broker.cancelOrder(o.id);
      await this.waitForOrder(o.id, (x) => isTerminalStatus(x.status), 'flatten: cancel a leftover order');
    }
    const q = await this.positionQuantity();
    if (q === 0) return;
    if (!this.capabilities.orderTypes.includes('market')) fail(`the case needs a flat ${this.symbol} position to start, found ${q}`);
    const close = await this.broker.submitOrder(this.request({ side: q > 0 ? 'sell' : 'buy', quantity: Math.abs(q) }));
    await this.expectFilled(close.id, 'flatten: close the leftover position');
    await this.expectPosition(0, 'flatten');
  }

  /** Throws `ConformanceFailure` when any event recorded so far broke the lifecycle. */
  assertEventsLegal(): void {
    this.events.assertLegal();
  }

  /** Stops recording events. */
  dispose(): void {
    this.events.dispose();
  }
}

/**
 * Builds the context a case's `run` receives, for running a case by hand (the testkit's own tests
 * do, against deliberately broken brokers). Call `dispose()` when done.
 *
 * @example
 * ```ts
 * const ctx = createConformanceContext(await createHarness(), { caseId: 'BC-08' })
 * await ctx.broker.connect()
 * await caseById('BC-08').run(ctx)
 * ```
 */
export function createConformanceContext<H extends ConformanceHarness>(harness: H, options: ContextOptions<H>): ConformanceContext {
  const { faults, ...rest } = options;
  const arm = faults?.timeoutAfterSend;
  return new ConformanceContext(harness, { ...rest, armTimeoutAfterSend: arm && (() => arm(harness)) });
}
