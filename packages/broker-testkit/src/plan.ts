import { CapabilitiesSchema } from '@invest/broker-core';
import { CASE_IDS, type CaseId, type ConformanceCase } from './case.ts';
import { CONFORMANCE_CASES } from './cases/catalog.ts';
import type { ConformanceEnvironment } from './options.ts';

/** What the suite will do with one case for one broker. */
export type PlannedCase =
  | { case: ConformanceCase; status: 'run' }
  | { case: ConformanceCase; status: 'skipped' | 'not-applicable'; reason: string };

/**
 * Throws a `TypeError` unless every key of `skips` is a case id and every reason is a non-empty
 * string: a skip without a reason, or for a case that does not exist, is a mistake to surface.
 *
 * @example
 * ```ts
 * assertSkips({ 'BC-25': 'the mock server cannot drop an answer' })
 * ```
 */
export function assertSkips(skips: unknown): asserts skips is Partial<Record<CaseId, string>> | undefined {
  if (skips === undefined) return;
  if (typeof skips !== 'object' || skips === null || Array.isArray(skips)) throw new TypeError('skips must be an object of case id -> reason');
  for (const [id, reason] of Object.entries(skips)) {
    if (!(CASE_IDS as readonly string[]).includes(id)) throw new TypeError(`skips.${id}: no such case (ids are ${CASE_IDS[0]} to ${CASE_IDS.at(-1)})`);
    if (typeof reason !== 'string' || reason.trim() === '') throw new TypeError(`skips.${id}: a skip needs its reason`);
  }
}

/**
 * Decides, for a broker's declared capabilities and the harness's hooks, which cases run, which
 * the caller skipped (with their reason) and which do not apply (with the reason the case gives).
 * Capabilities that fail their schema leave only BC-01 to run, which then says why.
 *
 * @example
 * ```ts
 * planConformance(broker.capabilities, { market: false, faults: { timeoutAfterSend: false } })
 *   .filter((p) => p.status !== 'run').map((p) => `${p.case.id}: ${p.reason}`)
 * ```
 */
export function planConformance(capabilities: unknown, environment: ConformanceEnvironment, skips?: Partial<Record<CaseId, string>>): PlannedCase[] {
  assertSkips(skips);
  const parsed = CapabilitiesSchema.safeParse(capabilities);
  return CONFORMANCE_CASES.map((c): PlannedCase => {
    const skip = skips?.[c.id];
    if (skip !== undefined) return { case: c, status: 'skipped', reason: skip.trim() };
    if (!parsed.success) {
      return c.id === 'BC-01' ? { case: c, status: 'run' } : { case: c, status: 'not-applicable', reason: 'capabilities are not schema-valid (BC-01 says why)' };
    }
    const reason = c.requires?.(parsed.data, environment);
    return reason === undefined ? { case: c, status: 'run' } : { case: c, status: 'not-applicable', reason };
  });
}
