// Simulation accounts for the manager's tests: made by the registry (so validated like any
// broker), in memory, always open, fixed quotes.
import { BrokerDecorator, BrokerRegistry, ConnectionError, type Broker, type Capabilities, type Order, type OrderRequestInput } from '@invest/broker-core';
import { simPlugin } from '@invest/broker-sim';

export const QUOTES = {
  AAPL: { bid: 199.9, ask: 200.1, last: 200 },
  MSFT: { bid: 299.8, ask: 300.2, last: 300 },
  // A wide spread: a market buy loses (ask - last) per share as soon as it fills.
  WIDE: { bid: 90, ask: 110, last: 100 },
} as const;

export const registry = new BrokerRegistry().register(simPlugin);

export function simAccount(name: string, overrides: Record<string, unknown> = {}): Broker {
  return registry.create(
    'sim',
    { initialCash: 100_000, session: 'always', prices: { kind: 'static', quotes: QUOTES }, accountType: 'margin', stateFile: ':memory:', ...overrides },
    { name },
  );
}

/** A broker that declares fewer capabilities than the one it wraps (a broker lacking an order type). */
export class NarrowedBroker extends BrokerDecorator {
  constructor(inner: Broker, private readonly narrowed: Partial<Capabilities>) {
    super(inner);
  }
  override get capabilities(): Capabilities {
    return { ...this.inner.capabilities, ...this.narrowed };
  }
}

/** A broker whose connection always fails. */
export class UnreachableBroker extends BrokerDecorator {
  override async connect(): Promise<void> {
    throw new ConnectionError(`${this.name}: connection refused`, { broker: this.type });
  }
}

/** Counts what reaches the broker it wraps. */
export class CountingBroker extends BrokerDecorator {
  readonly sent: OrderRequestInput[] = [];
  lookups = 0;
  accountReads = 0;
  override submitOrder(req: OrderRequestInput): Promise<Order> {
    this.sent.push(req);
    return this.inner.submitOrder(req);
  }
  override findOrderByClientId(id: string): Promise<Order | undefined> {
    this.lookups += 1;
    return this.inner.findOrderByClientId(id);
  }
  quoteReads = 0;
  positionReads = 0;
  override getAccount() {
    this.accountReads += 1;
    return this.inner.getAccount();
  }
  override getQuote(symbol: string) {
    this.quoteReads += 1;
    return this.inner.getQuote(symbol);
  }
  override getPosition(symbol: string) {
    this.positionReads += 1;
    return this.inner.getPosition(symbol);
  }
}
