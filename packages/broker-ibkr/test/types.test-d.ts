import type { BrokerAdapter, BrokerPlugin } from '@invest/broker-core';
import { expectTypeOf, test } from 'vitest';
import { IbkrBroker, ibkrPlugin, type IbkrConfig, type IbkrConfigInput } from '../src/index.ts';

test('public types', () => {
  expectTypeOf(ibkrPlugin).toExtend<BrokerPlugin<IbkrConfig>>();
  expectTypeOf(ibkrPlugin).toHaveProperty('create').returns.toEqualTypeOf<IbkrBroker>();
  expectTypeOf<IbkrBroker>().toExtend<BrokerAdapter>();
  expectTypeOf<IbkrConfig['paper']>().toEqualTypeOf<boolean>();
  expectTypeOf<IbkrConfig['port']>().toEqualTypeOf<number | undefined>();
  expectTypeOf<IbkrConfigInput['clientId']>().toEqualTypeOf<number | undefined>();
});
