// A stateful fake of E*TRADE's sandbox: accounts, balance, portfolio, quotes, and orders through
// preview then place, with a small matching engine (market orders fill at the quote; limit, stop,
// stop-limit and trailing stops rest and react to `setQuote`). It enforces what E*TRADE enforces
// (v1-facts §5.6): a place must repeat a live preview's id and exactly its fields; a client order
// id is used once per account.
import { isDeepStrictEqual } from 'node:util';
import type { Clock } from '@invest/broker-core';
import type { EtradeOrderBody, EtradePlaceRequest, EtradePreviewRequest } from '../../src/schemas/order-body.ts';

export const ACCOUNT = { accountId: '83405188', accountIdKey: 'dBZOKt9xDrtRSAOl4MSiiA' } as const;
export const OTHER_ACCOUNT = { accountId: '83405553', accountIdKey: 'Xk9fJm2qPw8zL4tRyN1vBc' } as const;

type Status = 'OPEN' | 'EXECUTED' | 'CANCELLED' | 'CANCEL_REQUESTED' | 'REJECTED';

export interface FakeOrder {
  orderId: number;
  clientOrderId: string;
  previewId: number;
  body: EtradeOrderBody;
  status: Status;
  filled: number;
  averagePrice?: number;
  placedTime: number;
  executedTime?: number;
  replacesOrderId?: number;
  replacedByOrderId?: number;
  /** Trailing stops: the best price seen since placing. */
  watermark?: number;
  /** Stop-limit orders whose stop was reached. */
  triggered?: boolean;
}

interface Preview {
  fields: EtradePreviewRequest['PreviewOrderRequest'];
  clientOrderId: string;
  changes?: number;
  used: boolean;
  at: number;
}

export interface Quote {
  bid: number;
  ask: number;
  last: number;
}

/** An error answer the fake gives: HTTP status and E*TRADE's Error body. */
export class FakeRefusal extends Error {
  constructor(readonly status: number, readonly code: number | undefined, message: string) {
    super(message);
  }
}

const round = (n: number): number => Math.round(n * 10_000) / 10_000;

export class FakeEtrade {
  cash = 100_000;
  readonly quotes = new Map<string, Quote>();
  readonly positions = new Map<string, { quantity: number; cost: number }>();
  readonly orders = new Map<number, FakeOrder>();
  readonly previews = new Map<number, Preview>();
  readonly usedClientIds = new Set<string>();
  /** E*TRADE does not document echoing the client order id in order details; off unless a test turns it on. */
  echoClientOrderId = false;
  #nextOrder = 100;
  #nextPreview = 266_606_056_100;

  constructor(readonly clock: Clock) {
    this.quotes.set('AAPL', { bid: 150, ask: 150.1, last: 150.05 });
  }

  quote(symbol: string): Quote {
    let q = this.quotes.get(symbol);
    if (!q) this.quotes.set(symbol, (q = { bid: 50, ask: 50.05, last: 50.02 }));
    return q;
  }

  setQuote(symbol: string, update: Partial<Quote>): void {
    const q = { ...this.quote(symbol), ...update };
    if (update.last !== undefined && update.bid === undefined && update.ask === undefined) Object.assign(q, { bid: update.last, ask: update.last });
    if (update.last === undefined) q.last = round((q.bid + q.ask) / 2);
    this.quotes.set(symbol, q);
    for (const order of this.orders.values()) if (order.status === 'OPEN' && order.body.Instrument[0]!.Product.symbol === symbol) this.#work(order);
  }

  preview(request: EtradePreviewRequest, changes?: number): { previewId: number; body: EtradeOrderBody } {
    const { clientOrderId, Order } = request.PreviewOrderRequest;
    if (changes !== undefined) {
      const old = this.orders.get(changes);
      if (!old || old.status !== 'OPEN') throw new FakeRefusal(400, 5001, 'This order cannot be changed');
    }
    const previewId = this.#nextPreview++;
    this.previews.set(previewId, { fields: structuredClone(request.PreviewOrderRequest), clientOrderId, ...(changes !== undefined ? { changes } : {}), used: false, at: this.clock.now() });
    return { previewId, body: Order[0]! };
  }

  /** Places a previewed order; refuses a stale or unknown preview, changed fields and a used client order id. */
  place(request: EtradePlaceRequest, changes?: number): FakeOrder {
    const { PreviewIds, ...previewed } = request.PlaceOrderRequest;
    const previewId = PreviewIds[0]!.previewId;
    const preview = this.previews.get(previewId);
    if (!preview || preview.used || preview.changes !== changes || this.clock.now() - preview.at > 180_000) {
      throw new FakeRefusal(400, 101, 'For your protection, we have timed out your original order request. {com.etrade.api.v1.order.InvalidPreviewId}');
    }
    if (!isDeepStrictEqual(previewed, preview.fields)) throw new FakeRefusal(400, 101, 'The order does not match its preview. {com.etrade.api.v1.order.InvalidPreviewId}');
    if (this.usedClientIds.has(previewed.clientOrderId)) throw new FakeRefusal(400, 1073, `Duplicate client order id ${previewed.clientOrderId}: this clientOrderId was already used`);
    preview.used = true;
    this.usedClientIds.add(previewed.clientOrderId);
    const body = previewed.Order[0]!;
    const order: FakeOrder = { orderId: this.#nextOrder++, clientOrderId: previewed.clientOrderId, previewId, body, status: 'OPEN', filled: 0, placedTime: this.clock.now() };
    if (changes !== undefined) {
      const old = this.orders.get(changes)!;
      old.status = 'CANCELLED';
      old.replacedByOrderId = order.orderId;
      order.replacesOrderId = changes;
    }
    this.orders.set(order.orderId, order);
    this.#work(order);
    return order;
  }

  cancel(orderId: number): FakeOrder {
    const order = this.orders.get(orderId);
    if (!order) throw new FakeRefusal(400, 5002, 'Order not found for this account');
    if (order.status !== 'OPEN') throw new FakeRefusal(400, 5003, `This order cannot be cancelled: it is ${order.status}`);
    order.status = 'CANCELLED';
    return order;
  }

  /** Fills what the market allows: market at once; limits when crossed; stops once touched. */
  #work(order: FakeOrder): void {
    const { body } = order;
    const instrument = body.Instrument[0]!;
    const buy = instrument.orderAction === 'BUY';
    const q = this.quote(instrument.Product.symbol);
    const price = buy ? q.ask : q.bid;
    let fill: number | undefined;
    switch (body.priceType) {
      case 'MARKET':
        fill = price;
        break;
      case 'LIMIT':
        if (buy ? price <= body.limitPrice! : price >= body.limitPrice!) fill = buy ? Math.min(price, body.limitPrice!) : Math.max(price, body.limitPrice!);
        break;
      case 'STOP':
        if (buy ? q.last >= body.stopPrice! : q.last <= body.stopPrice!) fill = price;
        break;
      case 'STOP_LIMIT':
        if (!order.triggered && (buy ? q.last >= body.stopPrice! : q.last <= body.stopPrice!)) order.triggered = true;
        if (order.triggered && (buy ? price <= body.limitPrice! : price >= body.limitPrice!)) fill = price;
        break;
      case 'TRAILING_STOP_CNST':
      case 'TRAILING_STOP_PRCT': {
        order.watermark = order.watermark === undefined ? q.last : buy ? Math.min(order.watermark, q.last) : Math.max(order.watermark, q.last);
        const trail = body.priceType === 'TRAILING_STOP_CNST' ? body.offsetValue! : (order.watermark * body.offsetValue!) / 100;
        const stop = buy ? order.watermark + trail : order.watermark - trail;
        if (buy ? q.last >= stop : q.last <= stop) fill = price;
        break;
      }
    }
    if (fill === undefined) {
      if (body.orderTerm === 'IMMEDIATE_OR_CANCEL' || body.orderTerm === 'FILL_OR_KILL') order.status = 'CANCELLED';
      return;
    }
    const quantity = instrument.quantity;
    const signed = buy ? quantity : -quantity;
    const held = this.positions.get(instrument.Product.symbol) ?? { quantity: 0, cost: 0 };
    const next = held.quantity + signed;
    const cost = next === 0 ? 0 : Math.sign(next) === Math.sign(held.quantity) && Math.abs(next) > Math.abs(held.quantity) ? round((held.cost * Math.abs(held.quantity) + fill * quantity) / Math.abs(next)) : held.quantity === 0 || Math.sign(next) !== Math.sign(held.quantity) ? fill : held.cost;
    if (next === 0) this.positions.delete(instrument.Product.symbol);
    else this.positions.set(instrument.Product.symbol, { quantity: next, cost });
    this.cash = round(this.cash - signed * fill);
    Object.assign(order, { status: 'EXECUTED', filled: quantity, averagePrice: fill, executedTime: this.clock.now() });
  }

  equity(): number {
    let value = this.cash;
    for (const [symbol, p] of this.positions) value += p.quantity * this.quote(symbol).last;
    return round(value);
  }

  /** An order as a list or detail answer shows it (`orderedQuantity`, no client order id unless echoed). */
  orderJson(order: FakeOrder): Record<string, unknown> {
    const { body } = order;
    const instrument = body.Instrument[0]!;
    const detail: Record<string, unknown> = {
      orderNumber: order.orderId,
      placedTime: order.placedTime,
      orderValue: round(instrument.quantity * (order.averagePrice ?? body.limitPrice ?? this.quote(instrument.Product.symbol).last)),
      status: order.status,
      orderTerm: body.orderTerm,
      priceType: body.priceType,
      limitPrice: body.limitPrice ?? 0,
      stopPrice: body.stopPrice ?? 0,
      marketSession: body.marketSession,
      allOrNone: false,
      previewId: order.previewId,
      Instrument: [
        {
          symbolDescription: `${instrument.Product.symbol} COM`,
          orderAction: instrument.orderAction,
          quantityType: 'QUANTITY',
          orderedQuantity: instrument.quantity,
          filledQuantity: order.filled,
          ...(order.averagePrice !== undefined ? { averageExecutionPrice: order.averagePrice } : {}),
          Product: { symbol: instrument.Product.symbol, securityType: 'EQ' },
        },
      ],
    };
    if (body.offsetType !== undefined) Object.assign(detail, { offsetType: body.offsetType, offsetValue: body.offsetValue });
    if (order.executedTime !== undefined) detail.executedTime = order.executedTime;
    if (order.replacesOrderId !== undefined) detail.replacesOrderId = order.replacesOrderId;
    if (order.replacedByOrderId !== undefined) detail.replacedByOrderId = order.replacedByOrderId;
    if (this.echoClientOrderId) detail.clientOrderId = order.clientOrderId;
    return { orderId: order.orderId, details: `https://apisb.etrade.test/v1/accounts/${ACCOUNT.accountIdKey}/orders/${order.orderId}.json`, orderType: 'EQ', OrderDetail: [detail] };
  }
}
