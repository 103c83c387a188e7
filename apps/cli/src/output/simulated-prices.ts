import type { Broker } from '@invest/broker-core';

/** What a lookup needs: the manager's brokers by name. */
export interface BrokerLookup {
  readonly names: readonly string[];
  get(name: string): Broker;
}

/**
 * The accounts whose prices the simulator invents with its random walk (the default price source
 * of a `sim` account): their quotes, cash and equity follow no market, and the CLI says so.
 * `@invest/broker-sim` is loaded only when a `sim` account is among them.
 *
 * @example
 * ```ts
 * const invented = await randomWalkAccounts(manager) // Set { 'paper-1', 'paper-2' }
 * ```
 */
export async function randomWalkAccounts(brokers: BrokerLookup): Promise<ReadonlySet<string>> {
  const sims = brokers.names.filter((name) => brokers.get(name).type === 'sim');
  if (sims.length === 0) return new Set();
  const { simAccountOf } = await import('@invest/broker-sim');
  return new Set(sims.filter((name) => {
    try {
      return simAccountOf(brokers.get(name)).config.prices.kind === 'random-walk';
    } catch {
      // A plugin of its own that registers the type `sim` is not our simulator: no claim about it.
      return false;
    }
  }));
}

/**
 * The one-line note printed under human output when some prices are invented, or undefined.
 *
 * @example
 * ```ts
 * simulatedPriceNote(new Set(['paper-1'])) // 'note: paper-1 prices are simulated (a random walk), not market data'
 * ```
 */
export function simulatedPriceNote(names: ReadonlySet<string>): string | undefined {
  if (names.size === 0) return undefined;
  return `note: ${[...names].join(', ')} prices are simulated (a random walk), not market data`;
}
