import { ErrorCode, isBrokerError, OrderNotFoundError, type Order } from '@invest/broker-core';
import { AmbiguousOrderIdError } from './ambiguous-order-id-error.ts';
import { fanOut, type Target } from './fan-out.ts';

/** An order and the account (by configured name) that holds it. */
export interface LocatedOrder {
  broker: string;
  order: Order;
}

const notFound = (e: unknown): boolean => isBrokerError(e) && (e.code === ErrorCode.ORDER_NOT_FOUND || e.code === ErrorCode.NOT_FOUND);

/**
 * Finds order `id` on `targets` (asked concurrently) and names the one account that holds it.
 * Refused with `AmbiguousOrderIdError` when the id is on more than one account, or on one while
 * another could not be searched (it might be there too: acting on the wrong account's order is
 * worse than asking for `--broker`). `OrderNotFoundError` when no account has it. Every message
 * names accounts by their configured name, never by broker type. `options.unreachable` names the
 * accounts known to be down (their connect failed): they count as not searched.
 *
 * @example
 * ```ts
 * const { broker, order } = await locateOrder([{ name: 'paper-1', broker: sim1 }, { name: 'paper-2', broker: sim2 }], 'ord-000007')
 * ```
 */
export async function locateOrder(targets: readonly Target[], id: string, options: { unreachable?: (name: string) => Error | undefined } = {}): Promise<LocatedOrder> {
  if (targets.length === 1) {
    const only = targets[0]!;
    try {
      return { broker: only.name, order: await only.broker.getOrder(id) };
    } catch (error) {
      if (notFound(error)) throw new OrderNotFoundError(`No order ${JSON.stringify(id)} on ${only.name}`, { broker: only.broker.type, cause: error });
      throw error;
    }
  }
  // An account known to be unreachable is not asked: an answer from it (a cached state) is no proof.
  const results = await fanOut(targets, (b, name) => {
    const down = options.unreachable?.(name);
    return down ? Promise.reject(down) : b.getOrder(id);
  });
  const found = results.flatMap((r) => (r.ok ? [{ broker: r.broker, order: r.value }] : []));
  const unsearched = results.flatMap((r) => (!r.ok && !notFound(r.error) ? [`${r.broker} (${r.error.message})`] : []));
  const names = found.map((f) => f.broker);
  if (found.length > 1) {
    throw new AmbiguousOrderIdError(`Order id ${JSON.stringify(id)} is on ${names.join(' and ')}: pass --broker <${names.join('|')}> to say which`, { brokers: names });
  }
  if (found.length === 1 && unsearched.length > 0) {
    throw new AmbiguousOrderIdError(
      `Order id ${JSON.stringify(id)} is on ${names[0]}, but ${unsearched.join(', ')} could not be searched: pass --broker ${names[0]} to act on it there`,
      { brokers: [...names, ...results.filter((r) => !r.ok && !notFound(r.error)).map((r) => r.broker)] },
    );
  }
  if (found.length === 1) return found[0]!;
  const searched = results.filter((r) => !r.ok && notFound(r.error)).map((r) => r.broker);
  throw new OrderNotFoundError(
    `No order ${JSON.stringify(id)} on ${searched.join(', ') || 'any account'}${unsearched.length > 0 ? `; not searched: ${unsearched.join(', ')}` : ''}`,
  );
}
