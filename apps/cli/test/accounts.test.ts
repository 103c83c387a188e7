// Many accounts behave like many accounts, through the built `invest` as a child process: ids that
// repeat across simulation accounts, an account that cannot be reached, a rebalance applied twice,
// and a live account that blocks only orders on it.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { initHome, invest } from './run-cli.ts';

const json = (text: string) => JSON.parse(text);

async function editConfig(home: string, edit: (doc: { brokers: Record<string, Record<string, unknown>> }) => void): Promise<void> {
  const doc = json(await readFile(join(home, 'brokers.json'), 'utf8'));
  edit(doc);
  await writeFile(join(home, 'brokers.json'), JSON.stringify(doc));
}

/** A loopback port nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const restingBuy = (broker: string) => ['buy', '--symbol', 'AAPL', '--quantity', '1', '--limit', '1', '--tif', 'gtc', '--broker', broker, '--json'];

describe('accounts by name', () => {
  it('cancel of an id both accounts have is refused naming both (exit 2), nothing cancelled; --broker picks one', async () => {
    const home = await initHome();
    const a = json((await invest(home, restingBuy('paper-1'))).stdout);
    const b = json((await invest(home, restingBuy('paper-2'))).stdout);
    expect(a.id).toBe(b.id);
    const r = await invest(home, ['cancel', a.id]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`Order id "${a.id}" is on paper-1 and paper-2: pass --broker`));
    expect(r.stderr).not.toMatch(/\bsim\b/);
    const open = json((await invest(home, ['orders', '--status', 'open', '--json'])).stdout).orders;
    expect(open.map((o: { broker: string }) => o.broker)).toEqual(['paper-1', 'paper-2']);
    const one = await invest(home, ['cancel', a.id, '--broker', 'paper-2']);
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(new RegExp(`${a.id} on paper-2 is canceled`));
    const still = json((await invest(home, ['orders', '--status', 'open', '--json'])).stdout).orders;
    expect(still.map((o: { broker: string }) => o.broker)).toEqual(['paper-1']);
    // The broker's own refusal names the account, not the broker type.
    const twice = await invest(home, ['cancel', a.id, '--broker', 'paper-2']);
    expect(twice.code).toBe(6);
    expect(twice.stderr).toMatch(/^error: paper-2: .*cannot be canceled/);
    const missing = await invest(home, ['cancel', 'ord-424242']);
    expect(missing.stderr).toMatch(/No order "ord-424242" on paper-1, paper-2/);
  });

  it('distributed-buy with one unreachable account places the others\' legs and exits 8 (partial)', async () => {
    const home = await initHome();
    // A sim whose state file is a directory cannot be opened.
    await mkdir(join(home, 'not-a-file'));
    await editConfig(home, (doc) => {
      doc.brokers['paper-3'] = { ...doc.brokers['paper-2'], seed: 3, accountId: 'SIM-PAPER-3', stateFile: join(home, 'not-a-file') };
    });
    const r = await invest(home, ['distributed-buy', '--symbol', 'AAPL', '--quantity', '31', '--json']);
    expect(r.code, r.stderr).toBe(8);
    const result = json(r.stdout);
    expect(result.legs.map((l: { broker: string; status: string; quantity: number }) => [l.broker, l.status, l.quantity]))
      .toEqual([['paper-1', 'accepted', 11], ['paper-2', 'accepted', 10], ['paper-3', 'unreachable', 10]]);
    expect(result.legs[2]).toMatchObject({ respread: false, reason: expect.stringMatching(/^paper-3 could not be reached: /) });
    expect(result).toMatchObject({ acceptedQuantity: 21, complete: false });
    expect(r.stderr).toMatch(/paper-3: 10 not placed and not re-spread/);
    const positions = json((await invest(home, ['positions', '--broker', 'paper-2', '--json'])).stdout);
    expect(positions).toEqual({ positions: [expect.objectContaining({ broker: 'paper-2', symbol: 'AAPL', quantity: 10 })] });
  });

  it('rebalance --apply run twice while the first orders still rest places them once', async () => {
    const home = await initHome();
    // One share per quote and static quotes: a market order fills one share and the rest keeps working.
    await editConfig(home, (doc) => {
      for (const b of Object.values(doc.brokers)) {
        b.prices = { kind: 'static', quotes: { AAPL: { bid: 100, ask: 100, bidSize: 1, askSize: 1 } } };
        b.liquidity = true;
      }
    });
    const args = ['rebalance', '--target', 'AAPL=10%', '--apply', '--yes', '--json'];
    const first = await invest(home, args);
    expect(first.code, first.stderr).toBe(0);
    expect(json(first.stdout).orders).toEqual([expect.objectContaining({ symbol: 'AAPL', side: 'buy', quantity: 200 })]);
    const second = await invest(home, args);
    expect(second.code, second.stderr).toBe(0);
    expect(json(second.stdout)).toMatchObject({ applied: false, plan: { trades: [] } });
    expect(second.stderr).toMatch(/counted as held: open buy of 199 AAPL on paper-1/);
    const orders = json((await invest(home, ['orders', '--json'])).stdout).orders;
    expect(orders).toHaveLength(1);
  });

  it('a live account blocks only orders on it: status, orders, quote and the others\' orders need no --live', async () => {
    const home = await initHome();
    const url = `http://127.0.0.1:${await closedPort()}`;
    await editConfig(home, (doc) => {
      doc.brokers['live-1'] = { type: 'alpaca', paper_trading: false, baseUrl: url, dataUrl: url, streaming: false };
    });
    const env = { ALPACA_API_KEY: 'AKFAKE', ALPACA_SECRET_KEY: 'not-a-real-secret' };
    const status = await invest(home, ['status', '--json'], env);
    expect(status.code).toBe(8); // the live account cannot be reached: partial, not refused
    expect(json(status.stdout).brokers.map((s: { name: string; paper: boolean; error?: string }) => [s.name, s.paper, s.error === undefined]))
      .toEqual([['paper-1', true, true], ['paper-2', true, true], ['live-1', false, false]]);
    expect((await invest(home, ['orders', '--json'], env)).code).toBe(8);
    expect((await invest(home, ['quote', 'AAPL', '--json'], env)).code).toBe(0);
    const buyOther = await invest(home, ['buy', '--symbol', 'AAPL', '--quantity', '1', '--broker', 'paper-2', '--json'], env);
    expect(buyOther.code, buyOther.stderr).toBe(0);
    const blocked = await invest(home, ['buy', '--symbol', 'AAPL', '--quantity', '1', '--broker', 'live-1'], env);
    expect(blocked.code).toBe(3);
    expect(blocked.stderr).toMatch(/live-1 trades real money \(paper_trading: false\): pass --live to confirm/);
    const spread = await invest(home, ['distributed-buy', '--symbol', 'AAPL', '--quantity', '3'], env);
    expect(spread.code).toBe(3);
  });
});
