import type { Capabilities } from '@invest/broker-core';
import type { ConformanceContext } from './context.ts';
import type { ConformanceEnvironment } from './options.ts';

/** Case ids, in order. */
export const CASE_IDS = [
  'BC-01', 'BC-02', 'BC-03', 'BC-04', 'BC-05', 'BC-06', 'BC-07', 'BC-08', 'BC-09', 'BC-10',
  'BC-11', 'BC-12', 'BC-13', 'BC-14', 'BC-15', 'BC-16', 'BC-17', 'BC-18', 'BC-19', 'BC-20',
  'BC-21', 'BC-22', 'BC-23', 'BC-24', 'BC-25', 'BC-26', 'BC-27',
] as const;

/** Id of a conformance case, `BC-01` ... `BC-27`. */
export type CaseId = (typeof CASE_IDS)[number];

/** Why a case does not apply to a broker, or undefined when it does. */
export type CaseRequirement = (capabilities: Capabilities, environment: ConformanceEnvironment) => string | undefined;

/**
 * One numbered conformance case, as data. `run` throws `ConformanceFailure` when the broker breaks
 * the contract; `requires` says why the case does not apply (from declared capabilities and the
 * harness's hooks), so it is skipped with that reason instead of run.
 */
export interface ConformanceCase {
  readonly id: CaseId;
  readonly title: string;
  readonly requires?: CaseRequirement;
  run(ctx: ConformanceContext): Promise<void>;
}
