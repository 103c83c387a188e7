import { describe, it } from 'vitest';
import { planConformance, assertSkips } from './plan.ts';
import type { ConformanceHarness, ConformanceOptions } from './options.ts';
import { environmentOf, runConformanceCase } from './run-case.ts';

/**
 * Registers the conformance suite with vitest: one `describe(name)` holding one test per case,
 * `BC-01 ...` to `BC-27 ...`. Cases the broker's declared capabilities (or the harness's hooks)
 * rule out, and cases listed in `skips`, appear as skipped tests whose title gives the reason.
 * Each case gets a fresh harness from `createBroker`.
 *
 * @example
 * ```ts
 * import { brokerConformanceSuite } from '@invest/broker-testkit'
 *
 * brokerConformanceSuite({
 *   name: 'my-broker',
 *   createBroker: () => ({ broker: registry.create('my-broker', { apiKey: 'test' }) }),
 *   skips: { 'BC-26': 'the mock server keeps no state across connections' },
 * })
 * ```
 */
export function brokerConformanceSuite<H extends ConformanceHarness>(options: ConformanceOptions<H>): void {
  assertSkips(options.skips);
  const timeout = Math.max(30_000, (options.timeoutMs ?? 5000) * 12);
  describe(options.name, async () => {
    // Capabilities decide which cases apply, and vitest needs the test list now: read them from
    // one harness that is built, never connected, and cleaned up.
    const probe = await options.createBroker();
    let capabilities: unknown;
    try {
      capabilities = probe.broker.capabilities;
    } finally {
      await probe.cleanup?.();
    }
    for (const planned of planConformance(capabilities, environmentOf(probe, options), options.skips)) {
      const title = `${planned.case.id} ${planned.case.title}`;
      if (planned.status === 'run') {
        it(title, () => runConformanceCase(planned.case, options), timeout);
      } else {
        it.skip(`${title} [${planned.status === 'skipped' ? 'skipped' : 'not applicable'}: ${planned.reason}]`, () => {});
      }
    }
  });
}
