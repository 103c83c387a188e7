import { describe, expect, it } from 'vitest';
import { ObservedHistory } from './observed-history.ts';
import type { AccountCard, PortfolioSnapshot } from './snapshot.ts';

const card = (name: string, equity: number, cash: number): AccountCard => ({
  name, type: 'sim', paper: true, isDefault: false, state: 'connected', risk: [], openOrders: [], recentFills: [],
  balances: { currency: 'USD', cash, buyingPower: cash, equity, portfolioValue: equity },
});
const snapshot = (at: string, accounts: AccountCard[], aapl: [string, number][] = []): PortfolioSnapshot => ({
  at, accounts, totals: [], errors: [], globalRisk: [],
  positions: aapl.length === 0 ? [] : [{ symbol: 'AAPL', quantity: 1, costBasis: 1, mixedSides: false, breakdown: aapl.map(([broker, marketValue]) => ({ broker, quantity: 1, averageCost: 1, marketValue })) }],
});

describe('ObservedHistory', () => {
  it('records a row per account when its figures change, with positions value summed exactly', async () => {
    const h = new ObservedHistory();
    h.record(snapshot('2026-12-05T10:00:00.000Z', [card('a', 100, 100), card('b', 50, 50)]));
    h.record(snapshot('2026-12-05T10:00:01.000Z', [card('a', 100, 100), card('b', 50, 50)]));
    h.record(snapshot('2026-12-05T10:00:02.000Z', [card('a', 100.3, 100 - 0.1 - 0.2), card('b', 50, 50)], [['a', 0.1], ['a', 0.2]]));
    expect(await h.history({})).toEqual([
      { at: '2026-12-05T10:00:00.000Z', broker: 'a', equity: '100', cash: '100', positionsValue: '0' },
      { at: '2026-12-05T10:00:00.000Z', broker: 'b', equity: '50', cash: '50', positionsValue: '0' },
      { at: '2026-12-05T10:00:02.000Z', broker: 'a', equity: '100.3', cash: String(100 - 0.1 - 0.2), positionsValue: '0.3' },
    ]);
  });

  it('answers a range and one broker, and skips accounts that did not answer', async () => {
    const h = new ObservedHistory();
    const down: AccountCard = { ...card('c', 0, 0), state: 'error', error: 'down' };
    delete down.balances;
    for (let i = 0; i < 5; i++) h.record(snapshot(`2026-12-05T10:00:0${i}.000Z`, [card('a', 100 + i, 0), card('b', 50 + i, 0), down]));
    const rows = await h.history({ from: new Date('2026-12-05T10:00:01Z'), to: new Date('2026-12-05T10:00:03Z'), broker: 'b' });
    expect(rows.map((r) => [r.at.slice(17, 19), r.broker, r.equity])).toEqual([['01', 'b', '51'], ['02', 'b', '52'], ['03', 'b', '53']]);
    expect((await h.history({})).some((r) => r.broker === 'c')).toBe(false);
  });

  it('keeps at most its limit of rows, dropping the oldest', async () => {
    const h = new ObservedHistory(3);
    for (let i = 0; i < 5; i++) h.record(snapshot(new Date(Date.UTC(2026, 11, 5, 10, 0, i)).toISOString(), [card('a', i, 0)]));
    expect((await h.history({})).map((r) => r.equity)).toEqual(['2', '3', '4']);
  });
});
