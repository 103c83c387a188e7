import { describe, expect, it } from 'vitest';
import { threeAccounts } from '../../test/support/accounts.ts';
import type { PortfolioSnapshot } from '../model/snapshot.ts';
import { LiveFeed } from './live-feed.ts';

const until = async (check: () => boolean, ms = 2_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('LiveFeed', () => {
  it('tells listeners of a change at once on a broker event, and not of a read that changed nothing', async () => {
    const { manager } = await threeAccounts();
    const feed = new LiveFeed(manager, { pollMs: 60_000 });
    const seen: PortfolioSnapshot[] = [];
    feed.subscribe((s) => seen.push(s));
    await feed.current();
    feed.start();
    expect(seen).toHaveLength(1);
    await feed.refresh();
    expect(seen).toHaveLength(1); // same figures: nothing sent
    await manager.submitOrder('paper-a', { symbol: 'MSFT', side: 'buy', quantity: 1 });
    await until(() => seen.length === 2);
    expect(seen[1]!.positions.find((p) => p.symbol === 'MSFT')!.quantity).toBe(4.5);
    feed.stop();
    await manager.disconnectAll();
  });

  it('tells listeners of a disconnect and of the reconnect at once, from the brokers\' events', async () => {
    const { manager } = await threeAccounts();
    const feed = new LiveFeed(manager, { pollMs: 60_000, reconnectMs: 60_000 });
    const states: string[] = [];
    feed.subscribe((s) => states.push(s.accounts.find((a) => a.name === 'paper-b')!.state));
    await feed.current();
    feed.start();
    const started = Date.now();
    await manager.get('paper-b').disconnect();
    await until(() => states.at(-1) === 'disconnected', 1_000);
    await manager.get('paper-b').connect();
    await until(() => states.at(-1) === 'connected', 1_000);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(states).toEqual(['connected', 'disconnected', 'connected']);
    feed.stop();
    await manager.disconnectAll();
  });

  it('polls for changes no event announces (another process), and never runs two reads at once', async () => {
    const { manager } = await threeAccounts();
    let reading = 0;
    let overlap = false;
    let reads = 0;
    const { readSnapshot } = await import('../model/read-snapshot.ts');
    const feed = new LiveFeed(manager, {
      pollMs: 20,
      read: async (source) => {
        reading++;
        overlap ||= reading > 1;
        reads++;
        try {
          return await readSnapshot(source);
        } finally {
          reading--;
        }
      },
    });
    feed.start();
    await Promise.all([feed.refresh(), feed.refresh(), feed.refresh()]);
    await until(() => reads >= 5);
    feed.stop();
    expect(overlap).toBe(false);
    await manager.disconnectAll();
  });

  it('asks an account that is down to connect again, and shows it connected once it answers', async () => {
    const { manager, line } = await threeAccounts();
    const feed = new LiveFeed(manager, { pollMs: 20, reconnectMs: 50 });
    const states: string[] = [];
    feed.subscribe((s) => states.push(s.accounts.find((a) => a.name === 'paper-down')!.state));
    await feed.current();
    feed.start();
    await new Promise((r) => setTimeout(r, 120));
    expect(states).toEqual(['error']);
    line.up = true;
    await until(() => states.at(-1) === 'connected');
    const s = await feed.current();
    expect(s.accounts.find((a) => a.name === 'paper-down')!.balances?.equity).toBe(10_000);
    feed.stop();
    await manager.disconnectAll();
  });
});
