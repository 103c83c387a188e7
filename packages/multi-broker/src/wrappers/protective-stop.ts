import {
  BrokerDecorator, NotSupportedError, parseOrderRequest, silentLogger, type Broker, type Logger, type Order, type OrderRequestInput, type Quote,
} from '@invest/broker-core';
import { orderDelta, protectiveStopPrice, referencePrice } from '../risk/engine.ts';
import { markLayers } from './layers.ts';
import { takeReads } from './order-reads.ts';

export interface ProtectiveStopOptions {
  /** The broker's name in the manager, for logs and errors. */
  name: string;
  /** `stop_loss_pct`: the stop this far from the entry (0.05 = 5 %). Undefined: orders pass untouched. */
  stopLossPct?: number;
  logger?: Logger;
}

const DONE = new Set(['filled', 'canceled', 'rejected', 'expired']);

class ProtectiveStopBroker extends BrokerDecorator {
  readonly #log: Logger;
  /** Stops being placed after a fill; each ends logged, none is left unobserved. */
  readonly #placing = new Set<Promise<void>>();

  constructor(inner: Broker, private readonly options: ProtectiveStopOptions) {
    super(inner);
    this.#log = options.logger ?? silentLogger;
  }

  override async submitOrder(input: OrderRequestInput): Promise<Order> {
    const req = parseOrderRequest(input, { broker: this.type, clientOrderId: this.capabilities.clientOrderId });
    const pct = this.options.stopLossPct;
    if (pct === undefined || req.orderClass !== 'simple') return this.inner.submitOrder(req);
    const needsQuote = req.limitPrice === undefined && req.stopPrice === undefined;
    // The risk layer above may have read them for this very order already.
    const above = takeReads(req);
    const [quote, position] = await Promise.all([
      !needsQuote ? Promise.resolve(undefined as Quote | undefined) : above.quote ? Promise.resolve(above.quote.value) : this.inner.getQuote(req.symbol),
      above.position ? Promise.resolve(above.position.value) : this.inner.getPosition(req.symbol),
    ]);
    const price = referencePrice(req, quote);
    if (price === undefined) throw new NotSupportedError(`No price for ${req.symbol} at ${this.options.name}: cannot place the protective stop`, { broker: this.type, capability: 'quotes' });
    const held = position?.quantity ?? 0;
    const after = orderDelta(req, price).add(held);
    // Only an order that adds risk gets a stop; one that reduces a position needs none.
    if (after.abs().cmp(Math.abs(held)) <= 0) return this.inner.submitOrder(req);
    const stopPrice = protectiveStopPrice(req.side, price, pct);
    if (this.capabilities.orderClasses.includes('oto')) {
      // A new order (another class, a stop leg): parsed once, here.
      return this.inner.submitOrder(parseOrderRequest({ ...req, orderClass: 'oto', stopLoss: { stopPrice } }, { broker: this.type, clientOrderId: this.capabilities.clientOrderId }));
    }
    const order = await this.inner.submitOrder(req);
    this.#protectOnFill(order, stopPrice);
    return order;
  }

  /** Where the broker takes no OTO leg: once the entry fills, a GTC stop for the filled quantity. */
  #protectOnFill(entry: Order, stopPrice: number): void {
    const place = (filled: Order): void => {
      const stop = { symbol: filled.symbol, side: filled.side === 'buy' ? 'sell' : 'buy', quantity: filled.filledQuantity, type: 'stop', stopPrice, timeInForce: 'gtc' } as const;
      // Through this broker's inner chain, not the manager: the stop is not a new user order.
      const placing: Promise<void> = this.inner.submitOrder(stop).then(
        (order) => this.#log.info('protective stop placed', { broker: this.options.name, symbol: filled.symbol, id: order.id, stopPrice }),
        (error: unknown) => this.#log.error('protective stop could not be placed', { broker: this.options.name, symbol: filled.symbol, error }),
      ).finally(() => this.#placing.delete(placing));
      this.#placing.add(placing);
    };
    if (entry.status === 'filled') return place(entry);
    const onOrder = (o: Order): void => {
      if (o.id !== entry.id) return;
      if (o.status === 'filled') place(o);
      if (DONE.has(o.status)) this.events.off('order', onOrder);
    };
    this.events.on('order', onOrder);
  }
}

/**
 * `stop_loss_pct`: every order that adds risk gets a protective stop `stopLossPct` from its
 * reference price (see `protectiveStopPrice`). Where the broker takes OTO orders the stop is the
 * order's stop-loss leg; otherwise a GTC stop for the filled quantity is sent through the inner
 * broker once the entry fills (while the process runs), and a failure to place it is logged.
 *
 * @example
 * ```ts
 * const broker = withProtectiveStop(sim, { name: 'paper', stopLossPct: 0.05 })
 * await broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 10 }) // an OTO order with a stop at 95 % of the ask
 * ```
 */
export function withProtectiveStop(broker: Broker, options: ProtectiveStopOptions): Broker {
  const wrapped = new ProtectiveStopBroker(broker, options);
  markLayers(wrapped, broker, { stop: true });
  return wrapped;
}
