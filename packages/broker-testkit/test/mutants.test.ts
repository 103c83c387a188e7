// Each case's `run` fails against the broken brokers listed for it, for the reason the table gives:
// a case that passes a broken broker checks nothing.
import { CapabilitiesSchema } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { CASE_IDS, caseById, ConformanceFailure, createConformanceContext, runConformanceCase } from '../src/index.ts';
import { referenceFaults, referenceHarness } from './reference/harness.ts';
import { MUTANTS, type Mutant } from './reference/mutants.ts';
import { ReferenceBroker } from './reference/reference-broker.ts';

// Short waits: against a broken broker most cases fail by timing out on a change that never comes.
const timeoutMs = 250;

/** Runs the case's own `run` against the mutant (no suite around it) and returns what it threw. */
async function runDirectly(mutant: Mutant): Promise<unknown> {
  const harness = mutant.harness();
  const testCase = caseById(mutant.caseId);
  const caps = CapabilitiesSchema.safeParse(harness.broker.capabilities);
  // The mutant must be one the case applies to, or its failure would prove nothing.
  if (caps.success) expect(testCase.requires?.(caps.data, { market: harness.market !== undefined, faults: { timeoutAfterSend: true } })).toBeUndefined();
  const ctx = createConformanceContext(harness, { caseId: mutant.caseId, faults: referenceFaults, timeoutMs });
  try {
    await ctx.broker.connect();
    if (harness.market) await ctx.setPrice(100);
    await testCase.run(ctx);
    return undefined;
  } catch (error) {
    return error;
  } finally {
    ctx.dispose();
  }
}

describe('every case catches its mutants', () => {
  it.each(MUTANTS.map((m) => [m.caseId, m.name, m] as const))('%s fails against a broker that %s', async (_id, _name, mutant) => {
    const error = await runDirectly(mutant);
    expect(error, 'the case passed a broken broker').toBeInstanceOf(ConformanceFailure);
    expect((error as Error).message).toMatch(mutant.because);
  });

  it('has a mutant for every case', () => {
    const covered = new Set(MUTANTS.map((m) => m.caseId));
    expect(CASE_IDS.filter((id) => !covered.has(id))).toEqual([]);
  });
});

describe('runConformanceCase', () => {
  it('checks the event sequence of every case, not only BC-24', async () => {
    class EmitsNewAfterFilled extends ReferenceBroker {
      protected override emitOrder(order: Parameters<ReferenceBroker['emitOrder']>[0]): void {
        super.emitOrder(order);
        if (order.status === 'filled') this.events.emit('order', { ...this.snapshot(order.id), status: 'new' });
      }
    }
    const error = await runConformanceCase('BC-05', { createBroker: () => referenceHarness({ reference: new EmitsNewAfterFilled() }), timeoutMs })
      .then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ConformanceFailure);
    expect((error as Error).message).toMatch(/illegal event sequence: order \S+: filled -> new/);
  });

  it('refuses to run a case that does not apply, rather than passing it', async () => {
    await expect(runConformanceCase('BC-25', { createBroker: () => referenceHarness() })).rejects.toThrow(/BC-25 does not apply to this broker: no faults.timeoutAfterSend/);
  });

  it('disconnects and cleans up after a failing case', async () => {
    let cleaned = false;
    const harness = referenceHarness({ reference: new ReferenceBroker({ capabilities: { orderTypes: [] } }) });
    await expect(runConformanceCase('BC-01', { createBroker: () => ({ ...harness, cleanup: async () => { cleaned = true; } }) })).rejects.toBeInstanceOf(ConformanceFailure);
    expect(harness.broker.connected).toBe(false);
    expect(cleaned).toBe(true);
  });
});
