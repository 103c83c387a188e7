// Type tests: checked by tsc (the package's typecheck), not run.
import type { Broker } from '@invest/broker-core';
import { expectTypeOf } from 'vitest';
import { brokerConformanceSuite, type CaseId, type ConformanceHarness, type ConformanceOptions } from '../src/index.ts';

declare const broker: Broker;
interface MockHarness extends ConformanceHarness {
  server: { dropNextAnswer(): void };
}

// Fault hooks receive the harness type createBroker returns.
brokerConformanceSuite({
  name: 'typed',
  createBroker: (): MockHarness => ({ broker, server: { dropNextAnswer() {} } }),
  faults: { timeoutAfterSend: (h) => h.server.dropNextAnswer() },
});

// Skips are keyed by case id, and a reason is a string.
// @ts-expect-error BC-99 is not a case
const badSkip: ConformanceOptions['skips'] = { 'BC-99': 'no such case' };
// @ts-expect-error the reason must be a string
const noReason: ConformanceOptions['skips'] = { 'BC-01': true };
expectTypeOf<CaseId>().toEqualTypeOf<`BC-${'01' | '02' | '03' | '04' | '05' | '06' | '07' | '08' | '09' | '10' | '11' | '12' | '13' | '14' | '15' | '16' | '17' | '18' | '19' | '20' | '21' | '22' | '23' | '24' | '25' | '26' | '27'}`>();
void badSkip;
void noReason;
