export { brokerConformanceSuite } from './suite.ts';
export { runConformanceCase } from './run-case.ts';
export type { RunCaseOptions } from './run-case.ts';
export { CONFORMANCE_CASES, caseById } from './cases/catalog.ts';
export { CASE_IDS } from './case.ts';
export type { CaseId, CaseRequirement, ConformanceCase } from './case.ts';
export { assertSkips, planConformance } from './plan.ts';
export type { PlannedCase } from './plan.ts';
export { ConformanceContext, createConformanceContext, RESTING } from './context.ts';
export type { ContextOptions } from './context.ts';
export type {
  ConformanceEnvironment,
  ConformanceFaults,
  ConformanceHarness,
  ConformanceOptions,
  MarketControl,
  QuoteUpdate,
} from './options.ts';
export { check, ConformanceFailure, describeError, fail } from './failure.ts';
export { expectBrokerError } from './expect-error.ts';
export {
  expectValidAccount,
  expectValidCapabilities,
  expectValidFill,
  expectValidOrder,
  expectValidPosition,
  expectValidQuote,
} from './validators.ts';
export { orderEventProblems, snapshotProblem } from './event-check.ts';
export type { OrderEventView } from './event-check.ts';
export { EventRecorder } from './event-recorder.ts';
export { ObservedBroker } from './observed-broker.ts';
export type { BrokerMethod } from './observed-broker.ts';
export { pollUntil } from './waiting.ts';
export type { PollOptions } from './waiting.ts';
export { invalidRequests, missingFeatures } from './cases/refusals.ts';
export type { Feature, InvalidRequest } from './cases/refusals.ts';
