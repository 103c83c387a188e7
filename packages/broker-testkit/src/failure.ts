import { inspect } from 'node:util';
import { isBrokerError } from '@invest/broker-core';

/**
 * A broker broke the conformance contract. Every check in the suite throws this (and only this),
 * so a failing case is told apart from a crash: an error the broker itself threw while the case
 * was running propagates unchanged.
 */
export class ConformanceFailure extends Error {
  override readonly name: string = 'ConformanceFailure';
}

/**
 * Throws a `ConformanceFailure` with `message`.
 *
 * @example
 * ```ts
 * if (order.status !== 'canceled') fail(`order ${order.id} is ${order.status}, expected canceled`)
 * ```
 */
export function fail(message: string, cause?: unknown): never {
  throw new ConformanceFailure(message, cause === undefined ? undefined : { cause });
}

/**
 * Throws a `ConformanceFailure` unless `condition` holds. The message may be a function, so a
 * costly description is only built when the check fails.
 *
 * @example
 * ```ts
 * check(position.quantity === 3, () => `position is ${position.quantity}, expected 3`)
 * ```
 */
export function check(condition: unknown, message: string | (() => string)): asserts condition {
  if (!condition) fail(typeof message === 'string' ? message : message());
}

/**
 * One line naming an error for a failure message: class, code and message.
 *
 * @example
 * ```ts
 * describeError(new OrderNotFoundError('no order 7')) // 'OrderNotFoundError [ORDER_NOT_FOUND]: no order 7'
 * ```
 */
export function describeError(error: unknown): string {
  if (isBrokerError(error)) return `${error.name} [${error.code}]: ${error.message}`;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return `a thrown ${error === null ? 'null' : typeof error} (${String(error)})`;
}

/**
 * A value as a failure message shows it: primitives as `String()` writes them, objects and arrays
 * in full (`String()` would write `[object Object]`), since a request may carry anything.
 *
 * @example
 * ```ts
 * describeValue(50) // '50'
 * describeValue({ units: 5 }) // '{ units: 5 }'
 * ```
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'object' && value !== null) return inspect(value, { breakLength: Infinity });
  return String(value);
}
