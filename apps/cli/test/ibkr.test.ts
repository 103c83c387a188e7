// `invest` with the IBKR adapter, as a child process, against the fake TWS on loopback: the
// original's ibkr entry (host, port, client_id) as written, status, buy, and a distributed buy
// across ibkr and a simulation account.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTws } from '../../../tools/fake-tws/src/index.ts';
import { freshHome, invest } from './run-cli.ts';

let tws: FakeTws;

beforeAll(async () => {
  tws = new FakeTws({ accounts: ['DU7654321'] });
  await tws.start();
  tws.setQuote('AAPL', { bid: 99.9, ask: 100.1, last: 100 });
});
afterAll(() => tws.stop());

async function ibkrHome(): Promise<string> {
  const home = await freshHome();
  await writeFile(join(home, 'brokers.json'), JSON.stringify({
    default_broker: 'ibkr',
    brokers: {
      ibkr: { type: 'ibkr', paper_trading: true, host: '127.0.0.1', port: tws.port, client_id: 1 },
      simulation: { type: 'simulation', initial_balance: 100000 },
    },
  }));
  return home;
}

const json = (text: string) => JSON.parse(text) as Record<string, unknown>;

describe('invest with the IBKR adapter', () => {
  it('is a built-in type', async () => {
    const types = (json((await invest(await freshHome(), ['list-types', '--json'])).stdout).types as { type: string }[]).map((t) => t.type);
    expect(types).toEqual(expect.arrayContaining(['sim', 'alpaca', 'ibkr']));
  });

  it('status connects to TWS and shows the account next to the simulation', async () => {
    const r = await invest(await ibkrHome(), ['status', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const rows = json(r.stdout).brokers as { name: string; type: string; account?: { accountId: string; cash: number; paper: boolean } }[];
    expect(rows.find((b) => b.name === 'ibkr')).toMatchObject({ type: 'ibkr', account: { accountId: 'DU7654321', cash: 100_000, paper: true } });
    expect(rows.find((b) => b.name === 'simulation')).toMatchObject({ type: 'sim' });
  });

  it('buy --broker ibkr places one order at TWS with the client order id in orderRef', async () => {
    const before = tws.placements.length;
    const r = await invest(await ibkrHome(), ['buy', '--broker', 'ibkr', '--symbol', 'AAPL', '--quantity', '3', '--client-order-id', 'cli-ibkr-1', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(tws.placements.slice(before).map((p) => p.orderRef)).toEqual(['cli-ibkr-1']);
    expect(tws.ordersByRef('cli-ibkr-1')[0]).toMatchObject({ action: 'BUY', totalQuantity: 300_000_000n, orderType: 'MKT', account: 'DU7654321' });
  });

  it('distributed-buy splits across ibkr and the simulation account', async () => {
    const before = tws.placements.length;
    const r = await invest(await ibkrHome(), ['distributed-buy', '--symbol', 'AAPL', '--quantity', '10', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const placed = tws.placements.slice(before);
    expect(placed).toHaveLength(1);
    const atTws = tws.engine.orders.get(placed[0]!.orderId)!;
    expect(atTws.totalQuantity).toBe(500_000_000n);
    expect(r.stdout).toMatch(/simulation/);
  });
});
