import { toError } from './fan-out.ts';

/**
 * The error with the account's configured name in front of its message, unless the message names
 * it already. Adapters name their broker type (`sim`, `alpaca`); with several accounts of one type
 * only the configured name tells the user which account failed. The error itself is kept (its
 * class, code and cause decide exit codes and retries), only its message is completed.
 *
 * @example
 * ```ts
 * try { await broker.cancelOrder(id) } catch (e) { throw nameAccount(e, 'paper-1') }
 * // "paper-1: Order ord-000001 is filled and cannot be canceled"
 * ```
 */
export function nameAccount(error: unknown, name: string): Error {
  const e = toError(error);
  if (!new RegExp(`(^|[^\\w-])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\w-])`).test(e.message)) {
    Object.defineProperty(e, 'message', { value: `${name}: ${e.message}`, writable: true, configurable: true, enumerable: false });
  }
  return e;
}
