import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrokerDecorator, BrokerRegistry, ManualClock, parseOrderRequest, RiskLimitError, type Broker, type Order, type OrderRequestInput } from '@invest/broker-core';
import { simPlugin } from '@invest/broker-sim';
import { describe, expect, it } from 'vitest';
import { MultiBrokerManager, OrderJournal, type ReconcileOptions } from '../src/index.ts';
import { recordingLogger } from './recording-logger.ts';

const root = new URL('../../..', import.meta.url).pathname;
const child = new URL('./fixtures/crash-child.ts', import.meta.url).pathname;

function runChild(home: string, mode: string): Promise<NodeJS.Signals | null> {
  return new Promise((resolve) => {
    const p = execFile(process.execPath, ['--import', 'tsx', child, home, mode], { cwd: root });
    p.on('exit', (_code, signal) => resolve(signal));
  });
}

/** Counts orders sent; its lookups by client order id miss `misses` times before answering. */
class LaggingBroker extends BrokerDecorator {
  submitted = 0;
  lookups = 0;
  constructor(inner: Broker, private misses = 0) {
    super(inner);
  }
  override submitOrder(req: OrderRequestInput): Promise<Order> {
    this.submitted += 1;
    return this.inner.submitOrder(req);
  }
  override async findOrderByClientId(id: string): Promise<Order | undefined> {
    this.lookups += 1;
    if (this.misses > 0) {
      this.misses -= 1;
      return undefined;
    }
    return this.inner.findOrderByClientId(id);
  }
}

async function restart(home: string, options: ReconcileOptions & { misses?: number } = {}) {
  const sim = new BrokerRegistry().register(simPlugin).create(
    'sim',
    { session: 'always', prices: { kind: 'static', quotes: { AAPL: { bid: 99.9, ask: 100.1, last: 100 } } }, stateFile: join(home, 'a.json') },
    { name: 'a' },
  );
  const lagging = new LaggingBroker(sim, options.misses);
  const logger = recordingLogger();
  const journal = await OrderJournal.open(join(home, 'state.db'), { delayMs: 1, logger, ...options });
  const manager = new MultiBrokerManager({ journal, logger });
  manager.addBroker('a', lagging);
  return { sim, lagging, journal, manager, logger };
}

const kinds = (journal: OrderJournal) => journal.records().map((r) => ('kind' in r ? r.kind : r.type));

describe('order journal: a crash between send and answer loses nothing and duplicates nothing', () => {
  it('killed after the broker took the order: on restart it is found by client order id and not sent again', async () => {
    const home = await mkdtemp(join(tmpdir(), 'invest-journal-'));
    expect(await runChild(home, 'after-send')).toBe('SIGKILL');
    const { sim, lagging, journal, manager } = await restart(home);
    expect(journal.pending().map((i) => i.clientOrderId)).toEqual(['crash1']);
    await manager.connectAll(); // reconciles before anything else
    expect(await manager.reconcile()).toEqual([expect.objectContaining({ broker: 'a', clientOrderId: 'crash1', kind: 'found', lookups: 1 })]);
    expect(lagging.submitted).toBe(0);
    expect((await sim.listOrders()).map((o) => o.clientOrderId)).toEqual(['crash1']);
    expect(journal.pending()).toEqual([]);
    expect(journal.entries()).toEqual([expect.objectContaining({ clientOrderId: 'crash1', outcome: 'found', symbol: 'AAPL', side: 'buy', quantity: '3' })]);
    await manager.submitOrder('a', { symbol: 'AAPL', side: 'buy', quantity: 1 });
    expect(lagging.submitted).toBe(1);
  });

  it('a restart whose lookup misses twice before finding the order records it as found', async () => {
    const home = await mkdtemp(join(tmpdir(), 'invest-journal-'));
    expect(await runChild(home, 'after-send')).toBe('SIGKILL');
    const { lagging, journal, manager } = await restart(home, { misses: 2, settleMs: 0 });
    expect(await manager.reconcile()).toEqual([expect.objectContaining({ clientOrderId: 'crash1', kind: 'found', lookups: 3 })]);
    expect(lagging.lookups).toBe(3);
    expect(kinds(journal)).toEqual(['intent', 'found']);
  });

  it('killed before sending: not absent inside the settle window, however many lookups miss', async () => {
    const home = await mkdtemp(join(tmpdir(), 'invest-journal-'));
    expect(await runChild(home, 'before-send')).toBe('SIGKILL');
    const { lagging, journal, manager } = await restart(home); // default settle window: 60 s
    expect(await manager.reconcile()).toEqual([expect.objectContaining({ clientOrderId: 'crash1', kind: 'still_unknown', lookups: 5 })]);
    expect(lagging.lookups).toBe(5);
    expect(kinds(journal)).toEqual(['intent']);
    expect(journal.pending().map((i) => i.clientOrderId)).toEqual(['crash1']);
  });

  it('killed before sending: proved absent after the whole lookup budget once the settle window passed, and not sent', async () => {
    const home = await mkdtemp(join(tmpdir(), 'invest-journal-'));
    expect(await runChild(home, 'before-send')).toBe('SIGKILL');
    const { sim, lagging, journal, manager } = await restart(home, { settleMs: 0, lookups: 3 });
    await manager.connectAll();
    expect(await manager.reconcile()).toEqual([expect.objectContaining({ clientOrderId: 'crash1', kind: 'absent', lookups: 3 })]);
    expect(lagging.submitted).toBe(0);
    expect(await sim.listOrders()).toEqual([]);
    expect(journal.pending()).toEqual([]);
  });

  it('a later sighting of an order recorded absent wins, loudly: a warning and found_after_absent', async () => {
    const home = await mkdtemp(join(tmpdir(), 'invest-journal-'));
    expect(await runChild(home, 'before-send')).toBe('SIGKILL');
    const first = await restart(home, { settleMs: 0, lookups: 1 });
    expect(await first.manager.reconcile()).toEqual([expect.objectContaining({ kind: 'absent' })]);
    // The order reaches the broker after all (a request stuck in a proxy).
    await first.sim.connect();
    await first.sim.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 3, clientOrderId: 'crash1' });
    // Listing orders through the manager's broker is a sighting.
    await first.manager.get('a').listOrders();
    expect(first.logger.warnings).toEqual([expect.stringMatching(/recorded absent was found.*found_after_absent/)]);
    expect(kinds(first.journal)).toEqual(['intent', 'absent', 'found_after_absent']);
    expect(first.journal.entries()[0]).toMatchObject({ outcome: 'found_after_absent', orderId: expect.any(String) });
  });

  it('a later start looks a recent absent up once more and records found_after_absent', async () => {
    const home = await mkdtemp(join(tmpdir(), 'invest-journal-'));
    expect(await runChild(home, 'before-send')).toBe('SIGKILL');
    const first = await restart(home, { settleMs: 0, lookups: 1 });
    await first.manager.reconcile();
    await first.sim.connect();
    await first.sim.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 3, clientOrderId: 'crash1' });
    await first.sim.disconnect();
    const second = await restart(home, { settleMs: 0 });
    expect(await second.manager.reconcile()).toEqual([expect.objectContaining({ clientOrderId: 'crash1', kind: 'found_after_absent' })]);
    expect(second.logger.warnings).toContainEqual(expect.stringMatching(/recorded absent/));
    expect(kinds(second.journal)).toEqual(['intent', 'absent', 'found_after_absent']);
    expect(second.journal.entries()[0]!.outcome).toBe('found_after_absent');
  });

  it('never touches an intent whose owner is alive (this process), however old', async () => {
    const home = await mkdtemp(join(tmpdir(), 'invest-journal-'));
    const { journal, lagging } = await restart(home, { settleMs: 0 });
    await journal.recordIntent('a', { symbol: 'AAPL', side: 'buy', type: 'market', quantity: 1, clientOrderId: 'mine' } as never);
    const results = await journal.reconcile((b, id) => lagging.findOrderByClientId(id));
    expect(results).toEqual([expect.objectContaining({ clientOrderId: 'mine', kind: 'in_flight', lookups: 0 })]);
    expect(lagging.lookups).toBe(0);
    expect(kinds(journal)).toEqual(['intent']);
  });

  it('two reconciliations at once settle an orphan once (the first claims it)', async () => {
    const home = await mkdtemp(join(tmpdir(), 'invest-journal-'));
    expect(await runChild(home, 'after-send')).toBe('SIGKILL');
    const a = await restart(home, { misses: 1 });
    const b = await restart(home);
    const [ra, rb] = await Promise.all([a.manager.reconcile(), b.manager.reconcile()]);
    expect([...ra, ...rb].map((r) => r.kind).sort()).toEqual(['found', 'in_flight']);
    expect(kinds(a.journal)).toEqual(['intent', 'found']);
  });

  it('leaves intents of accounts the manager does not hold alone, pending or absent, and still sends new orders', async () => {
    const home = await mkdtemp(join(tmpdir(), 'invest-journal-'));
    const seed = await OrderJournal.open(join(home, 'state.db'), { settleMs: 0, lookups: 1 });
    await seed.recordIntent('elsewhere', { symbol: 'AAPL', side: 'buy', type: 'market', quantity: 1, clientOrderId: 'other-1' } as never);
    await seed.recordIntent('elsewhere', { symbol: 'AAPL', side: 'buy', type: 'market', quantity: 1, clientOrderId: 'other-2' } as never);
    await seed.recordFailure('elsewhere', 'other-1', new Error('lost'));
    await seed.reconcile(async () => undefined); // other-1 was released: absent
    const { manager, journal, lagging } = await restart(home, { settleMs: 0 });
    await manager.connectAll();
    expect(await manager.reconcile()).toEqual([]);
    expect(lagging.lookups).toBe(0);
    expect(journal.entries().map((e) => [e.clientOrderId, e.outcome])).toEqual([['other-1', 'absent'], ['other-2', 'pending']]);
    await expect(manager.submitOrder('a', { symbol: 'AAPL', side: 'buy', quantity: 1 })).resolves.toMatchObject({ status: 'filled' });
  });
});

describe('order journal: records read back in the order written', () => {
  it('keeps the written order when records share a millisecond', async () => {
    const home = await mkdtemp(join(tmpdir(), 'invest-journal-'));
    const journal = await OrderJournal.open(join(home, 'state.db'), { clock: new ManualClock(Date.UTC(2026, 11, 5)) });
    const request = (clientOrderId: string) => parseOrderRequest({ symbol: 'AAPL', side: 'buy', quantity: 1, clientOrderId });
    await journal.recordIntent('a', request('first'));
    await journal.recordFailure('a', 'first', new RiskLimitError('Risk limit max_position_size (a)', { broker: 'a', rule: 'max_position_size' }));
    await journal.recordIntent('a', request('second'));
    await journal.recordIntent('a', request('third'));
    const accepted = (clientOrderId: string) => ({ id: `o-${clientOrderId}`, clientOrderId, status: 'new' }) as Order;
    await journal.recordAccepted('a', accepted('third'));
    await journal.recordAccepted('a', accepted('second'));
    expect(journal.records().map((r) => `${'kind' in r ? r.kind : r.type} ${r.clientOrderId}`)).toEqual([
      'intent first', 'denied first', 'intent second', 'intent third', 'accepted third', 'accepted second',
    ]);
  });
});
