/** Time source. Inject a `ManualClock` in tests so nothing depends on the wall clock. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` of this clock's time. */
  sleep(ms: number): Promise<void>;
}

/**
 * The real clock.
 *
 * @example
 * ```ts
 * await systemClock.sleep(100)
 * ```
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

/**
 * A clock that moves only when told. Sleepers wake, in time order, as `advance` passes them.
 *
 * @example
 * ```ts
 * const clock = new ManualClock(Date.parse('2026-01-02T14:30:00Z'))
 * const done = clock.sleep(1000); await clock.advance(1000); await done
 * ```
 */
export class ManualClock implements Clock {
  #now: number;
  #sleepers: { at: number; seq: number; resolve: () => void }[] = [];
  #seq = 0;

  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.#sleepers.push({ at: this.#now + ms, seq: this.#seq++, resolve });
    });
  }

  /** Number of sleepers waiting. */
  get pending(): number {
    return this.#sleepers.length;
  }

  /**
   * Moves time forward by `ms`, waking each sleeper at its own time and letting the code it
   * resumes run (and sleep again) before time moves further.
   */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    for (;;) {
      await flushMicrotasks();
      this.#sleepers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.#sleepers[0];
      if (!next || next.at > target) break;
      this.#sleepers.shift();
      this.#now = Math.max(this.#now, next.at);
      next.resolve();
    }
    this.#now = target;
    await flushMicrotasks();
  }

  /** Sets the time (never backwards) and wakes due sleepers. */
  async set(time: number): Promise<void> {
    await this.advance(Math.max(0, time - this.#now));
  }
}

async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}
