// Deliberately broken variants of the reference broker, one bug each. The testkit's own tests run
// each case against the mutants listed for it and expect the case to fail, for the reason given:
// a case that passes a broken broker checks nothing.
import {
  BrokerDecorator,
  ConnectionError,
  generateClientOrderId,
  InvalidOrderError,
  NotSupportedError,
  OrderNotFoundError,
  parseOrderRequest,
  type Broker,
  type Fill,
  type Order,
  type OrderReplaceInput,
  type OrderRequest,
  type OrderType,
  type ParsedOrderRequest,
  type Quote,
} from '@invest/broker-core';
import type { CaseId } from '../../src/index.ts';
import { referenceHarness, SMALL_CAPABILITIES, type ReferenceHarness } from './harness.ts';
import { ReferenceBroker, type QuoteState, type ReferenceBrokerOptions } from './reference-broker.ts';

/** Answers of `inner` (the reference behind core's edge), some replaced: the broken part sits between the venue and the caller. */
function patch(overrides: (inner: Broker, reference: ReferenceBroker) => Partial<Broker>): (inner: Broker, reference: ReferenceBroker) => Broker {
  return (inner, reference) => {
    const replaced = overrides(inner, reference);
    return new Proxy(new BrokerDecorator(inner), {
      get: (target, prop, receiver) => (prop in replaced ? replaced[prop as keyof Broker] : Reflect.get(target, prop, receiver)),
    });
  };
}

const stripParents = (o: Order): Order => {
  const { parentId: _parentId, legs, ...rest } = o;
  return legs ? { ...rest, legs: legs.map(stripParents) } : rest;
};

// ---- venue bugs (subclasses) -----------------------------------------------------------------

class FillsOneShare extends ReferenceBroker {
  protected override book(symbol: string, side: 'buy' | 'sell', _quantity: number, price: number): void {
    super.book(symbol, side, 1, price);
  }
}

class SellAddsToPosition extends ReferenceBroker {
  protected override book(symbol: string, _side: 'buy' | 'sell', quantity: number, price: number): void {
    super.book(symbol, 'buy', quantity, price);
  }
}

class FillsAtOneDollar extends ReferenceBroker {
  protected override executionPrice(order: Order, quote: QuoteState): number | undefined {
    return super.executionPrice(order, quote) === undefined ? undefined : 1;
  }
}

/** Fills orders of these types at once, whatever the price. */
class FillsAtOnce extends ReferenceBroker {
  readonly #types: readonly OrderType[];
  constructor(types: readonly OrderType[], options?: ReferenceBrokerOptions) {
    super(options);
    this.#types = types;
  }
  protected override executionPrice(order: Order, quote: QuoteState): number | undefined {
    if (this.#types.includes(order.type)) return order.side === 'buy' ? quote.ask : quote.bid;
    return super.executionPrice(order, quote);
  }
}

/** Never fills orders of these types. */
class NeverTriggers extends ReferenceBroker {
  readonly #types: readonly OrderType[];
  constructor(types: readonly OrderType[]) {
    super();
    this.#types = types;
  }
  protected override executionPrice(order: Order, quote: QuoteState): number | undefined {
    return this.#types.includes(order.type) ? undefined : super.executionPrice(order, quote);
  }
}

class StopLimitIgnoresLimit extends ReferenceBroker {
  protected override executionPrice(order: Order, quote: QuoteState): number | undefined {
    const price = super.executionPrice(order, quote);
    if (order.type === 'stop_limit' && this.triggered.has(order.id)) return order.side === 'buy' ? quote.ask : quote.bid;
    return price;
  }
}

class NeverTrails extends ReferenceBroker {
  protected override trail(): void {}
}

class CancelFillsSilently extends ReferenceBroker {
  protected override cancelOne(id: string): void {
    const order = this.get(id);
    this.book(order.symbol, order.side, order.quantity ?? 0, 100);
    super.cancelOne(id);
  }
}

class CancelsOnlyTheOne extends ReferenceBroker {
  protected override cancelTree(id: string): void {
    this.cancelOne(id);
  }
}

class ExitsNotPaired extends ReferenceBroker {
  protected override afterFill(order: Order): void {
    for (const leg of this.legs.get(order.id) ?? []) if (this.get(leg).status === 'held') this.update(leg, 'new');
  }
}

class ReplaceIgnoresPrice extends ReferenceBroker {
  override async replaceOrder(id: string, changes: OrderReplaceInput): Promise<Order> {
    return super.replaceOrder(id, { quantity: changes.quantity ?? this.get(id).quantity });
  }
}

class FindsNothing extends ReferenceBroker {
  override async findOrderByClientId(): Promise<Order | undefined> {
    return undefined;
  }
}

class OpenListOmits extends ReferenceBroker {
  override async listOrders(filter: Parameters<ReferenceBroker['listOrders']>[0]): Promise<Order[]> {
    return filter.status === 'open' ? [] : super.listOrders(filter);
  }
}

class PlainErrorForUnknown extends ReferenceBroker {
  override async getOrder(id: string): Promise<Order> {
    if (!this.orders.has(id)) throw new Error(`HTTP 404 for ${id}`);
    return super.getOrder(id);
  }
}

class QuietCancelOfUnknown extends ReferenceBroker {
  override async cancelOrder(id: string): Promise<void> {
    if (this.orders.has(id)) await super.cancelOrder(id);
  }
}

class ThrowsForUnknownClientId extends ReferenceBroker {
  override async findOrderByClientId(clientOrderId: string): Promise<Order | undefined> {
    const found = await super.findOrderByClientId(clientOrderId);
    if (!found) throw new OrderNotFoundError(`No order ${clientOrderId}`, { broker: this.type });
    return found;
  }
}

/** Re-validates what core's edge accepted, with its own id rule: makes up a new client order id. */
class RegeneratesClientOrderId extends ReferenceBroker {
  protected override prepare(req: ParsedOrderRequest): OrderRequest {
    return { ...req, clientOrderId: generateClientOrderId({ maxLength: 12, charset: 'A-Za-z0-9' }) };
  }
}

/** Re-validates what core's edge accepted, more strictly than core: refuses long client order ids. */
class StricterThanCore extends ReferenceBroker {
  protected override prepare(req: ParsedOrderRequest): OrderRequest {
    if (req.clientOrderId.length > 16) {
      throw new InvalidOrderError(`clientOrderId: at most 16 characters, got ${req.clientOrderId.length}`, { broker: this.type, field: 'clientOrderId', outcome: 'denied' });
    }
    return req;
  }
}

class EmitsFilledThenNew extends ReferenceBroker {
  protected override emitOrder(order: Order): void {
    super.emitOrder(order);
    if (order.status === 'filled') this.events.emit('order', { ...this.snapshot(order.id), status: 'new' });
  }
}

class SilentStream extends ReferenceBroker {
  protected override emitOrder(): void {}
}

class DuplicateFills extends ReferenceBroker {
  constructor() {
    super();
    let echoing = false;
    this.events.on('fill', (fill: Fill) => {
      if (echoing) return;
      echoing = true;
      this.events.emit('fill', { ...fill });
      echoing = false;
    });
  }
}

class ResendsAfterLostAnswer extends ReferenceBroker {
  protected override rejectsDuplicateClientIds = false;
  protected override send(req: OrderRequest): Promise<Order> {
    return this.transmit(req).catch(() => this.transmit(req));
  }
}

class LostAnswerAsRejected extends ReferenceBroker {
  protected override send(req: OrderRequest): Promise<Order> {
    return this.transmit(req).catch(() => {
      throw new InvalidOrderError(`Order ${req.clientOrderId} refused`, { broker: this.type, field: 'clientOrderId', outcome: 'rejected' });
    });
  }
}

class LostAnswerAsConnectionError extends ReferenceBroker {
  protected override send(req: OrderRequest): Promise<Order> {
    return this.transmit(req).catch(() => {
      throw new ConnectionError('socket hang up', { broker: this.type });
    });
  }
}

class ForgetsOnReconnect extends ReferenceBroker {
  override async connect(): Promise<void> {
    this.orders.clear();
    await super.connect();
  }
}

class StaysConnected extends ReferenceBroker {
  override async disconnect(): Promise<void> {}
}

class NeverConnected extends ReferenceBroker {
  override get connected(): boolean {
    return false;
  }
}

class StaleQuotes extends ReferenceBroker {
  override async getQuote(symbol: string): Promise<Quote> {
    return { symbol: symbol.toUpperCase(), bid: 99.99, ask: 100.01, last: 100, timestamp: new Date().toISOString() };
  }
}

// ---- the table -------------------------------------------------------------------------------

export interface Mutant {
  caseId: CaseId;
  /** What is broken. */
  name: string;
  harness: () => ReferenceHarness;
  /** The failure must say this. */
  because: RegExp;
}

const ref = (make: () => ReferenceBroker) => () => referenceHarness({ reference: make() });
const wrapped = (overrides: (inner: Broker, reference: ReferenceBroker) => Partial<Broker>, make: () => ReferenceBroker = () => new ReferenceBroker()) =>
  () => referenceHarness({ reference: make(), wrap: patch(overrides) });

export const MUTANTS: readonly Mutant[] = [
  { caseId: 'BC-01', name: 'declares no order types', harness: wrapped((r) => ({ capabilities: { ...r.capabilities, orderTypes: [] } })), because: /orderTypes/ },
  { caseId: 'BC-01', name: 'never says it is connected', harness: ref(() => new NeverConnected()), because: /connected is false/ },
  { caseId: 'BC-02', name: 'reports NaN cash', harness: wrapped((r) => ({ getAccount: async () => ({ ...(await r.getAccount()), cash: Number.NaN }) })), because: /cash must be a finite number, got NaN/ },
  { caseId: 'BC-02', name: 'reports a paper account with no paper environment', harness: wrapped((r) => ({ capabilities: { ...r.capabilities, paper: false } })), because: /says paper/ },
  { caseId: 'BC-03', name: 'quotes ignore the market', harness: ref(() => new StaleQuotes()), because: /after the market moved bid/ },
  { caseId: 'BC-03', name: 'swaps bid and ask', harness: wrapped((r) => ({ getQuote: async (s) => { const q = await r.getQuote(s); return { ...q, bid: q.ask, ask: q.bid }; } })), because: /bid .* above ask/ },
  { caseId: 'BC-04', name: 'getPosition says flat while getPositions lists the holding', harness: wrapped(() => ({ getPosition: async () => undefined })), because: /getPosition\(AAPL\) says 0, getPositions\(\) says 3/ },
  { caseId: 'BC-05', name: 'books one share whatever the quantity', harness: ref(() => new FillsOneShare()), because: /position in AAPL is 1, expected 3/ },
  { caseId: 'BC-05', name: 'fills at a made-up price', harness: ref(() => new FillsAtOneDollar()), because: /filled at 1 with the market at 100/ },
  { caseId: 'BC-06', name: 'a sell adds to the position', harness: ref(() => new SellAddsToPosition()), because: /position in AAPL is 6, expected 0/ },
  { caseId: 'BC-07', name: 'reports a short as a long', harness: wrapped((r) => {
    const flip = <P extends { quantity: number; side: string }>(p: P): P => ({ ...p, quantity: Math.abs(p.quantity), side: 'long' });
    return { getPosition: async (s) => { const p = await r.getPosition(s); return p && flip(p); }, getPositions: async () => (await r.getPositions()).map(flip) };
  }), because: /position in AAPL is 3, expected -3/ },
  { caseId: 'BC-08', name: 'fills limit orders at once', harness: ref(() => new FillsAtOnce(['limit'])), because: /should rest/ },
  { caseId: 'BC-08', name: 'a cancel fills the order silently', harness: ref(() => new CancelFillsSilently()), because: /position moved from 0 to 3/ },
  { caseId: 'BC-09', name: 'replace ignores the new price', harness: ref(() => new ReplaceIgnoresPrice()), because: /replaceOrder returned limitPrice 50, asked 45/ },
  { caseId: 'BC-10', name: 'fills stop orders at once', harness: ref(() => new FillsAtOnce(['stop'])), because: /should rest/ },
  { caseId: 'BC-11', name: 'fills stop-limit orders at once', harness: ref(() => new FillsAtOnce(['stop_limit'])), because: /should rest/ },
  { caseId: 'BC-12', name: 'stops never trigger', harness: ref(() => new NeverTriggers(['stop'])), because: /through the stop 110: order \S+ is still new/ },
  { caseId: 'BC-13', name: 'a triggered stop-limit ignores its limit', harness: ref(() => new StopLimitIgnoresLimit()), because: /above the limit 111: order \S+ is filled/ },
  { caseId: 'BC-14', name: 'fills trailing stops at once', harness: ref(() => new FillsAtOnce(['trailing_stop'])), because: /should rest/ },
  { caseId: 'BC-15', name: 'trailing stops never trail', harness: ref(() => new NeverTrails()), because: /rebounded to 97, through the trailed stop: order \S+ is still new/ },
  { caseId: 'BC-16', name: 'legs carry no parentId', harness: wrapped((r) => ({
    getOrder: async (id) => stripParents(await r.getOrder(id)),
    listOrders: async (f) => (await r.listOrders(f)).map(stripParents),
  })), because: /not linked to its entry/ },
  { caseId: 'BC-16', name: 'canceling the entry leaves its legs', harness: ref(() => new CancelsOnlyTheOne()), because: /bracket leg after its entry was canceled: order \S+ is still held/ },
  { caseId: 'BC-17', name: 'the take-profit fill leaves the stop-loss working', harness: ref(() => new ExitsNotPaired()), because: /stop-loss after the take-profit filled: order \S+ is still new/ },
  { caseId: 'BC-18', name: 'canceling the OCO cancels one exit', harness: ref(() => new CancelsOnlyTheOne()), because: /OCO stop-loss after canceling the OCO: order \S+ is still new/ },
  { caseId: 'BC-19', name: 'the stop-loss fill leaves the take-profit working', harness: ref(() => new ExitsNotPaired()), because: /take-profit after the stop-loss filled: order \S+ is still new/ },
  { caseId: 'BC-20', name: 'findOrderByClientId finds nothing', harness: ref(() => new FindsNothing()), because: /returned nothing, expected/ },
  { caseId: 'BC-20', name: 'the open list omits working orders', harness: ref(() => new OpenListOmits()), because: /is not in listOrders\(\{ status: 'open' \}\)/ },
  { caseId: 'BC-21', name: 'getOrder of an unknown id throws a plain Error', harness: ref(() => new PlainErrorForUnknown()), because: /expected OrderNotFoundError \[ORDER_NOT_FOUND\], got Error: HTTP 404/ },
  { caseId: 'BC-21', name: 'canceling an unknown id succeeds quietly', harness: ref(() => new QuietCancelOfUnknown()), because: /cancelOrder\(.*\): expected OrderNotFoundError .* but the call resolved/ },
  { caseId: 'BC-21', name: 'findOrderByClientId of an unknown id throws', harness: ref(() => new ThrowsForUnknownClientId()), because: /must resolve undefined, it threw OrderNotFoundError/ },
  { caseId: 'BC-22', name: 'is used without core\'s edge and sends invalid orders through', harness: () => referenceHarness({ edge: false }), because: /invalid input \(negative quantity\): expected InvalidOrderError/ },
  { caseId: 'BC-22', name: 'validates only after sending', harness: wrapped((inner, reference) => ({
    submitOrder: (input) => { reference.requestsSent++; return inner.submitOrder(input); },
  })), because: /submission\(s\) reached the transport/ },
  { caseId: 'BC-22', name: 'refuses without naming the field', harness: wrapped((r) => ({
    submitOrder: (req) => r.submitOrder(req).catch((e: unknown) => {
      throw e instanceof InvalidOrderError ? new InvalidOrderError(e.message, { broker: r.type, outcome: 'denied' }) : e;
    }),
  })), because: /InvalidOrderError.field is unset/ },
  { caseId: 'BC-22', name: 'calls a local refusal rejected', harness: wrapped((r) => ({
    submitOrder: (req) => r.submitOrder(req).catch((e: unknown) => {
      throw e instanceof InvalidOrderError ? new InvalidOrderError(e.message, { broker: r.type, field: e.field, outcome: 'rejected' }) : e;
    }),
  })), because: /outcome is rejected, expected denied/ },
  { caseId: 'BC-23', name: 'declares few features and enforces none', harness: wrapped((_inner, reference) => ({
    submitOrder: (input) => reference.submitOrder(parseOrderRequest(input, { broker: reference.type, clientOrderId: reference.capabilities.clientOrderId })),
  }), () => new ReferenceBroker({ capabilities: SMALL_CAPABILITIES })), because: /unsupported orderTypes:stop: expected NotSupportedError .* but the call resolved/ },
  { caseId: 'BC-23', name: 'checks capabilities after sending', harness: wrapped((inner, reference) => ({
    submitOrder: (input) => { reference.requestsSent++; return inner.submitOrder(input); },
  }), () => new ReferenceBroker({ capabilities: SMALL_CAPABILITIES })), because: /submission\(s\) reached the transport/ },
  { caseId: 'BC-23', name: 'answers InvalidOrderError for an unsupported feature', harness: wrapped((r) => ({
    submitOrder: (req) => r.submitOrder(req).catch((e: unknown) => {
      throw e instanceof NotSupportedError ? new InvalidOrderError(e.message, { broker: r.type, field: 'type', outcome: 'denied' }) : e;
    }),
  }), () => new ReferenceBroker({ capabilities: SMALL_CAPABILITIES })), because: /expected NotSupportedError \[NOT_SUPPORTED\], got InvalidOrderError/ },
  { caseId: 'BC-24', name: 'emits new after filled', harness: ref(() => new EmitsFilledThenNew()), because: /filled -> new is not a transition/ },
  { caseId: 'BC-24', name: 'declares streaming and emits no order events', harness: ref(() => new SilentStream()), because: /capabilities.streaming is true, but the last order event for \S+ says nothing/ },
  { caseId: 'BC-24', name: 'reports each fill twice', harness: ref(() => new DuplicateFills()), because: /fill F1 was reported twice/ },
  { caseId: 'BC-25', name: 'sends the order again after a lost answer', harness: ref(() => new ResendsAfterLostAnswer()), because: /the lookup finds|orders carry clientOrderId/ },
  { caseId: 'BC-25', name: 'reports a lost answer as a rejection', harness: ref(() => new LostAnswerAsRejected()), because: /must return the order .* or throw UnknownOutcomeError; it threw InvalidOrderError/ },
  { caseId: 'BC-25', name: 'reports a lost answer as a retryable ConnectionError', harness: ref(() => new LostAnswerAsConnectionError()), because: /it threw ConnectionError/ },
  { caseId: 'BC-27', name: 're-validates its input and makes up its own client order id', harness: ref(() => new RegeneratesClientOrderId()), because: /submitOrder\(\) returned clientOrderId/ },
  { caseId: 'BC-27', name: 're-validates its input more strictly than core', harness: ref(() => new StricterThanCore()), because: /passed core's edge, and the adapter refused it: InvalidOrderError/ },
  { caseId: 'BC-26', name: 'forgets orders on reconnect', harness: ref(() => new ForgetsOnReconnect()), because: /after the reconnect findOrderByClientId/ },
  { caseId: 'BC-26', name: 'stays connected after disconnect', harness: ref(() => new StaysConnected()), because: /still true after disconnect/ },
];
