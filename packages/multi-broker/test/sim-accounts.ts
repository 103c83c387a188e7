// Simulation accounts for the manager's tests: in memory, always open, fixed quotes.
import { BrokerDecorator, ConnectionError, type Broker, type Capabilities } from '@invest/broker-core';
import { createSimBroker, type SimAccount } from '@invest/broker-sim';

export const QUOTES = {
  AAPL: { bid: 199.9, ask: 200.1, last: 200 },
  MSFT: { bid: 299.8, ask: 300.2, last: 300 },
} as const;

export function simAccount(name: string, overrides: Record<string, unknown> = {}): SimAccount {
  return createSimBroker(
    { initialCash: 100_000, session: 'always', prices: { kind: 'static', quotes: QUOTES }, accountType: 'margin', ...overrides },
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
