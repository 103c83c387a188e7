import { EventEmitter } from 'eventemitter3';
import {
  applyOrderUpdate,
  ConnectionError,
  Decimal,
  InsufficientFundsError,
  InvalidOrderError,
  isTerminalStatus,
  NotSupportedError,
  OrderNotFoundError,
  OrderStateError,
  type AccountInfo,
  type BrokerAdapter,
  type BrokerEvents,
  type Capabilities,
  type Clock,
  type Order,
  type OrderFilter,
  type OrderStatus,
  type ParsedOrderRequest,
  type Position,
  type Quote,
} from '@invest/broker-core';
import { TINY_CAPABILITIES } from './capabilities.js';
import type { TinyConfig } from './config.js';

const TYPE = 'tiny';

/**
 * An in-memory account whose market orders fill at once at a fixed price. It implements
 * `BrokerAdapter`: the registry puts it behind core's edge, so every input it gets is parsed and
 * within its capabilities; it checks only what core cannot know (symbols, cash, shares).
 */
export class TinyBroker implements BrokerAdapter {
  readonly type: string = TYPE;
  readonly capabilities: Capabilities = TINY_CAPABILITIES;
  readonly events: EventEmitter<BrokerEvents> = new EventEmitter<BrokerEvents>();
  readonly #orders = new Map<string, Order>();
  readonly #held = new Map<string, { quantity: number; cost: Decimal }>();
  #cash: Decimal;
  #connected = false;
  #nextId = 1;

  constructor(readonly name: string, private readonly config: TinyConfig, private readonly clock: Clock) {
    this.#cash = Decimal.from(config.cash);
  }

  get connected(): boolean {
    return this.#connected;
  }

  async connect(): Promise<void> {
    this.#connected = true;
    this.events.emit('connected');
  }

  async disconnect(): Promise<void> {
    this.#connected = false;
    this.events.emit('disconnected', 'requested');
  }

  async getAccount(): Promise<AccountInfo> {
    this.#live();
    let equity = this.#cash;
    for (const [symbol, held] of this.#held) equity = equity.add(Decimal.from(held.quantity).mul(this.#price(symbol)));
    return {
      accountId: `${this.name}-1`, currency: 'USD', cash: this.#cash.toNumber(), buyingPower: this.#cash.toNumber(),
      portfolioValue: equity.toNumber(), equity: equity.toNumber(), paper: true,
    };
  }

  async getPositions(): Promise<Position[]> {
    this.#live();
    return [...this.#held.keys()].map((symbol) => this.#position(symbol));
  }

  async getPosition(symbol: string): Promise<Position | undefined> {
    this.#live();
    return this.#held.has(symbol) ? this.#position(symbol) : undefined;
  }

  async getQuote(symbol: string): Promise<Quote> {
    this.#live();
    const price = this.#price(symbol);
    return { symbol, bid: price, ask: price, last: price, timestamp: this.#now() };
  }

  async submitOrder(req: ParsedOrderRequest): Promise<Order> {
    this.#live();
    const price = this.#price(req.symbol);
    // Whole shares by quantity: the capabilities rule out notional orders, so core always sends one.
    const quantity = req.quantity!;
    if ([...this.#orders.values()].some((o) => o.clientOrderId === req.clientOrderId)) {
      throw new InvalidOrderError(`clientOrderId ${req.clientOrderId} is already in use`, { broker: TYPE, field: 'clientOrderId', outcome: 'rejected' });
    }
    const held = this.#held.get(req.symbol)?.quantity ?? 0;
    if (req.side === 'sell' && quantity > held) {
      throw new InsufficientFundsError(`cannot sell ${quantity} ${req.symbol} with ${held} held`, { broker: TYPE, outcome: 'rejected' });
    }
    if (req.side === 'buy' && this.#cash.cmp(Decimal.from(quantity).mul(price)) < 0) {
      throw new InsufficientFundsError(`not enough cash for ${quantity} ${req.symbol} at ${price}`, { broker: TYPE, outcome: 'rejected' });
    }
    const now = this.#now();
    const order: Order = {
      id: `T-${this.#nextId++}`, clientOrderId: req.clientOrderId, symbol: req.symbol, side: req.side, type: req.type,
      timeInForce: req.timeInForce, orderClass: 'simple', status: 'new', quantity, filledQuantity: 0,
      extendedHours: false, createdAt: now, updatedAt: now, submittedAt: now,
    };
    this.#orders.set(order.id, order);
    this.events.emit('order', { ...order });
    this.#fill(order, quantity, price);
    return { ...this.#get(order.id) };
  }

  async cancelOrder(id: string): Promise<void> {
    this.#live();
    const order = this.#get(id);
    if (isTerminalStatus(order.status)) throw new OrderStateError(`order ${id} is ${order.status} and cannot be canceled`, { broker: TYPE });
    this.#update(order, 'canceled');
  }

  async replaceOrder(): Promise<Order> {
    // Never called: core refuses a replace first, because `capabilities.replace` is false.
    throw new NotSupportedError(`${TYPE} does not replace orders`, { broker: TYPE, capability: 'replace' });
  }

  async getOrder(id: string): Promise<Order> {
    this.#live();
    return { ...this.#get(id) };
  }

  async findOrderByClientId(clientOrderId: string): Promise<Order | undefined> {
    this.#live();
    const found = [...this.#orders.values()].find((o) => o.clientOrderId === clientOrderId);
    return found && { ...found };
  }

  async listOrders(filter: OrderFilter): Promise<Order[]> {
    this.#live();
    const matches = [...this.#orders.values()].filter((o) =>
      (filter.status === 'all' || (filter.status === 'open') !== isTerminalStatus(o.status))
      && (!filter.symbols || filter.symbols.includes(o.symbol))
      && (!filter.side || filter.side === o.side));
    return matches.slice(0, filter.limit ?? matches.length).map((o) => ({ ...o }));
  }

  /** Shares and cash move first, then the `order` and `fill` events. */
  #fill(order: Order, quantity: number, price: number): void {
    const held = this.#held.get(order.symbol) ?? { quantity: 0, cost: Decimal.ZERO };
    const signed = order.side === 'buy' ? quantity : -quantity;
    const left = held.quantity + signed;
    // Buying adds at the fill price; selling takes shares out at their average cost.
    const cost = signed > 0 ? held.cost.add(Decimal.from(quantity).mul(price)) : held.cost.sub(held.cost.mul(quantity).div(held.quantity));
    if (left === 0) this.#held.delete(order.symbol);
    else this.#held.set(order.symbol, { quantity: left, cost });
    this.#cash = this.#cash.sub(Decimal.from(signed).mul(price));
    const filled = this.#update(order, 'filled', quantity, price);
    this.events.emit('fill', {
      fillId: `${order.id}-1`, orderId: order.id, clientOrderId: order.clientOrderId, symbol: order.symbol, side: order.side,
      quantity, price, timestamp: filled.updatedAt,
    });
  }

  /** Every status change goes through core's lifecycle, which refuses an impossible one. */
  #update(order: Order, status: OrderStatus, filledQuantity = order.filledQuantity, averageFillPrice?: number): Order {
    const result = applyOrderUpdate(order, { kind: 'event', status, filledQuantity, averageFillPrice, timestamp: this.#now() });
    if (result.kind === 'applied') {
      this.#orders.set(order.id, result.order);
      this.events.emit('order', { ...result.order });
    }
    return result.order;
  }

  #position(symbol: string): Position {
    const held = this.#held.get(symbol)!;
    const value = Decimal.from(held.quantity).mul(this.#price(symbol));
    return {
      symbol, quantity: held.quantity, side: 'long', averageCost: held.cost.div(held.quantity).toNumber(), costBasis: held.cost.toNumber(),
      currentPrice: this.#price(symbol), marketValue: value.toNumber(), unrealizedPnl: value.sub(held.cost).toNumber(),
    };
  }

  /** The fixed price; a symbol the account does not trade is the broker's refusal. */
  #price(symbol: string): number {
    const price = this.config.prices[symbol];
    if (price === undefined) throw new InvalidOrderError(`${TYPE} does not trade ${symbol}`, { broker: TYPE, field: 'symbol', outcome: 'rejected' });
    return price;
  }

  #get(id: string): Order {
    const order = this.#orders.get(id);
    if (!order) throw new OrderNotFoundError(`${TYPE} has no order ${id}`, { broker: TYPE });
    return order;
  }

  #now(): string {
    return new Date(this.clock.now()).toISOString();
  }

  #live(): void {
    if (!this.#connected) throw new ConnectionError(`${this.name} is not connected`, { broker: TYPE, retryable: false });
  }
}
