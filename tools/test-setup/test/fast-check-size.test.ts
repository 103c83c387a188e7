// The suite-wide fast-check size (fast-check.ts) is in force: without it, arrays stop at ~10.
import fc from 'fast-check';
import { expect, it } from 'vitest';

it('fast-check generates arrays past its small default size in every project', () => {
  expect(fc.readConfigureGlobal().baseSize).toBe('medium');
  const lengths = fc.sample(fc.array(fc.nat(), { maxLength: 500 }), { numRuns: 200, seed: 1 }).map((a) => a.length);
  expect(Math.max(...lengths)).toBeGreaterThan(20);
});
