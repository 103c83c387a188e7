import type { BrokerAdapter, BrokerPlugin } from '@invest/broker-core';
import { expectTypeOf, test } from 'vitest';
import { TdBroker, tdPlugin, type TdConfig, type TdConfigInput } from '../src/index.ts';

test('public types', () => {
  expectTypeOf(tdPlugin).toExtend<BrokerPlugin<TdConfig>>();
  expectTypeOf(tdPlugin).toHaveProperty('create').returns.toEqualTypeOf<TdBroker>();
  expectTypeOf<TdBroker>().toExtend<BrokerAdapter>();
  expectTypeOf<TdConfigInput['refreshToken']>().toEqualTypeOf<string | undefined>();
});
