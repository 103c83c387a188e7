import type { BrokerAdapter, BrokerPlugin, ParsedOrderRequest } from '@invest/broker-core';
import { expectTypeOf, test } from 'vitest';
import { OrderDesk, SchwabBroker, schwabPlugin, toOrderJson, type OrderJsonBody, type OrderPreview, type SchwabConfig, type SchwabConfigInput } from '../src/index.ts';

test('public types', () => {
  expectTypeOf(schwabPlugin).toExtend<BrokerPlugin<SchwabConfig>>();
  expectTypeOf(schwabPlugin).toHaveProperty('create').returns.toEqualTypeOf<SchwabBroker>();
  expectTypeOf<SchwabBroker>().toExtend<BrokerAdapter>();
  expectTypeOf<SchwabBroker['previewOrder']>().parameters.toEqualTypeOf<[ParsedOrderRequest]>();
  expectTypeOf<SchwabBroker['previewOrder']>().returns.resolves.toEqualTypeOf<OrderPreview>();
  expectTypeOf(toOrderJson).returns.toEqualTypeOf<OrderJsonBody>();
  expectTypeOf<SchwabConfigInput['paper']>().toEqualTypeOf<boolean | undefined>();
  expectTypeOf<OrderDesk['submit']>().parameters.toEqualTypeOf<[ParsedOrderRequest]>();
});
