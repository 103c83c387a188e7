import type { EventEmitter } from 'eventemitter3';
import type { BrokerError } from './errors/broker-error.ts';
import type { AccountInfo, Position, Quote } from './model/account.ts';
import type { Capabilities } from './model/capabilities.ts';
import type { Fill, Order, OrderFilter, OrderFilterInput } from './model/order.ts';
import type { OrderReplace, OrderReplaceInput, OrderRequestInput, ParsedOrderRequest } from './model/order-request.ts';

/** Events every broker emits. `order` carries the order after each change; `fill` each execution once. */
export interface BrokerEvents {
  connected: [];
  disconnected: [reason?: string];
  order: [order: Order];
  fill: [fill: Fill];
  account: [account: AccountInfo];
  error: [error: BrokerError];
}

/**
 * One broker account behind one interface, as callers see it: it takes unchecked input and
 * checks it at the edge (`withValidation`, which `BrokerRegistry.create` applies to every
 * adapter). Wrappers (`withRetry`, `withRateLimit`, `withLogging`, and multi-broker's `withRisk`,
 * `withJournal`) compose around any `Broker`.
 */
export interface Broker {
  /** Instance name (the account's name in the config), e.g. `alpaca-main`. */
  readonly name: string;
  /** Plugin type, e.g. `alpaca`. */
  readonly type: string;
  readonly capabilities: Capabilities;
  readonly events: EventEmitter<BrokerEvents>;
  readonly connected: boolean;
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  getAccount(): Promise<AccountInfo>;
  getPositions(): Promise<Position[]>;
  /** The position in `symbol`, or undefined when flat. */
  getPosition(symbol: string): Promise<Position | undefined>;
  /**
   * Sends an order. Resolves with the broker's order; rejects with `InvalidOrderError` /
   * `NotSupportedError` (denied, nothing sent), a broker refusal (rejected), or
   * `UnknownOutcomeError` when it was sent and the answer was lost and a lookup could not settle it.
   */
  submitOrder(request: OrderRequestInput): Promise<Order>;
  /** Requests a cancel. Resolves once the broker accepted the request (the order may still fill). */
  cancelOrder(id: string): Promise<void>;
  /** Changes a working order; `NotSupportedError` where `capabilities.replace` is false. */
  replaceOrder(id: string, changes: OrderReplaceInput): Promise<Order>;
  /** `OrderNotFoundError` when no such order exists. */
  getOrder(id: string): Promise<Order>;
  /** The order with this client order id, or undefined when the broker proves it has none. */
  findOrderByClientId(clientOrderId: string): Promise<Order | undefined>;
  listOrders(filter?: OrderFilterInput): Promise<Order[]>;
  getQuote(symbol: string): Promise<Quote>;
}

/**
 * What an adapter (a plugin's `create`) implements: a `Broker` whose inputs were parsed and
 * capability-checked before they reach it. `withValidation` turns it into a `Broker`; an adapter
 * trusts what it is given and never parses it again (it still applies the broker's own rules, such
 * as price increments, and maps to the broker's wire format).
 *
 * @example
 * ```ts
 * class MyBroker implements BrokerAdapter {
 *   async submitOrder(req: ParsedOrderRequest): Promise<Order> { return this.#send(toWire(req)) }
 *   // ...
 * }
 * ```
 */
export interface BrokerAdapter extends Omit<Broker, 'submitOrder' | 'replaceOrder' | 'listOrders'> {
  /** A parsed, frozen request whose `clientOrderId` fits the broker's rules. */
  submitOrder(request: ParsedOrderRequest): Promise<Order>;
  /** Parsed changes (at least one field). Called only where `capabilities.replace` is true. */
  replaceOrder(id: string, changes: OrderReplace): Promise<Order>;
  /** A parsed filter (defaults applied). */
  listOrders(filter: OrderFilter): Promise<Order[]>;
  /**
   * The client order id `withValidation` gives a request that comes without one (default: core's
   * random `generateClientOrderId`). For an adapter that numbers orders itself, e.g. a simulator
   * whose state must be the same for the same inputs.
   */
  generateClientOrderId?(): string;
  /**
   * Asks the broker to check an order without placing it (Schwab's and E*TRADE's preview), for
   * `invest buy ... --dry-run`. Only where the broker offers a preview.
   */
  previewOrder?(request: ParsedOrderRequest): Promise<OrderPreview>;
}

/** A broker's verdict on an order it was asked to check, not place (`BrokerAdapter.previewOrder`). */
export interface OrderPreview {
  /** False when the broker's checks refuse the order (`rejects` says why). */
  accepted: boolean;
  rejects: string[];
  /** What the broker has to say about an order it would take (alerts, warnings, reviews). */
  warnings: string[];
  /** The request the order would be sent as, in the broker's own format. */
  request: unknown;
}
