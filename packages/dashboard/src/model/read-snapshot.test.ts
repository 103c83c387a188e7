import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { threeAccounts, type Accounts } from '../../test/support/accounts.ts';
import type { PortfolioSource } from './portfolio-source.ts';
import { readSnapshot } from './read-snapshot.ts';

describe('readSnapshot', () => {
  let accounts: Accounts;
  beforeAll(async () => {
    accounts = await threeAccounts();
  });
  afterAll(async () => {
    await accounts.manager.disconnectAll();
  });

  it('has the manager\'s consolidated totals and positions, figure for figure, without raw objects', async () => {
    const [s, { totals }, { positions }] = await Promise.all([
      readSnapshot(accounts.manager), accounts.manager.getConsolidatedAccount(), accounts.manager.getConsolidatedPositions(),
    ]);
    expect(s.totals).toEqual(totals);
    expect(s.positions).toEqual(positions.map(({ breakdown, ...p }) => ({
      ...p,
      breakdown: breakdown.map(({ broker, position: q }) => ({ broker, quantity: q.quantity, averageCost: q.averageCost, marketValue: q.marketValue, unrealizedPnl: q.unrealizedPnl })),
    })));
    expect(JSON.stringify(s)).not.toContain('"raw"');
  });

  it('puts an unreachable account\'s error on its card and reads the others', async () => {
    const s = await readSnapshot(accounts.manager);
    const down = s.accounts.find((a) => a.name === 'paper-down')!;
    expect(down).toMatchObject({ state: 'error', error: expect.stringMatching(/ECONNREFUSED/), openOrders: [], recentFills: [] });
    expect(down.balances).toBeUndefined();
    expect(s.accounts.filter((a) => a.state === 'connected').map((a) => a.name)).toEqual(['paper-a', 'paper-b']);
    expect(s.totals[0]!.brokers).toEqual(['paper-a', 'paper-b']);
  });

  it('keeps credentials out of the error messages it shows', async () => {
    const { manager } = accounts;
    const leaky = new Error('paper-down: 401 for Authorization: Bearer sk-live-abcdef123456 and api_key=k3y-9876543');
    const source: PortfolioSource = { names: manager.names, status: () => manager.status(), get: (name) => manager.get(name), unreachable: () => leaky };
    const down = (await readSnapshot(source)).accounts.find((a) => a.name === 'paper-down')!;
    expect(down.error).toBe('paper-down: 401 for Authorization: [REDACTED] and api_key=[REDACTED]');
    const own = (await readSnapshot(source, { redact: (t) => t.replace('paper-down', '<name>') })).accounts.find((a) => a.name === 'paper-down')!;
    expect(own.error).toMatch(/^<name>: 401/);
  });

  it('lists open orders and fills newest first, and each account\'s limits with their usage', async () => {
    const s = await readSnapshot(accounts.manager);
    const b = s.accounts.find((a) => a.name === 'paper-b')!;
    expect(b.openOrders.some((o) => o.type === 'limit' && o.limitPrice === 500 && o.symbol === 'SPY')).toBe(true);
    expect(b.recentFills.map((f) => [f.symbol, f.quantity])).toEqual([['SPY', 2], ['AAPL', 7]]);
    const a = s.accounts.find((x) => x.name === 'paper-a')!;
    expect(a.risk.map((r) => r.rule)).toEqual(['max_position_size', 'min_cash_balance']);
    expect(a.risk[0]!.fraction).toBeGreaterThan(0);
    expect(s.globalRisk.map((r) => r.rule)).toEqual(['max_daily_loss']);
  });
});
