import { LockedError, ManualClock, type Order } from '@invest/broker-core';
import { describe, expect, it, vi } from 'vitest';
import { MultiBrokerManager, OrderJournal, PortfolioHistory } from '../src/index.ts';
import { recordingLogger } from './recording-logger.ts';
import { simAccount } from './sim-accounts.ts';

const T0 = Date.parse('2026-12-01T15:00:00Z');

async function managerWithHistory(clock = new ManualClock(T0)) {
  const history = PortfolioHistory.open(':memory:', { clock });
  const journal = await OrderJournal.open(':memory:');
  const manager = new MultiBrokerManager({ history, journal });
  manager.addBroker('a', simAccount('a'));
  manager.addBroker('b', simAccount('b', { initialCash: 50_000.25 }));
  await manager.connectAll();
  return { manager, history, clock };
}

const figures = (rows: ReturnType<MultiBrokerManager['history']>['accounts']) => rows.map((r) => [r.broker, r.at, r.equity.toString(), r.cash.toString(), r.positionsValue.toString()]);

describe('portfolio history', () => {
  it('records each account on a consolidated read, and no row when nothing changed', async () => {
    const { manager, clock } = await managerWithHistory();
    await manager.getConsolidatedAccount();
    await clock.advance(60_000);
    await manager.getAccounts(); // same figures: nothing new
    expect(figures(manager.history().accounts)).toEqual([
      ['a', '2026-12-01T15:00:00.000Z', '100000', '100000', '0'],
      ['b', '2026-12-01T15:00:00.000Z', '50000.25', '50000.25', '0'],
    ]);
    await manager.submitOrder('a', { symbol: 'AAPL', side: 'buy', quantity: 10 });
    await clock.advance(60_000);
    await manager.getConsolidatedAccount();
    const rows = manager.history({ broker: 'a' }).accounts;
    expect(rows).toHaveLength(2);
    // Bought at the ask (200.1), valued at the quote: cash and positions value are exact decimals.
    expect(rows[1]).toMatchObject({ at: '2026-12-01T15:02:00.000Z' });
    expect(rows[1]!.cash.toString()).toBe('97999');
    expect(rows[1]!.equity.sub(rows[1]!.cash).eq(rows[1]!.positionsValue)).toBe(true);
  });

  it('filters by time (inclusive) and broker', async () => {
    const { manager, clock } = await managerWithHistory();
    await manager.getAccounts();
    await clock.advance(1000);
    await manager.submitOrder('b', { symbol: 'AAPL', side: 'buy', quantity: 1 });
    await manager.getAccounts();
    expect(figures(manager.history({ from: T0 + 1000 }).accounts).map((r) => r[0])).toEqual(['b']);
    expect(manager.history({ to: new Date(T0) }).accounts).toHaveLength(2);
    expect(manager.history({ from: '2026-12-01T15:00:00.500Z', broker: 'a' }).accounts).toEqual([]);
  });

  it('records the fills of orders the manager placed, from their answers, once each', async () => {
    const { manager } = await managerWithHistory();
    const order = await manager.submitOrder('a', { symbol: 'AAPL', side: 'buy', quantity: 10, clientOrderId: 'h1' });
    await manager.get('a').listOrders(); // seen again: nothing new
    const { fills } = manager.history({ broker: 'a' });
    expect(fills.map((f) => [f.orderId, f.clientOrderId, f.symbol, f.side, f.quantity.toString(), f.price.toString()])).toEqual([[order.id, 'h1', 'AAPL', 'buy', '10', '200.1']]);
  });

  it('does not record orders the manager did not place', async () => {
    const { manager } = await managerWithHistory();
    const other = simAccount('c');
    const m2 = new MultiBrokerManager({ history: PortfolioHistory.open(':memory:') });
    m2.addBroker('c', other);
    await m2.connectAll();
    await other.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 1 }); // straight to the broker
    await m2.get('c').listOrders();
    expect(m2.history().fills).toEqual([]);
    expect(manager.history().fills).toEqual([]);
  });

  it('splits cumulative fills into each fill, priced exactly from the change in average price', () => {
    const history = PortfolioHistory.open(':memory:');
    const base = { id: 'o1', clientOrderId: 'c1', symbol: 'MSFT', side: 'buy', type: 'limit', timeInForce: 'day', orderClass: 'simple', extendedHours: false, quantity: 10, createdAt: '2026-12-01T15:00:00Z' };
    const seen = (filledQuantity: number, averageFillPrice: number, at: string): Order => ({ ...base, status: 'partially_filled', filledQuantity, averageFillPrice, updatedAt: at } as Order);
    expect(history.recordOrders('a', [seen(3, 10, '2026-12-01T15:00:01Z')])).toBe(1);
    expect(history.recordOrders('a', [seen(3, 10, '2026-12-01T15:00:01Z')])).toBe(0);
    expect(history.recordOrders('a', [seen(5, 10.4, '2026-12-01T15:00:02Z')])).toBe(1);
    expect(history.history().fills.map((f) => [f.at, f.quantity.toString(), f.price.toString()])).toEqual([
      ['2026-12-01T15:00:01.000Z', '3', '10'],
      ['2026-12-01T15:00:02.000Z', '2', '11'],
    ]);
  });

  it('a database too busy to record fills never turns a placed order into an error: it is logged', async () => {
    const history = PortfolioHistory.open(':memory:');
    vi.spyOn(history, 'recordOrders').mockImplementation(() => {
      throw new LockedError('state.db is busy', { broker: 'invest' });
    });
    const logger = recordingLogger();
    const manager = new MultiBrokerManager({ history, logger });
    manager.addBroker('a', simAccount('a'));
    await manager.connectAll();
    await expect(manager.submitOrder('a', { symbol: 'AAPL', side: 'buy', quantity: 1 })).resolves.toMatchObject({ status: 'filled' });
    expect(logger.warnings).toContain('portfolio history: could not record fills');
  });

  it('a manager without history says so', () => {
    expect(() => new MultiBrokerManager().history()).toThrow(/keeps no portfolio history/);
  });
});
