import { afterEach, describe, expect, it, vi } from 'vitest';
import { Deadlines } from './deadlines.ts';

describe('Deadlines', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('expires each deadline at its own time, in order, and never a cancelled one', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const deadlines = new Deadlines(100);
    const fired: string[] = [];
    deadlines.start(() => fired.push('a'));
    vi.advanceTimersByTime(30);
    const b = deadlines.start(() => fired.push('b'));
    vi.advanceTimersByTime(30);
    deadlines.start(() => fired.push('c'));
    b.cancel();
    vi.advanceTimersByTime(39);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1); // t = 100: a is due
    expect(fired).toEqual(['a']);
    vi.advanceTimersByTime(59);
    expect(fired).toEqual(['a']); // t = 159: c is due at 160, b was cancelled
    vi.advanceTimersByTime(1);
    expect(fired).toEqual(['a', 'c']);
    expect(deadlines.pending).toBe(0);
  });

  it('shares one timer across any number of requests that finish in time', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const timers = vi.spyOn(globalThis, 'setTimeout');
    const deadlines = new Deadlines(10_000);
    const expired = vi.fn();
    for (let i = 0; i < 1000; i++) {
      const d = deadlines.start(expired);
      vi.advanceTimersByTime(1);
      d.cancel();
    }
    expect(timers).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(20_000);
    expect(expired).not.toHaveBeenCalled();
    // After the idle timer fired, the next deadline arms a new one and still expires on time.
    deadlines.start(expired);
    vi.advanceTimersByTime(9_999);
    expect(expired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(expired).toHaveBeenCalledTimes(1);
  });

  it('cancelling twice, or after expiry, changes nothing', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const deadlines = new Deadlines(10);
    const expired = vi.fn();
    const d = deadlines.start(expired);
    const other = deadlines.start(vi.fn());
    d.cancel();
    d.cancel();
    expect(deadlines.pending).toBe(1);
    vi.advanceTimersByTime(10);
    other.cancel();
    expect(deadlines.pending).toBe(0);
    expect(expired).not.toHaveBeenCalled();
  });

  it('holds the process open exactly while a deadline is pending', () => {
    const timeouts = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timeouts();
    const deadlines = new Deadlines(60_000);
    const a = deadlines.start(() => {});
    const b = deadlines.start(() => {});
    expect(timeouts()).toBe(before + 1);
    a.cancel();
    expect(timeouts()).toBe(before + 1);
    b.cancel();
    expect(timeouts()).toBe(before);
    const c = deadlines.start(() => {});
    expect(timeouts()).toBe(before + 1);
    c.cancel();
    expect(timeouts()).toBe(before);
  });

  it('a throwing callback does not stop the other deadlines that are due', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance', 'queueMicrotask'] });
    const deadlines = new Deadlines(5);
    const second = vi.fn();
    deadlines.start(() => {
      throw new Error('boom');
    });
    deadlines.start(second);
    const thrown: unknown[] = [];
    const microtask = vi.spyOn(globalThis, 'queueMicrotask').mockImplementation((fn) => {
      try {
        fn();
      } catch (error) {
        thrown.push(error);
      }
    });
    vi.advanceTimersByTime(5);
    microtask.mockRestore();
    expect(second).toHaveBeenCalledTimes(1);
    expect(thrown).toEqual([new Error('boom')]);
  });
});
