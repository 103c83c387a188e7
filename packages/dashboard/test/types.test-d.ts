import type { MultiBrokerManager } from '@invest/multi-broker';
import { expectTypeOf, test } from 'vitest';
import { ObservedHistory, readSnapshot, startDashboard, type Dashboard, type HistoryRow, type HistorySource, type PortfolioSnapshot, type PortfolioSource } from '../src/index.ts';

test('public types', () => {
  // A manager is passed as it is: the dashboard asks for no more than its read side.
  expectTypeOf<MultiBrokerManager>().toExtend<PortfolioSource>();
  expectTypeOf<ObservedHistory>().toExtend<HistorySource>();
  expectTypeOf(startDashboard).returns.resolves.toEqualTypeOf<Dashboard>();
  expectTypeOf(readSnapshot).returns.resolves.toEqualTypeOf<PortfolioSnapshot>();
  // History amounts are exact decimal text, as the stored history gives them.
  expectTypeOf<HistoryRow['equity']>().toEqualTypeOf<string>();
  expectTypeOf<PortfolioSnapshot['accounts'][number]['state']>().toEqualTypeOf<'connected' | 'disconnected' | 'error'>();
});
