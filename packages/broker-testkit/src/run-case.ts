import { CapabilitiesSchema } from '@invest/broker-core';
import type { CaseId, ConformanceCase } from './case.ts';
import { caseById } from './cases/catalog.ts';
import { createConformanceContext, type ConformanceContext } from './context.ts';
import type { ConformanceEnvironment, ConformanceHarness, ConformanceOptions } from './options.ts';
import { BASE_PRICE } from './prices.ts';

/** Everything `brokerConformanceSuite` takes except the suite's name and skips. */
export type RunCaseOptions<H extends ConformanceHarness = ConformanceHarness> = Omit<ConformanceOptions<H>, 'name' | 'skips'>;

/**
 * The environment a harness and the options offer, as case requirements read it.
 *
 * @example
 * ```ts
 * environmentOf({ broker }, {}) // { market: false, faults: { timeoutAfterSend: false } }
 * ```
 */
export function environmentOf(harness: ConformanceHarness, options: Pick<ConformanceOptions<never>, 'faults'>): ConformanceEnvironment {
  return { market: harness.market !== undefined, faults: { timeoutAfterSend: options.faults?.timeoutAfterSend !== undefined } };
}

/**
 * Runs one case against a fresh harness: connect, move a controlled market to the base price,
 * run the case, check every event it produced, then disconnect and clean up whatever happened.
 * Rejects with `ConformanceFailure` when the broker breaks the contract (or with the broker's own
 * error when it threw one the case did not expect); a case that does not apply to the broker's
 * capabilities is an `Error` rather than a silent pass.
 *
 * @example
 * ```ts
 * await runConformanceCase('BC-08', { createBroker: () => ({ broker: myBroker() }) })
 * ```
 */
export async function runConformanceCase<H extends ConformanceHarness>(testCase: ConformanceCase | CaseId, options: RunCaseOptions<H>): Promise<void> {
  const c = typeof testCase === 'string' ? caseById(testCase) : testCase;
  const harness = await options.createBroker();
  let failure: { error: unknown } | undefined;
  let ctx: ConformanceContext | undefined;
  try {
    const caps = CapabilitiesSchema.safeParse(harness.broker.capabilities);
    const reason = caps.success ? c.requires?.(caps.data, environmentOf(harness, options)) : undefined;
    if (reason !== undefined) throw new Error(`${c.id} does not apply to this broker: ${reason}`);
    ctx = createConformanceContext(harness, {
      caseId: c.id, faults: options.faults, symbol: options.symbol, timeoutMs: options.timeoutMs, unknownOrderId: options.unknownOrderId,
    });
    await ctx.broker.connect();
    if (harness.market) await ctx.setPrice(BASE_PRICE);
    await c.run(ctx);
    ctx.assertEventsLegal();
  } catch (error) {
    failure = { error };
  }
  ctx?.dispose();
  try {
    if (harness.broker.connected) await harness.broker.disconnect();
  } catch (error) {
    failure ??= { error };
  } finally {
    try {
      await harness.cleanup?.();
    } catch (error) {
      // The first failure is the one worth reading; a cleanup that also failed is secondary.
      failure ??= { error };
    }
  }
  if (failure) throw failure.error;
}
