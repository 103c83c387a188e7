import { BrokerDecorator, ConnectionError, RiskLimitError, UnknownOutcomeError, type Order, type OrderRequestInput } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { MultiBrokerManager } from '../src/index.ts';
import { CountingBroker, NarrowedBroker, simAccount, UnreachableBroker } from './sim-accounts.ts';

async function managerWith(weights: number[], options: ConstructorParameters<typeof MultiBrokerManager>[0] = {}) {
  const manager = new MultiBrokerManager(options);
  const sims = weights.map((w, i) => {
    const sim = simAccount(`s${i}`);
    manager.addBroker(`s${i}`, sim, { weight: w });
    return sim;
  });
  await manager.connectAll();
  return { manager, sims };
}

const legsOf = (r: { legs: { broker: string; status: string; quantity: number }[] }) => r.legs.map((l) => [l.broker, l.status, l.quantity]);

describe('submitOrderDistributed on simulation accounts', () => {
  it('splits by weights that do not divide the quantity (largest remainder) and fills each leg', async () => {
    const { manager, sims } = await managerWith([3, 2, 1]);
    // exact shares 5, 3.33, 1.67: floors 5, 3, 1 and the one left over goes to the .67
    const result = await manager.submitOrderDistributed({ symbol: 'AAPL', side: 'buy', quantity: 10 });
    expect(legsOf(result)).toEqual([['s0', 'accepted', 5], ['s1', 'accepted', 3], ['s2', 'accepted', 2]]);
    expect(result).toMatchObject({ acceptedQuantity: 10, complete: true });
    const held = await Promise.all(sims.map(async (s) => (await s.getPosition('AAPL'))?.quantity));
    expect(held).toEqual([5, 3, 2]);
    // Every leg has its own client order id.
    const ids = result.legs.map((l) => (l as { order: Order }).order.clientOrderId);
    expect(new Set(ids).size).toBe(3);
  });

  it('skips a zero weight and a broker lacking the order type, and says why', async () => {
    const manager = new MultiBrokerManager();
    manager.addBroker('a', simAccount('a'));
    manager.addBroker('b', simAccount('b'), { weight: 0 });
    manager.addBroker('c', new NarrowedBroker(simAccount('c'), { orderTypes: ['market', 'limit'] }));
    manager.addBroker('d', simAccount('d'));
    await manager.connectAll();
    const result = await manager.submitOrderDistributed({ symbol: 'AAPL', side: 'buy', quantity: 5, type: 'stop', stopPrice: 250, timeInForce: 'gtc' });
    expect(result.legs).toEqual([
      expect.objectContaining({ broker: 'a', status: 'accepted', quantity: 3 }),
      { broker: 'b', status: 'skipped', quantity: 0, reason: 'weight is 0' },
      { broker: 'c', status: 'skipped', quantity: 0, reason: 'c: sim does not support stop orders' },
      expect.objectContaining({ broker: 'd', status: 'accepted', quantity: 2 }),
    ]);
  });

  it('across ten brokers the legs add up exactly and each is within one share of its exact share', async () => {
    const weights = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const { manager } = await managerWith(weights);
    const result = await manager.submitOrderDistributed({ symbol: 'MSFT', side: 'buy', quantity: 101 });
    const total = weights.reduce((a, b) => a + b, 0);
    expect(result.legs.reduce((s, l) => s + l.quantity, 0)).toBe(101);
    result.legs.forEach((l, i) => expect(Math.abs(l.quantity - (101 * weights[i]!) / total)).toBeLessThan(1));
    expect(result.complete).toBe(true);
  });

  it('reports a partial failure instead of hiding it', async () => {
    const manager = new MultiBrokerManager();
    manager.addBroker('ok', simAccount('ok'));
    manager.addBroker('poor', simAccount('poor', { initialCash: 1_000, accountType: 'cash' }));
    await manager.connectAll();
    const result = await manager.submitOrderDistributed({ symbol: 'AAPL', side: 'buy', quantity: 20 });
    expect(result.complete).toBe(false);
    expect(result.acceptedQuantity).toBe(10);
    expect(result.legs[1]).toMatchObject({ broker: 'poor', status: 'rejected', quantity: 10, error: { code: 'INSUFFICIENT_FUNDS' } });
  });

  it('checks every leg against risk before any leg is sent', async () => {
    const manager = new MultiBrokerManager();
    const a = simAccount('a');
    const b = simAccount('b');
    manager.addBroker('a', a);
    manager.addBroker('b', b, { risk: { max_position_size: 0.05 } }); // 5% of 100,000 = 5,000 = 24 shares
    await manager.connectAll();
    await expect(manager.submitOrderDistributed({ symbol: 'AAPL', side: 'buy', quantity: 60 })).rejects.toThrow(/Risk limit max_position_size \(b\)/);
    expect(await a.listOrders()).toEqual([]); // a's leg was fine, and still not sent
    expect(await b.listOrders()).toEqual([]);
  });
});

describe('consolidation on simulation accounts', () => {
  it('positions and totals are exact to the cent', async () => {
    const { manager } = await managerWith([1, 1, 1]);
    await manager.submitOrder('s0', { symbol: 'AAPL', side: 'buy', quantity: 7 });
    await manager.submitOrder('s1', { symbol: 'AAPL', side: 'buy', quantity: 3 });
    await manager.submitOrder('s2', { symbol: 'MSFT', side: 'buy', quantity: 0.3 });
    const { positions, errors } = await manager.getConsolidatedPositions();
    expect(errors).toEqual([]);
    expect(positions).toEqual([
      expect.objectContaining({ symbol: 'AAPL', quantity: 10, averageCost: 200.1, costBasis: 2001 }),
      expect.objectContaining({ symbol: 'MSFT', quantity: 0.3, averageCost: 300.2, costBasis: 90.06 }),
    ]);
    const { totals } = await manager.getConsolidatedAccount();
    // 300,000 - 10 x 200.10 - 0.3 x 300.20 = 300,000 - 2,001 - 90.06
    expect(totals).toEqual([expect.objectContaining({ currency: 'USD', cash: 297_908.94, brokers: ['s0', 's1', 's2'] })]);
  });

  it('one broker failing to connect does not stop the others', async () => {
    const manager = new MultiBrokerManager();
    manager.addBroker('up', simAccount('up'));
    manager.addBroker('down', new UnreachableBroker(simAccount('down')));
    manager.addBroker('up2', simAccount('up2'));
    const results = await manager.connectAll();
    expect(results.map((r) => [r.broker, r.ok])).toEqual([['up', true], ['down', false], ['up2', true]]);
    expect((results[1] as { error: Error }).error).toBeInstanceOf(ConnectionError);
    expect(manager.status().map((s) => [s.name, s.connected])).toEqual([['up', true], ['down', false], ['up2', true]]);
    const order = await manager.submitOrder('up2', { symbol: 'AAPL', side: 'buy', quantity: 1 });
    expect(order.status).toBe('filled');
  });
});

describe('risk engine on simulation accounts', () => {
  it('max_position_size names the rule and the numbers', async () => {
    const manager = new MultiBrokerManager();
    manager.addBroker('a', simAccount('a'), { risk: { max_position_size: 0.1 } });
    await manager.connectAll();
    // 49 bought at the ask (200.10) and marked at the last trade (200): portfolio value
    // 100,000 - 9,804.90 + 9,800.00 = 99,995.10, so 10% is 9,999.51.
    await manager.submitOrder('a', { symbol: 'AAPL', side: 'buy', quantity: 49 });
    const err = await manager.submitOrder('a', { symbol: 'AAPL', side: 'buy', quantity: 1 }).catch((e) => e);
    expect(err).toBeInstanceOf(RiskLimitError);
    expect(err.message).toMatch(/buy 1 AAPL at 200.1 would make the position 50 \(10,005.00 USD, 10.01% of portfolio value 99,995.10 USD\), above the limit of 10% \(9,999.51 USD\)/);
  });

  it('min_cash_balance and the global max_daily_loss across brokers', async () => {
    const manager = new MultiBrokerManager({ risk: { max_daily_loss: 500 } });
    const a = simAccount('a');
    manager.addBroker('a', a, { risk: { min_cash_balance: 90_000 } });
    manager.addBroker('b', simAccount('b'));
    await manager.connectAll();
    await expect(manager.submitOrder('a', { symbol: 'AAPL', side: 'buy', quantity: 50 })).rejects.toThrow(
      /Risk limit min_cash_balance \(a\): buying AAPL for about 10,005.00 USD would leave cash at 89,995.00 USD, below the minimum of 90,000.00 USD/,
    );
    await manager.submitOrder('a', { symbol: 'WIDE', side: 'buy', quantity: 60 }); // bought at 110, marked at 100: 600 lost
    const err = await manager.submitOrder('b', { symbol: 'MSFT', side: 'buy', quantity: 1 }).catch((e) => e);
    expect(err).toMatchObject({ rule: 'max_daily_loss', limit: 500 });
    expect(err.message).toMatch(/^Risk limit max_daily_loss \(all brokers\): the day's loss is 600.00 USD, at or above the limit of 500.00 USD/);
    // Reducing risk is still allowed.
    await expect(manager.submitOrder('a', { symbol: 'WIDE', side: 'sell', quantity: 10 })).resolves.toMatchObject({ status: 'filled' });
  });

  it('stop_loss_pct attaches a protective stop as an OTO leg where the broker takes one', async () => {
    const manager = new MultiBrokerManager();
    const sim = simAccount('a');
    manager.addBroker('a', sim, { risk: { stop_loss_pct: 0.05 } });
    await manager.connectAll();
    const order = await manager.submitOrder('a', { symbol: 'AAPL', side: 'buy', quantity: 10 });
    expect(order.orderClass).toBe('oto');
    const open = await sim.listOrders({ status: 'open' });
    expect(open).toEqual([expect.objectContaining({ side: 'sell', type: 'stop', stopPrice: 190.1, quantity: 10 })]); // 200.10 x 0.95 = 190.095 -> 190.10
  });

  it('stop_loss_pct places the stop after the fill where the broker has no OTO', async () => {
    const manager = new MultiBrokerManager();
    const sim = simAccount('a');
    manager.addBroker('a', new NarrowedBroker(sim, { orderClasses: ['simple'] }), { risk: { stop_loss_pct: 0.05 } });
    await manager.connectAll();
    await manager.submitOrder('a', { symbol: 'AAPL', side: 'buy', quantity: 10 });
    await expect.poll(() => sim.listOrders({ status: 'open' })).toEqual([expect.objectContaining({ side: 'sell', type: 'stop', stopPrice: 190.1 })]);
  });
});

describe('unknown outcomes', () => {
  /** Sends the order, then loses the answer (as an adapter whose lookups found nothing says it). */
  class LostAnswer extends BrokerDecorator {
    override async submitOrder(req: OrderRequestInput): Promise<Order> {
      await this.inner.submitOrder(req);
      throw new UnknownOutcomeError('timeout after send; not found by lookup', { clientOrderId: (req as { clientOrderId: string }).clientOrderId, broker: 'sim', absent: true });
    }
  }

  it('are reported as unknown, never sent again and never looked up again by the manager', async () => {
    const sim = simAccount('a');
    const counting = new CountingBroker(new LostAnswer(sim));
    const manager = new MultiBrokerManager();
    manager.addBroker('a', counting);
    await manager.connectAll();
    const err = await manager.submitOrder('a', { symbol: 'AAPL', side: 'buy', quantity: 3, clientOrderId: 'lost1' }).catch((e) => e);
    expect(err).toBeInstanceOf(UnknownOutcomeError);
    expect(counting.sent).toHaveLength(1);
    expect(counting.lookups).toBe(0); // the adapter's submitWithRecovery did the lookups, once
    expect((await sim.listOrders()).filter((o) => o.clientOrderId === 'lost1')).toHaveLength(1);
  });

  it('a distributed leg whose answer is lost is reported unknown with its client order id', async () => {
    const manager = new MultiBrokerManager();
    manager.addBroker('ok', simAccount('ok'));
    manager.addBroker('lossy', new LostAnswer(simAccount('lossy')));
    await manager.connectAll();
    const result = await manager.submitOrderDistributed({ symbol: 'AAPL', side: 'buy', quantity: 4 });
    expect(result.complete).toBe(false);
    expect(result.legs[1]).toMatchObject({ broker: 'lossy', status: 'unknown', quantity: 2, clientOrderId: expect.any(String) });
  });
});
