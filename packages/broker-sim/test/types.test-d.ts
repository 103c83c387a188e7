// Type tests: checked by tsc (the package's typecheck), not run.
import type { Broker, BrokerPlugin } from '@invest/broker-core';
import { expectTypeOf } from 'vitest';
import { createSimBroker, simPlugin, type PriceSource, type SimBroker, type SimConfig, type SimConfigInput, type SimQuote } from '../src/index.ts';

// The simulator is a Broker, and its plugin creates SimConfig accounts.
expectTypeOf<SimBroker>().toMatchTypeOf<Broker>();
expectTypeOf(simPlugin).toEqualTypeOf<BrokerPlugin<SimConfig>>();

// Every setting is optional on input and present (defaults applied) on output.
expectTypeOf<{}>().toMatchTypeOf<SimConfigInput>();
expectTypeOf<SimConfig['initialCash']>().toEqualTypeOf<number>();
expectTypeOf<SimConfig['commission']>().toEqualTypeOf<{ perShare: number; perOrder: number; minimum: number }>();
expectTypeOf<SimConfig['stateFile']>().toEqualTypeOf<string | undefined>();

// A price source may answer synchronously or not; quotes carry epoch-ms times.
expectTypeOf<ReturnType<PriceSource['quote']>>().toEqualTypeOf<SimQuote | undefined | Promise<SimQuote | undefined>>();
expectTypeOf<SimQuote['time']>().toEqualTypeOf<number>();

// @ts-expect-error accountType is cash or margin
createSimBroker({ accountType: 'portfolio' });
// @ts-expect-error prices need a kind
createSimBroker({ prices: { quotes: {} } });
