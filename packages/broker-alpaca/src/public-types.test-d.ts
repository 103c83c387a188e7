import type { Broker, BrokerPlugin } from '@invest/broker-core';
import { expectTypeOf, test } from 'vitest';
import { AlpacaBroker, alpacaPlugin, type AlpacaConfig, type AlpacaConfigInput } from './index.ts';

test('public types', () => {
  expectTypeOf(alpacaPlugin).toEqualTypeOf<BrokerPlugin<AlpacaConfig>>();
  expectTypeOf<AlpacaBroker>().toMatchTypeOf<Broker>();
  expectTypeOf<AlpacaConfig['paper']>().toEqualTypeOf<boolean>();
  expectTypeOf<AlpacaConfigInput['paper']>().toEqualTypeOf<boolean | undefined>();
  expectTypeOf<AlpacaConfig['feed']>().toEqualTypeOf<'iex' | 'sip' | 'delayed_sip' | 'boats' | 'overnight' | 'otc'>();
});
