import type { Broker, ParsedOrderRequest } from '@invest/broker-core';
import type { RiskSettings } from '../risk/settings.ts';

/** The multi-broker layers a wrapped broker has, whatever other wrappers sit around them. */
export interface BrokerLayers {
  /** Set by `withRisk`: its limits, and a check the manager runs on each leg before any is sent. */
  risk?: { settings: RiskSettings; precheck(req: ParsedOrderRequest): Promise<void> };
  /** Set by `withJournal`. */
  journal?: true;
  /** Set by `withHistory`. */
  history?: true;
  /** Set by `withProtectiveStop`. */
  stop?: true;
}

// Kept beside the brokers rather than on them: a core wrapper (retry, logging) put around a
// multi-broker one forwards no such property, and the manager must still see the layer.
const known = new WeakMap<Broker, BrokerLayers>();

/**
 * The layers `withRisk`, `withJournal` and `withProtectiveStop` gave `broker` (none for a broker
 * that came straight from a registry). The manager adds only what is missing.
 *
 * @example
 * ```ts
 * layersOf(withRisk(broker, { name: 'a', settings: {} })).risk !== undefined // true
 * ```
 */
export function layersOf(broker: Broker): BrokerLayers {
  return known.get(broker) ?? {};
}

/**
 * Records that `outer` wraps `inner` and adds `added` (the wrappers of this package call it).
 *
 * @example
 * ```ts
 * markLayers(wrapped, inner, { journal: true })
 * ```
 */
export function markLayers(outer: Broker, inner: Broker, added: BrokerLayers): void {
  known.set(outer, { ...layersOf(inner), ...added });
}
