import type { EventEmitter } from 'eventemitter3';
import type { BrokerError } from './errors/broker-error.ts';
import type { AccountInfo, Position, Quote } from './model/account.ts';
import type { Capabilities } from './model/capabilities.ts';
import type { Fill, Order, OrderFilterInput } from './model/order.ts';
import type { OrderReplaceInput, OrderRequestInput } from './model/order-request.ts';

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
 * One broker account behind one interface. Adapters implement it; wrappers (`withValidation`,
 * `withRetry`, `withRateLimit`, `withLogging`) compose around any implementation.
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
