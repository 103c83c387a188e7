// Many accounts behave like many accounts: ids that repeat across accounts, and one account that
// cannot be reached, on simulation accounts (ids `ord-000001`... on each).
import { BrokerDecorator, ConnectionError, OrderNotFoundError, RiskLimitError } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { AmbiguousOrderIdError, MultiBrokerManager } from '../src/index.ts';
import { simAccount, UnreachableBroker } from './sim-accounts.ts';

/** Connects, but every read fails: the account answers nothing. */
class UnreadableBroker extends BrokerDecorator {
  override getAccount(): Promise<never> {
    return Promise.reject(new ConnectionError('read timed out', { broker: this.type }));
  }
  override getPosition(): Promise<never> {
    return Promise.reject(new ConnectionError('read timed out', { broker: this.type }));
  }
}

const legsOf = (r: { legs: { broker: string; status: string; quantity: number }[] }) => r.legs.map((l) => [l.broker, l.status, l.quantity]);

describe('an order id on several accounts', () => {
  async function twoWithOrders() {
    const manager = new MultiBrokerManager();
    manager.addBroker('paper-1', simAccount('paper-1'));
    manager.addBroker('paper-2', simAccount('paper-2'));
    await manager.connectAll();
    const limit = { symbol: 'AAPL', side: 'buy', quantity: 1, type: 'limit', limitPrice: 100, timeInForce: 'gtc' } as const;
    const a = await manager.submitOrder('paper-1', limit);
    const b = await manager.submitOrder('paper-2', limit);
    return { manager, a, b };
  }

  it('is refused without an account, naming both; with one it is found there', async () => {
    const { manager, a, b } = await twoWithOrders();
    expect(a.id).toBe(b.id); // the premise: simulation accounts number orders alike
    const refused = await manager.locateOrder(a.id).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AmbiguousOrderIdError);
    expect(refused).toMatchObject({ code: 'INVALID_ORDER', outcome: 'denied', brokers: ['paper-1', 'paper-2'] });
    expect((refused as Error).message).toMatch(/is on paper-1 and paper-2/);
    expect((refused as Error).message).not.toMatch(/\bsim\b/);
    expect(await manager.locateOrder(a.id, { broker: 'paper-2' })).toMatchObject({ broker: 'paper-2', order: { id: b.id } });
  });

  it('an id on one account only is found without naming it; an unknown id names the accounts searched', async () => {
    const { manager } = await twoWithOrders();
    await manager.submitOrder('paper-2', { symbol: 'AAPL', side: 'buy', quantity: 1, type: 'limit', limitPrice: 100, timeInForce: 'gtc' });
    expect(await manager.locateOrder('ord-000002')).toMatchObject({ broker: 'paper-2' });
    const missing = await manager.locateOrder('ord-999999').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(OrderNotFoundError);
    expect((missing as Error).message).toBe('No order "ord-999999" on paper-1, paper-2');
    const one = await manager.locateOrder('ord-999999', { broker: 'paper-1' }).catch((e: unknown) => e);
    expect((one as Error).message).toBe('No order "ord-999999" on paper-1');
  });

  it('found on one account while another cannot be searched is refused too', async () => {
    const manager = new MultiBrokerManager();
    manager.addBroker('paper-1', simAccount('paper-1'));
    manager.addBroker('down', new UnreachableBroker(simAccount('down')));
    await manager.connectAll();
    const order = await manager.submitOrder('paper-1', { symbol: 'AAPL', side: 'buy', quantity: 1, type: 'limit', limitPrice: 100, timeInForce: 'gtc' });
    const refused = await manager.locateOrder(order.id).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AmbiguousOrderIdError);
    expect((refused as Error).message).toMatch(/is on paper-1, but down \(.*\) could not be searched: pass --broker paper-1/);
  });
});

describe('a distributed order with an account that cannot be reached', () => {
  it('places the reachable legs; the missing leg keeps its share, not re-spread, with its reason', async () => {
    // Global limits read every account: the unreachable one is left out instead of stopping all.
    const manager = new MultiBrokerManager({ risk: { max_daily_loss: 5_000 } });
    manager.addBroker('a', simAccount('a'));
    manager.addBroker('down', new UnreachableBroker(simAccount('down')));
    manager.addBroker('c', simAccount('c'));
    await manager.connectAll();
    const result = await manager.submitOrderDistributed({ symbol: 'AAPL', side: 'buy', quantity: 31 });
    expect(legsOf(result)).toEqual([['a', 'accepted', 11], ['down', 'unreachable', 10], ['c', 'accepted', 10]]);
    expect(result.legs[1]).toEqual({ broker: 'down', status: 'unreachable', quantity: 10, respread: false, reason: 'down could not be reached: down: connection refused' });
    expect(result).toMatchObject({ acceptedQuantity: 21, complete: false });
    expect(manager.unreachable('down')).toBeInstanceOf(ConnectionError);
  });

  it('an account whose reads fail while its leg is judged is left out the same way', async () => {
    const manager = new MultiBrokerManager();
    manager.addBroker('a', simAccount('a'), { risk: { max_position_size: 0.5 } });
    manager.addBroker('slow', new UnreadableBroker(simAccount('slow')), { risk: { max_position_size: 0.5 } });
    await manager.connectAll();
    const result = await manager.submitOrderDistributed({ symbol: 'AAPL', side: 'buy', quantity: 10 });
    expect(legsOf(result)).toEqual([['a', 'accepted', 5], ['slow', 'unreachable', 5]]);
    expect(result.legs[1]).toMatchObject({ reason: 'slow could not be reached: read timed out' });
  });

  it('a risk refusal of a reachable leg still stops the whole order before anything is sent', async () => {
    const manager = new MultiBrokerManager();
    const a = simAccount('a');
    manager.addBroker('a', a, { risk: { max_position_size: 0.001 } });
    manager.addBroker('down', new UnreachableBroker(simAccount('down')));
    await manager.connectAll();
    await expect(manager.submitOrderDistributed({ symbol: 'AAPL', side: 'buy', quantity: 10 })).rejects.toBeInstanceOf(RiskLimitError);
    expect(await a.listOrders({ status: 'all' })).toEqual([]);
  });
});

describe('planRebalance on simulation accounts', () => {
  it('counts an open order toward the holdings it aims at: planning again after applying orders nothing twice', async () => {
    const manager = new MultiBrokerManager();
    manager.addBroker('a', simAccount('a'));
    manager.addBroker('b', simAccount('b'));
    await manager.connectAll();
    const targets = [{ symbol: 'AAPL', weight: 0.1 }];
    const plan = await manager.planRebalance(targets);
    expect(plan.trades).toEqual([expect.objectContaining({ broker: 'a', side: 'buy', quantity: 100 })]); // 10% of 200,000 at the mid, 200
    // The same trade resting (a limit far below the market), as a market order on a closed market would.
    await manager.submitOrder('a', { symbol: 'AAPL', side: 'buy', quantity: 100, type: 'limit', limitPrice: 1, timeInForce: 'gtc' });
    const again = await manager.planRebalance(targets);
    expect(again.trades).toEqual([]);
    expect(again.openOrders).toEqual([{ broker: 'a', symbol: 'AAPL', quantity: 100 }]);
  });
});
