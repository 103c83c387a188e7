import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readlinkSync, statSync } from 'node:fs';
import { mkdtemp, readFile, realpath } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrokerDecorator, type Order, type OrderRequestInput } from '@invest/broker-core';
import { BrokerRegistry } from '@invest/broker-core';
import { simPlugin } from '@invest/broker-sim';
import { describe, expect, it } from 'vitest';
import { MultiBrokerManager, OrderJournal } from '../src/index.ts';

const root = new URL('../../..', import.meta.url).pathname;
const child = new URL('./fixtures/crash-child.ts', import.meta.url).pathname;

function runChild(home: string, mode: string): Promise<NodeJS.Signals | null> {
  return new Promise((resolve) => {
    const p = execFile(process.execPath, ['--import', 'tsx', child, home, mode], { cwd: root });
    p.on('exit', (_code, signal) => resolve(signal));
  });
}

class CountingBroker extends BrokerDecorator {
  submitted = 0;
  override submitOrder(req: OrderRequestInput): Promise<Order> {
    this.submitted += 1;
    return this.inner.submitOrder(req);
  }
}

async function restart(home: string) {
  const sim = new BrokerRegistry().register(simPlugin).create(
    'sim',
    { session: 'always', prices: { kind: 'static', quotes: { AAPL: { bid: 99.9, ask: 100.1, last: 100 } } }, stateFile: join(home, 'a.json') },
    { name: 'a' },
  );
  const counting = new CountingBroker(sim);
  const journal = await OrderJournal.open(join(home, 'journal.jsonl'));
  const manager = new MultiBrokerManager({ journal });
  manager.addBroker('a', counting);
  return { sim, counting, journal, manager };
}

describe('order journal: a crash between send and answer loses nothing and duplicates nothing', () => {
  it('killed after the broker took the order: on restart it is found by client order id and not sent again', async () => {
    const home = await mkdtemp(join(tmpdir(), 'invest-journal-'));
    expect(await runChild(home, 'after-send')).toBe('SIGKILL');
    const { sim, counting, journal, manager } = await restart(home);
    expect(journal.pending().map((i) => i.clientOrderId)).toEqual(['crash1']);
    await manager.connectAll(); // reconciles before anything else
    const results = await manager.reconcile();
    expect(results).toEqual([expect.objectContaining({ broker: 'a', clientOrderId: 'crash1', kind: 'found' })]);
    expect(counting.submitted).toBe(0);
    expect((await sim.listOrders()).map((o) => o.clientOrderId)).toEqual(['crash1']);
    expect(journal.pending()).toEqual([]);
    // The journal on disk says so too, and new orders go through.
    expect(await readFile(join(home, 'journal.jsonl'), 'utf8')).toMatch(/"kind":"found"/);
    await manager.submitOrder('a', { symbol: 'AAPL', side: 'buy', quantity: 1 });
    expect(counting.submitted).toBe(1);
  });

  it('killed before sending: on restart the order is proved absent, recorded so, and not sent', async () => {
    const home = await mkdtemp(join(tmpdir(), 'invest-journal-'));
    expect(await runChild(home, 'before-send')).toBe('SIGKILL');
    const { sim, counting, journal, manager } = await restart(home);
    await manager.connectAll();
    expect(await manager.reconcile()).toEqual([expect.objectContaining({ clientOrderId: 'crash1', kind: 'absent' })]);
    expect(counting.submitted).toBe(0);
    expect(await sim.listOrders()).toEqual([]);
    expect(journal.pending()).toEqual([]);
  });

  it('skips a torn last line and keeps appending after it', async () => {
    const home = await mkdtemp(join(tmpdir(), 'invest-journal-'));
    const path = join(home, 'journal.jsonl');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(path, '{"type":"intent","at":"2026-11-25T00:00:00Z","broker":"a","clientOrderId":"x1","request":{}}\n{"type":"outc');
    const journal = await OrderJournal.open(path);
    expect(journal.skipped).toBe(1);
    expect(journal.pending().map((i) => i.clientOrderId)).toEqual(['x1']);
    await journal.recordFailure('a', 'x1', new Error('boom'));
    await journal.close();
    const reread = await OrderJournal.open(path);
    expect(reread.records).toHaveLength(2);
    expect(reread.skipped).toBe(1);
  });
});

describe('the journal file', () => {
  /** How many descriptors this process holds open on `path` (Linux: /proc/self/fd). */
  const openOn = (path: string): number =>
    readdirSync('/proc/self/fd').filter((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`) === path;
      } catch {
        return false;
      }
    }).length;

  it.runIf(existsSync('/proc/self/fd'))('records written at once open the file once, land in the order written, and close() leaves no handle behind', async () => {
    const dir = await realpath(await mkdtemp(join(tmpdir(), 'journal-handles-')));
    const path = join(dir, 'journal.jsonl');
    const journal = await OrderJournal.open(path);
    const ids = Array.from({ length: 20 }, (_, i) => `c${i}`);
    // Twenty legs of a distributed order journaled at the same moment.
    await Promise.all(ids.map((id) => journal.recordIntent('paper', { symbol: 'AAPL', side: 'buy', quantity: 1, clientOrderId: id } as never)));
    expect(openOn(path)).toBe(1);
    await journal.close();
    expect(openOn(path)).toBe(0);
    const lines = (await readFile(join(dir, 'journal.jsonl'), 'utf8')).trim().split('\n').map((l) => (JSON.parse(l) as { clientOrderId: string }).clientOrderId);
    expect(lines).toEqual(ids);
    // Written again after close: opened again, closed again.
    await journal.recordIntent('paper', { symbol: 'AAPL', side: 'buy', quantity: 1, clientOrderId: 'late' } as never);
    await journal.close();
    expect(openOn(path)).toBe(0);
  });
});

describe('the journal folder', () => {
  it('is created readable by its owner only (0700)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'journal-mode-'));
    const journal = await OrderJournal.open(join(dir, 'home', 'journal.jsonl'));
    await journal.close();
    expect(statSync(join(dir, 'home')).mode & 0o777).toBe(0o700);
  });
});
