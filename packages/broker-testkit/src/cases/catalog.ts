import type { CaseId, ConformanceCase } from '../case.ts';
import { accountAndDataCases } from './account-and-data.ts';
import { eventCases } from './events.ts';
import { linkedOrderCases } from './linked-orders.ts';
import { lookupCases } from './lookup.ts';
import { marketOrderCases } from './market-orders.ts';
import { reconnectCases } from './reconnect.ts';
import { refusalCases } from './refusals.ts';
import { restingOrderCases } from './resting-orders.ts';
import { triggerCases } from './triggers.ts';
import { trustedInputCases } from './trusted-input.ts';
import { unknownOutcomeCases } from './unknown-outcome.ts';

/** Every conformance case, in id order. Data: run one with `runConformanceCase`, or read the list. */
export const CONFORMANCE_CASES: readonly ConformanceCase[] = Object.freeze(
  [
    ...accountAndDataCases, ...marketOrderCases, ...restingOrderCases, ...triggerCases, ...linkedOrderCases,
    ...lookupCases, ...refusalCases, ...eventCases, ...unknownOutcomeCases, ...reconnectCases, ...trustedInputCases,
  ].sort((a, b) => a.id.localeCompare(b.id)),
);

/**
 * The case with this id.
 *
 * @example
 * ```ts
 * caseById('BC-08').title // 'limit rests and cancels: ...'
 * ```
 */
export function caseById(id: CaseId): ConformanceCase {
  const found = CONFORMANCE_CASES.find((c) => c.id === id);
  if (!found) throw new Error(`no conformance case ${id}`);
  return found;
}
