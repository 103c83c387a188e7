import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshHome, initHome, invest } from './run-cli.ts';

const cliVersion = (JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const json = (text: string) => JSON.parse(text);

describe('invest (as a child process)', () => {
  it('--help lists the commands and exits 0; an unknown command is a usage error', async () => {
    const home = await freshHome();
    const help = await invest(home, ['--help']);
    expect(help.code).toBe(0);
    for (const cmd of ['init', 'status', 'buy', 'distributed-buy', 'multi-portfolio', 'rebalance', 'dashboard', 'demo']) expect(help.stdout).toContain(cmd);
    const version = await invest(home, ['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(cliVersion);
    const bad = await invest(home, ['bogus']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown command 'bogus'/);
  });

  it('init creates the config and .env.sample, and refuses to overwrite without --force', async () => {
    const home = await freshHome();
    const r = await invest(home, ['init', '--json']);
    expect(r.code).toBe(0);
    expect(json(r.stdout)).toMatchObject({ home, brokers: ['paper-1', 'paper-2'] });
    expect(json(await readFile(join(home, 'brokers.json'), 'utf8'))).toMatchObject({ default_broker: 'paper-1', brokers: { 'paper-1': { type: 'sim' } } });
    expect(await readFile(join(home, '.env.sample'), 'utf8')).toMatch(/SIM_INITIAL_CASH=/);
    const again = await invest(home, ['init']);
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(/already exists: pass --force/);
    expect((await invest(home, ['init', '--force'])).code).toBe(0);
  });

  it('list-types, list-brokers and status, human and --json', async () => {
    const home = await initHome();
    expect(json((await invest(home, ['list-types', '--json'])).stdout).types.map((p: { type: string }) => p.type)).toContain('sim');
    const brokers = await invest(home, ['list-brokers']);
    expect(brokers.stdout).toMatch(/paper-1 \*/);
    expect(json((await invest(home, ['list-brokers', '--json'])).stdout).brokers).toHaveLength(2);
    const status = await invest(home, ['status', '--json']);
    expect(status.code).toBe(0);
    const rows = json(status.stdout).brokers;
    expect(rows.map((r: { name: string; connected: boolean }) => [r.name, r.connected])).toEqual([['paper-1', true], ['paper-2', true]]);
    expect(rows[0].account).toMatchObject({ cash: 100_000, paper: true });
    // The starter accounts price with the simulator's random walk: said in a field and a line.
    expect(rows.map((r: { simulatedPrices: boolean }) => r.simulatedPrices)).toEqual([true, true]);
    const human = await invest(home, ['status']);
    expect(human.stdout).toMatch(/paper-2\s+│\s+sim\s+│\s+paper\s+│\s+connected/);
    expect(human.stdout).toMatch(/^note: paper-1, paper-2 prices are simulated \(a random walk\), not market data$/m);
    expect(human.stdout).not.toMatch(/\u001b\[/); // no colour when stdout is not a terminal
  });

  it('buy, positions, sell, orders; a resting limit order is cancelled', async () => {
    const home = await initHome();
    const buy = await invest(home, ['buy', '--symbol', 'AAPL', '--quantity', '10', '--json']);
    expect(buy.code).toBe(0);
    expect(json(buy.stdout)).toMatchObject({ broker: 'paper-1', symbol: 'AAPL', side: 'buy', status: 'filled', filled: 10 });
    const positions = json((await invest(home, ['positions', '--json'])).stdout).positions;
    expect(positions).toEqual([expect.objectContaining({ broker: 'paper-1', symbol: 'AAPL', quantity: 10 })]);
    expect((await invest(home, ['sell', '--symbol', 'AAPL', '--quantity', '4'])).code).toBe(0);
    const limit = json((await invest(home, ['buy', '--symbol', 'MSFT', '--quantity', '1', '--limit', '1', '--tif', 'gtc', '--json'])).stdout);
    expect(limit.status).toMatch(/^(new|accepted)$/);
    const cancel = await invest(home, ['cancel', limit.id, '--json']);
    expect(cancel.code).toBe(0);
    expect(json(cancel.stdout).status).toMatch(/^(canceled|pending_cancel)$/);
    const orders = json((await invest(home, ['orders', '--json'])).stdout).orders;
    expect(orders.map((o: { side: string; status: string }) => `${o.side}:${o.status}`).sort()).toEqual(['buy:canceled', 'buy:filled', 'sell:filled']);
  });

  it('distributed-buy splits by weight (largest remainder) and multi-portfolio adds up to the cent', async () => {
    const home = await initHome();
    const r = await invest(home, ['distributed-buy', '--symbol', 'AAPL', '--quantity', '31', '--json']);
    expect(r.code).toBe(0);
    const result = json(r.stdout);
    expect(result.legs.map((l: { broker: string; quantity: number; status: string }) => [l.broker, l.quantity, l.status])).toEqual([['paper-1', 16, 'accepted'], ['paper-2', 15, 'accepted']]);
    const portfolio = json((await invest(home, ['multi-portfolio', '--json'])).stdout);
    expect(portfolio.positions).toEqual([expect.objectContaining({ symbol: 'AAPL', quantity: 31 })]);
    expect(portfolio.positions[0].breakdown.map((s: { broker: string; position: { quantity: number } }) => [s.broker, s.position.quantity])).toEqual([['paper-1', 16], ['paper-2', 15]]);
    const table = await invest(home, ['multi-portfolio']);
    expect(table.stdout).toMatch(/paper-1: 16, paper-2: 15/);
    const legs = result.legs.map((l: { order: { averageFillPrice: number; filledQuantity: number } }) => l.order);
    const spent = legs.reduce((s: number, o: { averageFillPrice: number; filledQuantity: number }) => s + Math.round(o.averageFillPrice * o.filledQuantity * 100), 0);
    // $1 minimum commission per order; cash is exact to the cent.
    expect(Math.round(portfolio.totals[0].cash * 100)).toBe(200_000 * 100 - spent - 2 * 100);
  });

  it('quote --compare shows best bid and ask across accounts', async () => {
    const home = await initHome();
    const r = await invest(home, ['quote', 'AAPL', '--compare', '--json']);
    expect(r.code).toBe(0);
    const cmp = json(r.stdout);
    expect(cmp.quotes).toHaveLength(2);
    expect(cmp.bestBid.price).toBeLessThanOrEqual(Math.max(...cmp.quotes.map((q: { bid: number }) => q.bid)));
    expect(typeof cmp.crossed).toBe('boolean');
    expect(cmp.quotes.every((q: { simulatedPrices: boolean }) => q.simulatedPrices)).toBe(true);
  });

  it('quote on one account has the same JSON shape as --compare, and says its price is simulated', async () => {
    const home = await initHome();
    const r = await invest(home, ['quote', 'aapl', '--broker', 'paper-2', '--json']);
    expect(r.code).toBe(0);
    const one = json(r.stdout);
    expect(one).toMatchObject({ symbol: 'AAPL', crossed: false, errors: [], bestBid: { broker: 'paper-2' }, bestAsk: { broker: 'paper-2' } });
    expect(one.quotes).toEqual([expect.objectContaining({ broker: 'paper-2', simulatedPrices: true })]);
    const human = await invest(home, ['quote', 'AAPL', '--broker', 'paper-2']);
    expect(human.stdout).toMatch(/^note: paper-2 prices are simulated \(a random walk\), not market data$/m);
  });

  it('static prices are not called simulated', async () => {
    const home = await initHome();
    const doc = json(await readFile(join(home, 'brokers.json'), 'utf8'));
    doc.brokers['paper-1'].prices = { kind: 'static', quotes: { AAPL: 190 } };
    await writeFile(join(home, 'brokers.json'), JSON.stringify(doc));
    const one = json((await invest(home, ['quote', 'AAPL', '--broker', 'paper-1', '--json'])).stdout);
    expect(one.quotes).toEqual([expect.objectContaining({ broker: 'paper-1', last: 190, simulatedPrices: false })]);
    expect((await invest(home, ['quote', 'AAPL', '--broker', 'paper-1'])).stdout).not.toMatch(/simulated/);
  });

  it('--json errors are one object; a local error names no broker', async () => {
    const home = await initHome();
    const r = await invest(home, ['buy', '--symbol', 'AAPL', '--quantity', '1', '--broker', 'nope', '--json']);
    expect(r.code).toBe(3);
    const { error } = json(r.stdout);
    expect(error).toMatchObject({ code: 'CONFIG', message: expect.stringMatching(/Unknown broker "nope"/) });
    expect(error).not.toHaveProperty('broker');
    const refused = json((await invest(home, ['buy', '--symbol', 'AAPL', '--json'])).stdout).error;
    expect(refused).toMatchObject({ code: 'INVALID_ORDER', broker: 'sim' });
  });

  it('rebalance shows a plan and sends nothing; --apply --yes places it', async () => {
    const home = await initHome();
    const plan = json((await invest(home, ['rebalance', '--target', 'AAPL=10%', '--json'])).stdout);
    expect(plan.applied).toBe(false);
    expect(plan.plan.trades).toEqual([expect.objectContaining({ side: 'buy', symbol: 'AAPL' })]);
    expect(json((await invest(home, ['orders', '--json'])).stdout).orders).toEqual([]);
    const applied = await invest(home, ['rebalance', '--target', 'AAPL=10%', '--apply', '--yes', '--json']);
    expect(applied.code).toBe(0);
    expect(json(applied.stdout).orders).toHaveLength(plan.plan.trades.length);
  });

  it('demo runs end to end in a throwaway home', async () => {
    const home = await freshHome();
    const r = await invest(home, ['demo', '--json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/refused: Risk limit max_position_size \(paper-1\)/);
    expect(await readdir(home)).toEqual([]); // the demo never touches the user's home
  });
});

describe('bad input: one clear line, a non-zero exit, nothing sent, no state changed', () => {
  async function snapshot(home: string): Promise<string> {
    const dir = join(home, 'sim');
    const files = (await readdir(dir).catch(() => [])).filter((f) => f.endsWith('.json')).sort();
    return (await Promise.all(files.map((f) => readFile(join(dir, f), 'utf8')))).join('\n');
  }

  it.each([
    [['buy', '--symbol', 'AAPL', '--quantity', '5', '--broker', 'nope'], 3, /Unknown broker "nope" \(configured: paper-1, paper-2\)/],
    [['buy', '--quantity', '5'], 2, /symbol: is required/],
    [['buy', '--symbol', 'AAPL', '--quantity', '-5'], 2, /--quantity: "-5" is not a plain decimal number/],
    [['buy', '--symbol', 'AAPL', '--quantity', 'ten'], 2, /--quantity: "ten" is not a plain decimal number/],
    [['buy', '--symbol', 'AAPL', '--quantity', '5', '--type', 'limit'], 2, /limitPrice: is required for a limit order/],
    [['buy', '--symbol', 'AAPL', '--quantity', '5', '--tif', 'forever'], 2, /argument 'forever' is invalid/],
    [['rebalance', '--target', 'AAPL'], 2, /--target: "AAPL" is not SYMBOL=WEIGHT/],
    [['quote', 'b@d!'], 2, /Invalid symbol: .*"b@d!"/],
  ])('invest %j exits %i', async (args, code, message) => {
    const home = await initHome();
    await invest(home, ['status']); // create the state files
    const before = await snapshot(home);
    const r = await invest(home, args);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(await snapshot(home)).toBe(before);
  });

  // A risk refusal reads the market first (the simulator keeps the quotes it has seen), so the
  // check here is that no order reached any account.
  it.each([
    [['sell', '--symbol', 'AAPL', '--quantity', '5'], /Risk limit short_selling \(paper-1\): selling 5 AAPL with 0 held would leave -5/],
    [['buy', '--symbol', 'AAPL', '--quantity', '400'], /Risk limit max_position_size \(paper-1\): buy 400 AAPL at [\d.]+ would make the position 400/],
    [['distributed-buy', '--symbol', 'AAPL', '--quantity', '800'], /Risk limit max_position_size \(paper-1\)/],
  ])('invest %j is refused by the risk engine (exit 5) with nothing sent', async (args, message) => {
    const home = await initHome();
    const r = await invest(home, args);
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(json((await invest(home, ['orders', '--json'])).stdout).orders).toEqual([]);
  });

  it('a malformed config file is one line naming the file, and is never rewritten', async () => {
    const home = await initHome();
    const text = '{ "brokers": { "paper-1": { "type": "sim", } } }';
    await writeFile(join(home, 'brokers.json'), text);
    const r = await invest(home, ['status']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/brokers\.json:1:\d+ is not valid JSON/);
    expect(await readFile(join(home, 'brokers.json'), 'utf8')).toBe(text);
  });

  it('a misspelt setting names the path and the nearest key', async () => {
    const home = await initHome();
    const doc = json(await readFile(join(home, 'brokers.json'), 'utf8'));
    doc.brokers['paper-2'].max_postion_size = 0.1;
    await writeFile(join(home, 'brokers.json'), JSON.stringify(doc));
    const r = await invest(home, ['list-brokers']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/brokers\.paper-2\.max_postion_size: .*did you mean "max_position_size"/);
  });

  it('a live account needs --live', async () => {
    const home = await initHome();
    const doc = json(await readFile(join(home, 'brokers.json'), 'utf8'));
    doc.brokers['paper-2'].paper_trading = false;
    await writeFile(join(home, 'brokers.json'), JSON.stringify(doc));
    const r = await invest(home, ['buy', '--symbol', 'AAPL', '--quantity', '1', '--broker', 'paper-2']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/paper-2 trades real money \(paper_trading: false\): pass --live to confirm/);
    expect((await invest(home, ['buy', '--symbol', 'AAPL', '--quantity', '1', '--broker', 'paper-2', '--live'])).code).toBe(0);
  });

  it('logs go to <home>/logs', async () => {
    const home = await initHome();
    await invest(home, ['buy', '--symbol', 'AAPL', '--quantity', '0']);
    const logs = await readdir(join(home, 'logs'));
    expect(logs[0]).toMatch(/^invest-\d{4}-\d{2}-\d{2}\.log$/);
    expect(await readFile(join(home, 'logs', logs[0]!), 'utf8')).toMatch(/"msg":"command failed"/);
  });
});
