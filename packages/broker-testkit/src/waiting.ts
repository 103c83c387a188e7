import type { Broker } from '@invest/broker-core';

export interface PollOptions {
  timeoutMs: number;
  /** Events that make the next read happen at once instead of after the backoff. */
  wakeOn?: { events: Broker['events']; orderId?: string };
}

/**
 * Reads until `done` holds or `timeoutMs` passes, backing off from 2 ms to 100 ms between reads
 * and reading at once when a matching `order` event arrives. Never a fixed sleep: a broker that
 * answers at once is checked at once. Resolves with the last value read and whether it passed.
 *
 * @example
 * ```ts
 * const { value, ok } = await pollUntil(() => broker.getOrder(id), (o) => o.status === 'filled', { timeoutMs: 5000 })
 * ```
 */
export async function pollUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, options: PollOptions): Promise<{ value: T; ok: boolean }> {
  const deadline = Date.now() + options.timeoutMs;
  let wake: (() => void) | undefined;
  const onOrder = (order: { id: string }): void => {
    if (options.wakeOn?.orderId === undefined || order.id === options.wakeOn.orderId) wake?.();
  };
  options.wakeOn?.events.on('order', onOrder);
  try {
    for (let interval = 2; ; interval = Math.min(100, interval * 2)) {
      const value = await read();
      if (done(value)) return { value, ok: true };
      const remaining = deadline - Date.now();
      if (remaining <= 0) return { value, ok: false };
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(interval, remaining));
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  } finally {
    options.wakeOn?.events.off('order', onOrder);
  }
}
