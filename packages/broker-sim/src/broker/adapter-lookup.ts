import type { Broker, BrokerEvents } from '@invest/broker-core';
import type { EventEmitter } from 'eventemitter3';
import type { SimBroker } from '../sim-broker.ts';

// Every wrapper (validation, retry, logging) hands out the adapter's own `events` emitter, so it
// finds the simulator behind a broker the registry made, however it was wrapped.
const byEvents = new WeakMap<EventEmitter<BrokerEvents>, SimBroker>();

/**
 * Remembers a simulator adapter so `adapterBehind` can find it from any broker wrapping it.
 *
 * @example
 * ```ts
 * rememberAdapter(this) // in SimBroker's constructor
 * ```
 */
export function rememberAdapter(adapter: SimBroker): void {
  byEvents.set(adapter.events, adapter);
}

/**
 * The simulator adapter a broker wraps, or undefined when it is not a simulator.
 *
 * @example
 * ```ts
 * adapterBehind(registry.create('sim', {}))?.stateFile
 * ```
 */
export function adapterBehind(broker: Broker): SimBroker | undefined {
  return byEvents.get(broker.events);
}
