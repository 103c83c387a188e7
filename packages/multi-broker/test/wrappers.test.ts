import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BrokerDecorator, BrokerRegistry, OrderRequestSchema, RiskLimitError, UnknownOutcomeError, type Order, type OrderRequestInput,
} from '@invest/broker-core';
import { simPlugin } from '@invest/broker-sim';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { managerFromConfig, MultiBrokerManager, OrderJournal, parseInvestConfig, withJournal, withProtectiveStop, withRisk } from '../src/index.ts';
import { CountingBroker, NarrowedBroker, QUOTES, simAccount } from './sim-accounts.ts';

const buy = (quantity: number, symbol = 'AAPL'): OrderRequestInput => ({ symbol, side: 'buy', quantity });
const openJournal = async () => OrderJournal.open(join(await mkdtemp(join(tmpdir(), 'invest-wrappers-')), 'state.db'));

afterEach(() => vi.restoreAllMocks());

describe('withRisk', () => {
  it('refuses an order over a limit before anything is sent, and lets one within it through', async () => {
    const counting = new CountingBroker(simAccount('a'));
    const broker = withRisk(counting, { name: 'a', settings: { max_position_size: 0.01 } }); // 1,000 of 100,000
    await broker.connect();
    await expect(broker.submitOrder(buy(10))).rejects.toMatchObject({ rule: 'max_position_size', outcome: 'denied', message: expect.stringMatching(/^Risk limit max_position_size \(a\)/) });
    expect(counting.sent).toEqual([]);
    await expect(broker.submitOrder(buy(4))).resolves.toMatchObject({ status: 'filled' }); // 800.40
    expect(counting.sent).toHaveLength(1);
  });

  it('refuses a sell that would open a short where the broker allows no short selling', async () => {
    const counting = new CountingBroker(simAccount('a', { shortSelling: false }));
    const broker = withRisk(counting, { name: 'a', settings: {} });
    await broker.connect();
    await broker.submitOrder(buy(2));
    const err = await broker.submitOrder({ symbol: 'AAPL', side: 'sell', quantity: 3 }).catch((e) => e);
    expect(err).toBeInstanceOf(RiskLimitError);
    expect(err.message).toBe('Risk limit short_selling (a): selling 3 AAPL with 2 held would leave -1; a does not allow short selling');
    expect(counting.sent).toHaveLength(1);
    await expect(broker.submitOrder({ symbol: 'AAPL', side: 'sell', quantity: 2 })).resolves.toMatchObject({ status: 'filled' });
  });

  it('judges a distributed order against the global limits once, whole, not once per leg', async () => {
    const manager = new MultiBrokerManager({ risk: { max_daily_loss: 10_000 } });
    const accounts = [0, 1, 2].map((i) => new CountingBroker(simAccount(`s${i}`)));
    accounts.forEach((b, i) => manager.addBroker(`s${i}`, b));
    await manager.connectAll();
    const result = await manager.submitOrderDistributed(buy(30));
    expect(result.complete).toBe(true);
    // One global check reads every account once; no leg read its account again.
    expect(accounts.map((b) => b.accountReads)).toEqual([1, 1, 1]);
    await manager.submitOrder('s0', buy(1));
    expect(accounts.map((b) => b.accountReads)).toEqual([2, 2, 2]);
  });

  it('refuses a distributed order over a global limit whole, with no leg sent', async () => {
    const manager = new MultiBrokerManager({ risk: { max_position_size: 0.05 } }); // 15,000 of 300,000: 74 shares at 200.10
    const accounts = [0, 1, 2].map((i) => new CountingBroker(simAccount(`s${i}`)));
    accounts.forEach((b, i) => manager.addBroker(`s${i}`, b));
    await manager.connectAll();
    await expect(manager.submitOrderDistributed(buy(90))).rejects.toThrow(/^Risk limit max_position_size \(all brokers\)/);
    expect(accounts.map((b) => b.sent.length)).toEqual([0, 0, 0]);
  });
});

describe('withJournal', () => {
  it('writes the intent before the order is sent and the outcome after', async () => {
    const journal = await openJournal();
    let onDiskAtSend: unknown;
    class Peek extends BrokerDecorator {
      override submitOrder(req: OrderRequestInput): Promise<Order> {
        onDiskAtSend = journal.records().at(-1);
        return this.inner.submitOrder(req);
      }
    }
    const broker = withJournal(new Peek(simAccount('a')), { name: 'a', journal });
    await broker.connect();
    const order = await broker.submitOrder({ ...buy(2), clientOrderId: 'j1' });
    expect(onDiskAtSend).toMatchObject({ type: 'intent', broker: 'a', clientOrderId: 'j1', request: { symbol: 'AAPL', quantity: 2 } });
    expect(journal.records().map((r) => [r.type, r.clientOrderId, 'kind' in r ? r.kind : undefined])).toEqual([['intent', 'j1', undefined], ['outcome', 'j1', 'accepted']]);
    expect(journal.records()[1]).toMatchObject({ orderId: order.id, status: 'filled' });
    expect(journal.pending()).toEqual([]);
  });

  it('records an order refused by risk as denied, with nothing sent', async () => {
    const journal = await openJournal();
    const counting = new CountingBroker(simAccount('a'));
    const broker = withJournal(withRisk(counting, { name: 'a', settings: { min_cash_balance: 99_999 } }), { name: 'a', journal });
    await broker.connect();
    await expect(broker.submitOrder({ ...buy(1), clientOrderId: 'd1' })).rejects.toBeInstanceOf(RiskLimitError);
    expect(counting.sent).toEqual([]);
    expect(journal.records().map((r) => ('kind' in r ? r.kind : r.type))).toEqual(['intent', 'denied']);
    expect(journal.records()[1]).toMatchObject({ error: { code: 'RISK_LIMIT' } });
  });

  it('records an unknown outcome (even absent) as unknown and leaves it to reconciliation: no lookup of its own', async () => {
    class LostAnswer extends BrokerDecorator {
      override async submitOrder(req: OrderRequestInput): Promise<Order> {
        throw new UnknownOutcomeError('no answer; every lookup said no such order', { clientOrderId: (req as { clientOrderId: string }).clientOrderId, broker: 'sim', absent: true });
      }
    }
    const journal = await openJournal();
    const counting = new CountingBroker(new LostAnswer(simAccount('a')));
    const manager = new MultiBrokerManager({ journal });
    manager.addBroker('a', counting);
    await manager.connectAll();
    await expect(manager.submitOrder('a', { ...buy(1), clientOrderId: 'u1' })).rejects.toMatchObject({ code: 'UNKNOWN_OUTCOME', absent: true });
    expect(counting.sent).toHaveLength(1);
    expect(counting.lookups).toBe(0);
    expect(journal.records().map((r) => ('kind' in r ? r.kind : r.type))).toEqual(['intent', 'unknown']);
    expect(journal.pending().map((i) => i.clientOrderId)).toEqual(['u1']);
  });
});

describe('withProtectiveStop', () => {
  it('makes an order that adds risk an OTO with the stop leg where the broker takes one; a reduction is left alone', async () => {
    const counting = new CountingBroker(simAccount('a'));
    const broker = withProtectiveStop(counting, { name: 'a', stopLossPct: 0.05 });
    await broker.connect();
    expect(await broker.submitOrder(buy(10))).toMatchObject({ orderClass: 'oto' });
    expect(counting.sent[0]).toMatchObject({ orderClass: 'oto', stopLoss: { stopPrice: 190.1 } }); // 200.10 x 0.95 = 190.095 -> 190.10
    await broker.submitOrder(buy(5, 'MSFT'));
    await counting.cancelOrder((await counting.listOrders({ status: 'open' })).find((o) => o.symbol === 'MSFT')!.id); // frees the shares the stop holds
    expect(await broker.submitOrder({ symbol: 'MSFT', side: 'sell', quantity: 4 })).toMatchObject({ orderClass: 'simple', status: 'filled' });
    expect(counting.sent[2]).toMatchObject({ orderClass: 'simple' });
  });

  it('places the stop after the fill through the broker it wraps, never through the manager', async () => {
    const sim = simAccount('a');
    const inner = new CountingBroker(new NarrowedBroker(sim, { orderClasses: ['simple'] }));
    const outer = new CountingBroker(withProtectiveStop(inner, { name: 'a', stopLossPct: 0.05 }));
    const manager = new MultiBrokerManager();
    manager.addBroker('a', outer);
    await manager.connectAll();
    await manager.submitOrder('a', buy(10));
    await expect.poll(() => inner.sent.length).toBe(2);
    expect(inner.sent[1]).toMatchObject({ symbol: 'AAPL', side: 'sell', quantity: 10, type: 'stop', stopPrice: 190.1, timeInForce: 'gtc' });
    expect(outer.sent).toHaveLength(1); // the stop did not come back through the manager or the layers above
    expect(await sim.listOrders({ status: 'open' })).toEqual([expect.objectContaining({ side: 'sell', type: 'stop', stopPrice: 190.1, quantity: 10 })]);
  });

  it('uses the quote and position the risk layer above read for the same order: one read each per order', async () => {
    const counting = new CountingBroker(simAccount('a'));
    const broker = withRisk(withProtectiveStop(counting, { name: 'a', stopLossPct: 0.05 }), { name: 'a', settings: { max_position_size: 0.5 } });
    await broker.connect();
    expect(await broker.submitOrder(buy(10))).toMatchObject({ orderClass: 'oto' });
    expect(counting.sent[0]).toMatchObject({ orderClass: 'oto', stopLoss: { stopPrice: 190.1 } });
    expect([counting.quoteReads, counting.positionReads]).toEqual([1, 1]);
    // Without limits of its own the risk layer reads nothing, and the stop reads what it needs itself.
    const bare = new CountingBroker(simAccount('b'));
    const unlimited = withRisk(withProtectiveStop(bare, { name: 'b', stopLossPct: 0.05 }), { name: 'b', settings: {} });
    await unlimited.connect();
    await unlimited.submitOrder(buy(10));
    expect([bare.quoteReads, bare.positionReads]).toEqual([1, 1]);
  });

  it('logs a stop it could not place instead of losing the failure', async () => {
    class RefusesStops extends BrokerDecorator {
      override submitOrder(req: OrderRequestInput): Promise<Order> {
        if ((req as { type?: string }).type === 'stop') return Promise.reject(new Error('stops are closed today'));
        return this.inner.submitOrder(req);
      }
    }
    const errors: unknown[] = [];
    const logger = { error: (msg: string, fields: unknown) => errors.push([msg, fields]), warn() {}, info() {}, debug() {}, trace() {}, child() { return logger; } };
    const broker = withProtectiveStop(new RefusesStops(new NarrowedBroker(simAccount('a'), { orderClasses: ['simple'] })), { name: 'a', stopLossPct: 0.05, logger: logger });
    await broker.connect();
    await broker.submitOrder(buy(10));
    await expect.poll(() => errors).toEqual([['protective stop could not be placed', expect.objectContaining({ broker: 'a', symbol: 'AAPL', error: expect.objectContaining({ message: 'stops are closed today' }) })]]);
  });
});

describe('a distributed order', () => {
  it('runs the order schema exactly once for 3 legs, through risk, journal and validation', async () => {
    const journal = await openJournal();
    const manager = new MultiBrokerManager({ journal, risk: { max_daily_loss: 50_000 } });
    manager.addBroker('a', simAccount('a'), { risk: { max_position_size: 0.5 } });
    manager.addBroker('b', simAccount('b'));
    manager.addBroker('c', simAccount('c'));
    await manager.connectAll();
    const safeParse = vi.spyOn(OrderRequestSchema, 'safeParse');
    const result = await manager.submitOrderDistributed(buy(30));
    expect(result.legs.map((l) => [l.broker, l.status, l.quantity])).toEqual([['a', 'accepted', 10], ['b', 'accepted', 10], ['c', 'accepted', 10]]);
    expect(safeParse).toHaveBeenCalledTimes(1);
    expect(journal.records().filter((r) => r.type === 'intent')).toHaveLength(3);
  });
});

describe('managerFromConfig', () => {
  it('gives a third-party plugin risk, journal and the protective stop with no code of its own', async () => {
    const registry = new BrokerRegistry().register({ ...simPlugin, type: 'acme', displayName: 'Acme (a third party)' });
    const home = await mkdtemp(join(tmpdir(), 'invest-config-'));
    const config = parseInvestConfig({
      brokers: { acme: { type: 'acme', max_position_size: 0.01, stop_loss_pct: 0.05, session: 'always', prices: { kind: 'static', quotes: QUOTES }, stateFile: ':memory:' } },
    }, registry);
    const manager = await managerFromConfig({ registry, config, env: { INVEST_HOME: home } });
    await manager.connectAll();
    await expect(manager.submitOrder('acme', buy(10))).rejects.toThrow(/^Risk limit max_position_size \(acme\)/);
    expect(await manager.submitOrder('acme', buy(4))).toMatchObject({ orderClass: 'oto', status: 'filled' });
    const journal = await OrderJournal.open(join(home, 'state.db'));
    expect(journal.records().map((r) => ('kind' in r ? r.kind : r.type))).toEqual(['intent', 'denied', 'intent', 'accepted']);
    expect(manager.status()).toEqual([expect.objectContaining({ name: 'acme', risk: { max_position_size: 0.01, stop_loss_pct: 0.05 } })]);
  });
});
