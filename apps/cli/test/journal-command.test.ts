import { copyFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PortfolioHistory } from '@invest/multi-broker';
import { describe, expect, it } from 'vitest';
import { initHome, invest } from './run-cli.ts';

const json = (text: string) => JSON.parse(text);
const OLD_JOURNAL = new URL('../../../packages/multi-broker/test/fixtures/journal-v0.jsonl', import.meta.url).pathname;

describe('invest journal', () => {
  it('lists each intent with its outcome, as a table and as JSON; --since narrows it', async () => {
    const home = await initHome();
    expect((await invest(home, ['buy', '--symbol', 'AAPL', '--quantity', '3', '--client-order-id', 'j-1'])).code).toBe(0);
    expect((await invest(home, ['sell', '--symbol', 'MSFT', '--quantity', '5', '--client-order-id', 'j-2'])).code).toBe(5); // no short selling
    const listed = await invest(home, ['journal', '--json']);
    expect(listed.code).toBe(0);
    const entries = json(listed.stdout).entries;
    expect(entries).toEqual([
      expect.objectContaining({ broker: 'paper-1', clientOrderId: 'j-1', symbol: 'AAPL', side: 'buy', type: 'market', quantity: '3', outcome: 'accepted', orderId: expect.any(String) }),
      expect.objectContaining({ clientOrderId: 'j-2', symbol: 'MSFT', side: 'sell', quantity: '5', outcome: 'denied', error: expect.objectContaining({ code: 'RISK_LIMIT' }) }),
    ]);
    const human = await invest(home, ['journal']);
    for (const header of ['time', 'broker', 'client order id', 'symbol', 'side', 'qty', 'type', 'outcome', 'order id', 'error']) expect(human.stdout).toContain(header);
    expect(human.stdout).toMatch(/paper-1\s+│\s+j-1\s+│\s+AAPL\s+│\s+buy\s+│\s+3\s+│\s+market\s+│\s+accepted/);
    expect(json((await invest(home, ['journal', '--json', '--since', '1h'])).stdout).entries).toHaveLength(2);
    expect(json((await invest(home, ['journal', '--json', '--since', '2099-01-01'])).stdout)).toEqual({ since: '2099-01-01T00:00:00.000Z', entries: [] });
  });

  it('a bad --since is one line on stderr and exit 2', async () => {
    const home = await initHome();
    const r = await invest(home, ['journal', '--since', 'yesterday']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--since: "yesterday" is not a date/);
  });

  it('imports a journal.jsonl of the earlier release once and keeps it as .bak', async () => {
    const home = await initHome();
    await copyFile(OLD_JOURNAL, join(home, 'journal.jsonl'));
    const first = await invest(home, ['journal', '--json']);
    expect(first.code).toBe(0);
    expect(json(first.stdout).entries.map((e: { clientOrderId: string; outcome: string }) => [e.clientOrderId, e.outcome])).toEqual([
      ['old-accepted', 'accepted'], ['old-denied', 'denied'], ['old-unknown', 'absent'], ['old-absent', 'absent'],
    ]);
    expect(first.stderr).toMatch(/imported 9 records/);
    expect(await readdir(home)).toContain('journal.jsonl.bak');
    expect(await readdir(home)).not.toContain('journal.jsonl');
    const second = await invest(home, ['journal', '--json']);
    expect(json(second.stdout).entries).toHaveLength(4);
    expect(second.stderr).not.toMatch(/imported/);
  });
});

describe('portfolio history from the CLI', () => {
  it('status records each account once while nothing changes, and again after a trade', async () => {
    const home = await initHome();
    await invest(home, ['status']);
    await invest(home, ['status']);
    const history = PortfolioHistory.open(join(home, 'state.db'));
    expect(history.history().accounts.map((a) => a.broker)).toEqual(['paper-1', 'paper-2']);
    await invest(home, ['buy', '--symbol', 'AAPL', '--quantity', '1', '--client-order-id', 'h-1']);
    await invest(home, ['multi-portfolio']);
    const after = history.history({ broker: 'paper-1' });
    expect(after.accounts.length).toBeGreaterThanOrEqual(2);
    expect(after.fills).toEqual([expect.objectContaining({ clientOrderId: 'h-1', symbol: 'AAPL', side: 'buy' })]);
    expect(after.fills[0]!.quantity.toString()).toBe('1');
  });
});

describe('invest journal in a home with no state', () => {
  it('lists nothing and creates nothing', async () => {
    const { freshHome } = await import('./run-cli.ts');
    const home = join(await freshHome(), 'not-yet');
    const r = await invest(home, ['journal', '--json']);
    expect(r.code).toBe(0);
    expect(json(r.stdout)).toEqual({ entries: [] });
    await expect(readdir(home)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
