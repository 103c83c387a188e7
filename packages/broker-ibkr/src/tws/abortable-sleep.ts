import { systemClock, type Clock } from '@invest/broker-core';

/**
 * `clock.sleep(ms)` that ends early (resolving) when `signal` aborts: a `disconnect()` ends every
 * wait of the adapter. With the system clock the timer is this function's own and is cleared on
 * abort, so nothing is left to keep the process alive; another clock (a test's `ManualClock`)
 * keeps its sleeper, which holds no timer.
 *
 * @example
 * ```ts
 * const lifetime = new AbortController()
 * const waited = abortableSleep(systemClock, 30_000, lifetime.signal)
 * lifetime.abort() // waited resolves now, and no timer is left
 * ```
 */
export function abortableSleep(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise<void>((resolve) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    signal.addEventListener('abort', done, { once: true });
    if (clock === systemClock) timer = setTimeout(done, Math.max(0, ms));
    else void clock.sleep(ms).then(done);
  });
}

/**
 * A clock whose sleeps end when `signal` aborts (see `abortableSleep`): what core's
 * `submitWithRecovery` gets, so its lookup delays end with the connection.
 *
 * @example
 * ```ts
 * submitWithRecovery(hooks, { broker: 'ibkr', clientOrderId, clock: abortableClock(systemClock, tws.signal) })
 * ```
 */
export function abortableClock(clock: Clock, signal: AbortSignal): Clock {
  return { now: () => clock.now(), sleep: (ms) => abortableSleep(clock, ms, signal) };
}
