// The reference broker passes the whole suite: with every capability and market control, and as a
// small broker (market and limit only) without market control, where most cases do not apply and
// BC-23 checks that what it leaves out is refused.
import { describe, expect, it } from 'vitest';
import { brokerConformanceSuite, runConformanceCase } from '../src/index.ts';
import { referenceFaults, referenceHarness, referenceWith, SMALL_CAPABILITIES } from './reference/harness.ts';

brokerConformanceSuite({
  name: 'reference broker, every capability, market control',
  createBroker: () => referenceHarness(),
  faults: referenceFaults,
});

brokerConformanceSuite({
  name: 'reference broker, market and limit only, no market control',
  createBroker: () => referenceWith({ capabilities: SMALL_CAPABILITIES }, { market: false }),
  faults: referenceFaults,
  symbol: 'msft',
});

describe('reference broker, lost answers not looked up', () => {
  it('BC-25 passes when the broker throws UnknownOutcomeError instead of resolving', async () => {
    await expect(runConformanceCase('BC-25', { createBroker: () => referenceWith({ resolveLostAnswers: false }), faults: referenceFaults })).resolves.toBeUndefined();
  });
});
