import type { BrokerAdapter, BrokerPlugin, ParsedOrderRequest } from '@invest/broker-core';
import { expectTypeOf, test } from 'vitest';
import { EtradeBroker, etradePlugin, type EtradeConfig, type EtradePreview } from '../src/index.ts';

test('the plugin and the adapter have core shapes', () => {
  expectTypeOf(etradePlugin).toExtend<BrokerPlugin<EtradeConfig>>();
  expectTypeOf<EtradeBroker>().toExtend<BrokerAdapter>();
  expectTypeOf<EtradeBroker['previewOrder']>().parameters.toEqualTypeOf<[ParsedOrderRequest]>();
  expectTypeOf<ReturnType<EtradeBroker['previewOrder']>>().toEqualTypeOf<Promise<EtradePreview>>();
});
