import { ManualClock, systemClock } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { abortableClock, abortableSleep } from './abortable-sleep.ts';

describe('abortableSleep', () => {
  it('ends a long system-clock sleep as soon as the signal aborts', async () => {
    const lifetime = new AbortController();
    const start = Date.now();
    const sleeping = abortableSleep(systemClock, 30_000, lifetime.signal);
    setTimeout(() => lifetime.abort(), 20);
    await sleeping;
    expect(Date.now() - start).toBeLessThan(1_000);
  });

  it('sleeps its time when nothing aborts, and not at all once aborted', async () => {
    const lifetime = new AbortController();
    const start = Date.now();
    await abortableSleep(systemClock, 30, lifetime.signal);
    expect(Date.now() - start).toBeGreaterThanOrEqual(25);
    lifetime.abort();
    const after = Date.now();
    await abortableSleep(systemClock, 30_000, lifetime.signal);
    expect(Date.now() - after).toBeLessThan(100);
  });

  it('follows another clock (a ManualClock) and its abort alike', async () => {
    const clock = new ManualClock(0);
    const lifetime = new AbortController();
    let woke = false;
    const sleeping = abortableClock(clock, lifetime.signal).sleep(1_000).then(() => (woke = true));
    await clock.advance(999);
    expect(woke).toBe(false);
    await clock.advance(1);
    await sleeping;
    expect(woke).toBe(true);
    const aborted = abortableSleep(clock, 1_000, lifetime.signal);
    lifetime.abort();
    await aborted;
  });
});
