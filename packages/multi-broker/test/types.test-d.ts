// Type tests: checked by tsc (the package's typecheck), not run. They pin the public types.
import type { Broker, Decimal, Position } from '@invest/broker-core';
import { expectTypeOf } from 'vitest';
import { withHistory, withJournal, withProtectiveStop, withRisk, type AccountSnapshot, type ConsolidatedPosition, type FillRecord, type MultiBrokerManager, type PortfolioHistoryRows } from '../src/index.ts';

// Risk, journal and the protective stop are Broker -> Broker wrappers.
expectTypeOf(withRisk).returns.toEqualTypeOf<Broker>();
expectTypeOf(withJournal).returns.toEqualTypeOf<Broker>();
expectTypeOf(withProtectiveStop).returns.toEqualTypeOf<Broker>();
expectTypeOf(withHistory).returns.toEqualTypeOf<Broker>();
expectTypeOf(withRisk).parameter(0).toEqualTypeOf<Broker>();
// Consolidation keeps each broker's own position beside the totals.
expectTypeOf<ConsolidatedPosition['breakdown']>().toEqualTypeOf<{ broker: string; position: Position }[]>();
expectTypeOf<MultiBrokerManager['submitOrder']>().returns.resolves.toExtend<{ clientOrderId: string }>();
// History rows carry exact decimals, never floats.
expectTypeOf<AccountSnapshot['equity']>().toEqualTypeOf<Decimal>();
expectTypeOf<AccountSnapshot['positionsValue']>().toEqualTypeOf<Decimal>();
expectTypeOf<FillRecord['price']>().toEqualTypeOf<Decimal>();
expectTypeOf<MultiBrokerManager['history']>().returns.toEqualTypeOf<PortfolioHistoryRows>();
