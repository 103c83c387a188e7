import { describe, expect, test } from 'vitest';
import type { SimQuote } from './price-source.ts';
import { randomWalkPrices } from './random-walk-prices.ts';

const T = Date.parse('2026-03-02T14:30:00Z');

describe('randomWalkPrices', () => {
  test('the same seed gives the same prices however they are read', async () => {
    const a = randomWalkPrices({ seed: 3, stepMs: 1000, start: { AAPL: 100 } });
    const b = randomWalkPrices({ seed: 3, stepMs: 1000, start: { AAPL: 100 } });
    await a.quote('AAPL', T);
    await b.quote('AAPL', T);
    const stepwise = [...(a.between?.('AAPL', T, T + 5000) ?? [])];
    const jump = b.quote('AAPL', T + 5000);
    expect(stepwise).toHaveLength(5);
    expect(jump).toEqual(stepwise.at(-1));
    // Read again from the start: the same path.
    expect(a.quote('AAPL', T + 2000)).toEqual(stepwise[1]);
  });

  test('another seed, another path; every quote is a valid market in whole cents', async () => {
    const a = randomWalkPrices({ seed: 1, stepMs: 1000 });
    const b = randomWalkPrices({ seed: 2, stepMs: 1000 });
    await a.quote('XYZ', T);
    await b.quote('XYZ', T);
    const pa = [...(a.between?.('XYZ', T, T + 2000_000) ?? [])];
    const pb = [...(b.between?.('XYZ', T, T + 2000_000) ?? [])];
    expect(pa.map((q) => q.last)).not.toEqual(pb.map((q) => q.last));
    for (const q of pa) {
      expect(q.bid).toBeGreaterThan(0);
      expect(q.bid as number).toBeLessThan(q.ask as number);
      expect(Math.round((q.last as number) * 100) / 100).toBe(q.last);
    }
  });

  test('the origin is saved and restored, so another process continues the same walk', () => {
    const a = randomWalkPrices({ seed: 5 });
    const first = a.quote('AAPL', T);
    const b = randomWalkPrices({ seed: 5 });
    b.load?.(a.save?.());
    expect(b.quote('AAPL', T + 3_600_000)).toEqual(a.quote('AAPL', T + 3_600_000));
    expect((first as SimQuote | undefined)?.time).toBe(T);
  });

  test('restricted to its symbols', () => {
    const p = randomWalkPrices({ symbols: ['AAPL'] });
    expect(p.quote('MSFT', T)).toBeUndefined();
    expect(p.knows?.('MSFT')).toBe(false);
  });
});
