import { beforeEach, describe, expect, it } from 'vitest';
import { RecordingBroker } from '../../test/recording-broker.ts';
import { ManualClock } from '../clock.ts';
import { withRateLimit } from '../wrappers/rate-limit.ts';
import { RateLimiter, resetSharedRateLimiters, sharedRateLimiter } from './limiter.ts';

const MINUTE = 60_000;

/** The largest number of grants inside any window of `windowMs` (grants sorted). */
function maxInWindow(times: number[], windowMs: number): number {
  let max = 0;
  let lo = 0;
  for (let hi = 0; hi < times.length; hi++) {
    while (times[hi]! - times[lo]! >= windowMs) lo++;
    max = Math.max(max, hi - lo + 1);
  }
  return max;
}

describe('RateLimiter', () => {
  beforeEach(() => resetSharedRateLimiters());

  it('50 concurrent callers under 200 per minute never exceed it in any window', async () => {
    const clock = new ManualClock(1_000_000);
    const limiter = new RateLimiter([{ limit: 200, windowMs: MINUTE }], clock);
    const grants: number[] = [];
    // 50 callers, each making 12 calls in a row: 600 calls, so three full windows are needed.
    const callers = Array.from({ length: 50 }, async () => {
      for (let i = 0; i < 12; i++) {
        await limiter.acquire();
        grants.push(clock.now());
      }
    });
    const all = Promise.all(callers);
    for (let t = 0; t < 4 * MINUTE && grants.length < 600; t += 1000) await clock.advance(1000);
    await all;
    expect(grants).toHaveLength(600);
    expect(maxInWindow(grants, MINUTE)).toBe(200);
    // It does not wait longer than the rule needs: the 201st call goes out one window after the first.
    expect(grants[200]! - grants[0]!).toBe(MINUTE);
  });

  it('a waiter whose signal aborts leaves the queue at once, takes no grant, and the next in line gets it', async () => {
    const clock = new ManualClock(0);
    const limiter = new RateLimiter([{ limit: 1, windowMs: 1000 }], clock);
    await limiter.acquire();
    const controller = new AbortController();
    const order: string[] = [];
    const first = limiter.acquire(controller.signal).then(() => order.push('first'), (e: unknown) => order.push(`first ${(e as Error).message}`));
    const second = limiter.acquire().then(() => order.push(`second at ${clock.now()}`));
    controller.abort('disconnected');
    await first;
    expect(order).toEqual(['first disconnected']);
    await clock.advance(1000);
    await second;
    expect(order).toEqual(['first disconnected', 'second at 1000']);
    await expect(limiter.acquire(AbortSignal.abort('gone'))).rejects.toThrow(/^gone$/);
    expect(limiter.waitTime()).toBeGreaterThan(0);
  });

  it('a sliding window: a burst at the end of one minute and the start of the next is still capped', async () => {
    const clock = new ManualClock(0);
    const limiter = new RateLimiter([{ limit: 10, windowMs: 1000 }], clock);
    await clock.advance(900);
    for (let i = 0; i < 10; i++) expect(limiter.tryAcquire()).toBe(true);
    await clock.advance(200); // t = 1100: a fixed window would have reset at 1000
    expect(limiter.tryAcquire()).toBe(false);
    expect(limiter.waitTime()).toBe(800);
  });

  it('honours several rules at once', async () => {
    const clock = new ManualClock(0);
    const limiter = new RateLimiter([{ limit: 5, windowMs: 1000 }, { limit: 8, windowMs: 10_000 }], clock);
    let granted = 0;
    for (let t = 0; t < 10_000; t += 100) {
      await clock.set(t);
      while (limiter.tryAcquire()) granted++;
    }
    expect(granted).toBe(8);
  });

  it('blockUntil (Retry-After) and observe (remaining 0 + reset) hold every caller', async () => {
    const clock = new ManualClock(0);
    const limiter = new RateLimiter([{ limit: 100, windowMs: 1000 }], clock);
    limiter.blockUntil(5000);
    expect(limiter.tryAcquire()).toBe(false);
    expect(limiter.waitTime()).toBe(5000);
    limiter.blockUntil(1000); // never earlier
    expect(limiter.waitTime()).toBe(5000);
    await clock.set(5000);
    expect(limiter.tryAcquire()).toBe(true);
    limiter.observe(3, 9000);
    expect(limiter.tryAcquire()).toBe(true);
    limiter.observe(0, 9000);
    expect(limiter.waitTime()).toBe(4000);
  });

  it('two broker instances with one key share one budget', async () => {
    const clock = new ManualClock(0);
    const rules = [{ limit: 3, windowMs: MINUTE }];
    const a = withRateLimit(new RecordingBroker('a'), sharedRateLimiter('acct-1', rules, clock));
    const b = withRateLimit(new RecordingBroker('b'), sharedRateLimiter('acct-1', rules, clock));
    const other = withRateLimit(new RecordingBroker('c'), sharedRateLimiter('acct-2', rules, clock));
    const done: string[] = [];
    const calls = [a, b, a, b].map((br, i) => br.getAccount().then(() => done.push(`${i}`)));
    await clock.advance(0);
    expect(done).toHaveLength(3);
    await other.getAccount(); // another key has its own budget
    await clock.advance(MINUTE);
    await Promise.all(calls);
    expect(done).toHaveLength(4);
  });

  it('refuses nonsense rules', () => {
    expect(() => new RateLimiter([{ limit: 0, windowMs: 1000 }])).toThrow(/limit/);
    expect(() => new RateLimiter([{ limit: 1, windowMs: 0 }])).toThrow(/windowMs/);
  });
});
