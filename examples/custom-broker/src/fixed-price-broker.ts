import { EventEmitter } from 'eventemitter3';
import {
  applyOrderUpdate,
  BrokerError,
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
import { CUSTOM_FIXED_CAPABILITIES } from './capabilities.ts';
import type { CustomFixedConfig } from './config.ts';

const TYPE = 'custom-fixed';

/**
 * A broker whose prices never move. It is a `BrokerAdapter`: it trusts its input, because the
 * registry puts every adapter behind core's edge (`withValidation`), which parses each request
 * once and enforces the capabilities before a call gets here. It checks only what core cannot
 * know: which symbols it trades, cash, shares, reused client order ids.
 */
export class FixedPriceBroker implements BrokerAdapter {
  readonly type: string = TYPE;
  readonly capabilities: Capabilities = CUSTOM_FIXED_CAPABILITIES;
  readonly events: EventEmitter<BrokerEvents> = new EventEmitter<BrokerEvents>();
  readonly name: string;
  readonly #config: CustomFixedConfig;
  readonly #clock: Clock;
  readonly #orders = new Map<string, Order>();
  readonly #shares = new Map<string, { quantity: number; cost: Decimal }>();
  #cash: Decimal;
  #connected = false;
  #nextId = 1;

  constructor(name: string, config: CustomFixedConfig, clock: Clock) {
    this.name = name;
    this.#config = config;
    this.#clock = clock;
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
    for (const [symbol, held] of this.#shares) equity = equity.add(Decimal.from(held.quantity).mul(this.#price(symbol)));
    return {
      accountId: this.#config.accountId, currency: 'USD', cash: this.#cash.toNumber(), buyingPower: this.#cash.toNumber(),
      portfolioValue: equity.toNumber(), equity: equity.toNumber(), accountType: 'cash', paper: true,
    };
  }

  async getPositions(): Promise<Position[]> {
    this.#live();
    return [...this.#shares.keys()].map((symbol) => this.#position(symbol));
  }

  async getPosition(symbol: string): Promise<Position | undefined> {
    this.#live();
    return this.#shares.has(symbol) ? this.#position(symbol) : undefined;
  }

  async getQuote(symbol: string): Promise<Quote> {
    this.#live();
    const price = this.#config.prices[symbol];
    if (price === undefined) throw new BrokerError(`${TYPE} has no price for ${symbol}`, { broker: TYPE, brokerCode: 'unknown_symbol' });
    return { symbol, bid: price, ask: price, last: price, timestamp: this.#now() };
  }

  async submitOrder(req: ParsedOrderRequest): Promise<Order> {
    this.#live();
    const refuse = (message: string, field?: string): never => {
      throw new InvalidOrderError(message, { broker: TYPE, field, outcome: 'rejected' });
    };
    const price = this.#config.prices[req.symbol] ?? refuse(`${TYPE} does not trade ${req.symbol}`, 'symbol');
    const quantity = req.quantity ?? refuse('quantity is required', 'quantity');
    if ([...this.#orders.values()].some((o) => o.clientOrderId === req.clientOrderId)) refuse(`clientOrderId ${req.clientOrderId} is already in use`, 'clientOrderId');
    if (req.side === 'sell' && quantity > (this.#shares.get(req.symbol)?.quantity ?? 0)) {
      throw new InsufficientFundsError(`cannot sell ${quantity} ${req.symbol}: not enough shares (no short selling)`, { broker: TYPE, outcome: 'rejected' });
    }
    const now = this.#now();
    const order: Order = {
      id: `CF-${this.#nextId++}`, clientOrderId: req.clientOrderId, symbol: req.symbol, side: req.side, type: req.type,
      timeInForce: req.timeInForce, orderClass: 'simple', status: 'new', quantity, filledQuantity: 0,
      extendedHours: false, createdAt: now, updatedAt: now, submittedAt: now,
    };
    if (req.limitPrice !== undefined) order.limitPrice = req.limitPrice;
    const marketable = req.type === 'market' || (req.side === 'buy' ? req.limitPrice! >= price : req.limitPrice! <= price);
    if (marketable && req.side === 'buy' && this.#cash.cmp(Decimal.from(quantity).mul(price)) < 0) {
      throw new InsufficientFundsError(`not enough cash for ${quantity} ${req.symbol} at ${price}`, { broker: TYPE, outcome: 'rejected' });
    }
    this.#orders.set(order.id, order);
    this.events.emit('order', { ...order });
    if (marketable) this.#fill(order.id, price);
    return { ...this.#get(order.id) };
  }

  async cancelOrder(id: string): Promise<void> {
    this.#live();
    const order = this.#get(id);
    if (order.status === 'canceled') return;
    if (isTerminalStatus(order.status)) throw new OrderStateError(`order ${id} is ${order.status} and cannot be canceled`, { broker: TYPE });
    this.#update(id, 'canceled');
  }

  async replaceOrder(): Promise<Order> {
    throw new NotSupportedError(`${TYPE} does not support replacing orders`, { broker: TYPE, capability: 'replace' });
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

  /** The whole order fills at the fixed price: shares and cash first, then the order and fill events. */
  #fill(id: string, price: number): void {
    const order = this.#get(id);
    const quantity = order.quantity ?? 0;
    const signed = order.side === 'buy' ? quantity : -quantity;
    const held = this.#shares.get(order.symbol) ?? { quantity: 0, cost: Decimal.ZERO };
    const left = held.quantity + signed;
    // Buying adds at the fill price; selling takes shares out at their average cost.
    const cost = signed > 0 ? held.cost.add(Decimal.from(quantity).mul(price)) : held.cost.sub(held.cost.mul(quantity).div(held.quantity));
    if (left === 0) this.#shares.delete(order.symbol);
    else this.#shares.set(order.symbol, { quantity: left, cost });
    this.#cash = this.#cash.sub(Decimal.from(signed).mul(price));
    const filled = this.#update(id, 'filled', quantity, price);
    this.events.emit('fill', {
      fillId: `${id}-1`, orderId: id, clientOrderId: order.clientOrderId, symbol: order.symbol, side: order.side,
      quantity, price, timestamp: filled.updatedAt,
    });
  }

  /** Every state change goes through the core lifecycle, which refuses impossible ones. */
  #update(id: string, status: OrderStatus, filledQuantity?: number, averageFillPrice?: number): Order {
    const order = this.#get(id);
    const result = applyOrderUpdate(order, { kind: 'event', status, filledQuantity: filledQuantity ?? order.filledQuantity, averageFillPrice, timestamp: this.#now() });
    if (result.kind === 'applied') {
      this.#orders.set(id, result.order);
      this.events.emit('order', { ...result.order });
    }
    return result.order;
  }

  #position(symbol: string): Position {
    const held = this.#shares.get(symbol)!;
    const price = this.#price(symbol);
    const averageCost = held.cost.div(held.quantity).toNumber();
    return {
      symbol, quantity: held.quantity, side: 'long', averageCost, costBasis: held.cost.toNumber(), currentPrice: price,
      marketValue: Decimal.from(held.quantity).mul(price).toNumber(),
      unrealizedPnl: Decimal.from(held.quantity).mul(price).sub(held.cost).toNumber(),
    };
  }

  #price(symbol: string): number {
    return this.#config.prices[symbol] ?? 0;
  }

  #get(id: string): Order {
    const order = this.#orders.get(id);
    if (!order) throw new OrderNotFoundError(`${TYPE} has no order ${id}`, { broker: TYPE });
    return order;
  }

  #now(): string {
    return new Date(this.#clock.now()).toISOString();
  }

  #live(): void {
    if (!this.#connected) throw new ConnectionError(`${this.name} is not connected`, { broker: TYPE, retryable: false });
  }
}
