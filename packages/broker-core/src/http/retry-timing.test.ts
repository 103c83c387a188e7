import { describe, expect, it } from 'vitest';
import { backoffDelay, parseResetAt, parseRetryAfter, readRateLimitHeaders, retryAfterFromHeaders } from './retry-timing.ts';

const NOW = Date.parse('2026-01-02T14:30:00Z');

describe('parseRetryAfter', () => {
  it('reads a delay in seconds', () => {
    expect(parseRetryAfter('2', NOW)).toBe(2000);
    expect(parseRetryAfter(' 0.5 ', NOW)).toBe(500);
    expect(parseRetryAfter('0', NOW)).toBe(0);
  });

  it('reads an HTTP date as the time left until it', () => {
    expect(parseRetryAfter('Fri, 02 Jan 2026 14:30:05 GMT', NOW)).toBe(5000);
    expect(parseRetryAfter('Fri, 02 Jan 2026 14:29:00 GMT', NOW)).toBe(0);
  });

  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
    expect(parseRetryAfter('', NOW)).toBeUndefined();
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
    expect(parseRetryAfter('-3', NOW)).toBeUndefined();
  });
});

describe('parseResetAt', () => {
  it('converts each unit to epoch ms', () => {
    expect(parseResetAt(String(NOW / 1000 + 3), 'epoch-seconds', NOW)).toBe(NOW + 3000);
    expect(parseResetAt('3', 'seconds', NOW)).toBe(NOW + 3000);
    expect(parseResetAt(String(NOW + 3000), 'epoch-ms', NOW)).toBe(NOW + 3000);
  });

  it('ignores missing and malformed values', () => {
    expect(parseResetAt(null, 'seconds', NOW)).toBeUndefined();
    expect(parseResetAt('x', 'seconds', NOW)).toBeUndefined();
    expect(parseResetAt('-1', 'seconds', NOW)).toBeUndefined();
  });
});

describe('readRateLimitHeaders / retryAfterFromHeaders', () => {
  const names = { remaining: 'x-ratelimit-remaining', reset: 'x-ratelimit-reset', resetUnit: 'epoch-seconds' } as const;

  it('reads remaining and reset', () => {
    const headers = new Headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 4) });
    expect(readRateLimitHeaders(headers, names, NOW)).toEqual({ remaining: 0, resetAt: NOW + 4000 });
    expect(readRateLimitHeaders(new Headers(), names, NOW)).toEqual({});
  });

  it('prefers Retry-After, uses the reset header only for a rate-limit answer', () => {
    const both = new Headers({ 'retry-after': '1', 'x-ratelimit-reset': String(NOW / 1000 + 4) });
    expect(retryAfterFromHeaders(both, NOW, { rateLimited: true, rateLimitHeaders: names })).toBe(1000);
    const reset = new Headers({ 'x-ratelimit-reset': String(NOW / 1000 + 4) });
    expect(retryAfterFromHeaders(reset, NOW, { rateLimited: true, rateLimitHeaders: names })).toBe(4000);
    expect(retryAfterFromHeaders(reset, NOW, { rateLimited: false, rateLimitHeaders: names })).toBeUndefined();
  });
});

describe('backoffDelay', () => {
  const options = { baseDelayMs: 250, maxDelayMs: 1000 };

  it('doubles per retry, scaled by the jitter, up to the cap', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, options, () => 1))).toEqual([250, 500, 1000, 1000, 1000]);
    expect(backoffDelay(2, options, () => 0.5)).toBe(250);
    expect(backoffDelay(2, options, () => 0)).toBe(0);
  });

  it('keeps a broken random source inside [0, cap]', () => {
    expect(backoffDelay(1, options, () => Number.NaN)).toBe(250);
    expect(backoffDelay(1, options, () => 7)).toBe(250);
    expect(backoffDelay(1, options, () => -1)).toBe(0);
  });
});
