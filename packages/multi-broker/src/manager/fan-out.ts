import type { Broker } from '@invest/broker-core';
import type { PerBrokerResult } from './types.ts';

/** A broker and the name it was added under. */
export interface Target {
  name: string;
  broker: Broker;
}

/**
 * Anything thrown, as an `Error` (a non-Error throw keeps its text).
 *
 * @example
 * ```ts
 * toError('boom').message // 'boom'
 * ```
 */
export function toError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

/**
 * Runs `fn` on every broker at once and reports each one's result in the given order; one failure
 * stops no other.
 *
 * @example
 * ```ts
 * const accounts = await fanOut(targets, (b) => b.getAccount())
 * ```
 */
export async function fanOut<T>(targets: readonly Target[], fn: (broker: Broker, name: string) => Promise<T>): Promise<PerBrokerResult<T>[]> {
  const settled = await Promise.allSettled(targets.map((t) => fn(t.broker, t.name)));
  return settled.map((s, i) => {
    const broker = targets[i]!.name;
    return s.status === 'fulfilled' ? { broker, ok: true, value: s.value } : { broker, ok: false, error: toError(s.reason) };
  });
}
