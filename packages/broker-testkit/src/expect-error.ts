import { hasErrorCode, type BrokerError, type ErrorCode } from '@invest/broker-core';
import { describeError, fail } from './failure.ts';

/**
 * Awaits `call` and asserts it rejected with an Invest error of `code` that is also an instance of
 * `type` (both: a broker that sets the code on the wrong class, or throws the right class with a
 * wrong code, breaks callers that switch on either). Returns the error.
 *
 * @example
 * ```ts
 * const e = await expectBrokerError(() => broker.getOrder('nope'), OrderNotFoundError, ErrorCode.ORDER_NOT_FOUND, 'getOrder of an unknown id')
 * ```
 */
export async function expectBrokerError<E extends BrokerError>(
  call: () => Promise<unknown>,
  type: abstract new (...args: never[]) => E,
  code: ErrorCode,
  what: string,
): Promise<E> {
  let result: unknown;
  try {
    result = await call();
  } catch (error) {
    if (!(error instanceof type) || !hasErrorCode(error, code)) {
      return fail(`${what}: expected ${type.name} [${code}], got ${describeError(error)}`, error);
    }
    return error;
  }
  return fail(`${what}: expected ${type.name} [${code}], but the call resolved${result === undefined ? '' : ` with ${summarize(result)}`}`);
}

function summarize(value: unknown): string {
  if (typeof value !== 'object' || value === null) return String(value);
  const o = value as Record<string, unknown>;
  return typeof o.id === 'string' ? `order ${o.id} (${String(o.status)})` : 'an object';
}
