// Type tests: checked by tsc (the package's typecheck), not run.
import type { Broker, BrokerAdapter, BrokerPlugin } from '@invest/broker-core';
import { expectTypeOf } from 'vitest';
import { createSimBroker, simPlugin, type PriceSource, type SimAccount, type SimBroker, type SimConfig, type SimConfigInput, type SimQuote } from '../src/index.ts';

// What callers get is a Broker; the class behind it is an adapter (trusted input); the plugin
// creates SimConfig accounts.
expectTypeOf<SimAccount>().toMatchTypeOf<Broker>();
expectTypeOf<SimBroker>().toMatchTypeOf<BrokerAdapter>();
expectTypeOf(simPlugin).toEqualTypeOf<BrokerPlugin<SimConfig>>();

// Every setting is optional on input and present (defaults applied) on output.
expectTypeOf({}).toMatchTypeOf<SimConfigInput>();
expectTypeOf<SimConfig['initialCash']>().toEqualTypeOf<number>();
expectTypeOf<SimConfig['commission']>().toEqualTypeOf<{ perShare: number; perOrder: number; minimum: number }>();
expectTypeOf<SimConfig['stateFile']>().toEqualTypeOf<string | undefined>();
expectTypeOf<SimConfig['stateSync']>().toEqualTypeOf<'full' | 'normal'>();

// A price source may answer synchronously or not; quotes carry epoch-ms times.
expectTypeOf<ReturnType<PriceSource['quote']>>().toEqualTypeOf<SimQuote | undefined | Promise<SimQuote | undefined>>();
expectTypeOf<SimQuote['time']>().toEqualTypeOf<number>();

// @ts-expect-error accountType is cash or margin
createSimBroker({ accountType: 'portfolio' });
// @ts-expect-error prices need a kind
createSimBroker({ prices: { quotes: {} } });
