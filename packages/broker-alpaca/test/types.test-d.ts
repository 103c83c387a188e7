import type { BrokerAdapter, BrokerPlugin } from '@invest/broker-core';
import { expectTypeOf, test } from 'vitest';
import { AlpacaBroker, alpacaPlugin, type AlpacaConfig, type AlpacaConfigInput } from '../src/index.ts';

test('public types', () => {
  expectTypeOf(alpacaPlugin).toExtend<BrokerPlugin<AlpacaConfig>>();
  expectTypeOf(alpacaPlugin).toHaveProperty('create').returns.toEqualTypeOf<AlpacaBroker>();
  expectTypeOf<AlpacaBroker>().toExtend<BrokerAdapter>();
  expectTypeOf<AlpacaConfig['paper']>().toEqualTypeOf<boolean>();
  expectTypeOf<AlpacaConfigInput['paper']>().toEqualTypeOf<boolean | undefined>();
  expectTypeOf<AlpacaConfig['feed']>().toEqualTypeOf<'iex' | 'sip' | 'delayed_sip' | 'boats' | 'overnight' | 'otc'>();
});
