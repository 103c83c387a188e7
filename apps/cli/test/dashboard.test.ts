/// <reference lib="dom" />
// `invest dashboard` as a user runs it: the built CLI in a child process over a home, the page in
// a real headless Chromium (Debian's package, driven by Playwright), and `invest buy` in another
// process. Outside CI a machine without chromium skips these, saying why; in CI they fail instead.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason, chromiumArgs, inCi, requireChromium } from '../../../tools/test-setup/chromium.ts';
import { initHome, invest, MAIN } from './run-cli.ts';

const LOOPBACK_ONLY = new URL('../../../tools/test-setup/loopback-only.mjs', import.meta.url).pathname;
const json = (text: string) => JSON.parse(text);
const QUOTES = { AAPL: { bid: 190, ask: 190.02, last: 190.01 }, MSFT: { bid: 420.1, ask: 420.15, last: 420.12 } };

/** The home: the starter accounts on static prices (so two reads agree), and paper-3, which cannot be opened. */
async function dashboardHome(): Promise<string> {
  const home = await initHome();
  await mkdir(join(home, 'not-a-file'));
  const doc = JSON.parse(await readFile(join(home, 'brokers.json'), 'utf8')) as { brokers: Record<string, Record<string, unknown>> };
  for (const b of Object.values(doc.brokers)) b.prices = { kind: 'static', quotes: QUOTES };
  await writeFile(join(home, 'brokers.json'), JSON.stringify(doc));
  for (const [broker, symbol, quantity] of [['paper-1', 'AAPL', '10'], ['paper-2', 'AAPL', '5'], ['paper-2', 'MSFT', '2.5']] as const) {
    const r = await invest(home, ['buy', '--symbol', symbol, '--quantity', quantity, '--broker', broker]);
    if (r.code !== 0) throw new Error(r.stderr);
  }
  doc.brokers['paper-3'] = { ...doc.brokers['paper-2'], seed: 3, accountId: 'SIM-PAPER-3', stateFile: join(home, 'not-a-file') };
  await writeFile(join(home, 'brokers.json'), JSON.stringify(doc));
  return home;
}

/** Starts `invest dashboard --no-open --json` and resolves with its URL once it printed it. */
function startDashboard(home: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [MAIN, 'dashboard', '--no-open', '--json'], {
    env: { PATH: process.env.PATH ?? '', HOME: home, INVEST_HOME: home, INVEST_KEYRING: '0', NODE_OPTIONS: `--import ${LOOPBACK_ONLY}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      // --json: one document, written once the server listens.
      if (out.trim().endsWith('}')) resolve({ child, url: (json(out) as { url: string }).url });
    });
    child.on('exit', (code) => reject(new Error(`invest dashboard exited ${code}: ${err}`)));
  });
}

function status(url: URL, path: string, host = url.host): Promise<number> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port: url.port, path, headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on('error', reject).end();
  });
}

// A failing test of its own, so a CI run without chromium says so in its count, not only in a setup error.
it.runIf(inCi)('CI has chromium for the browser tests', () => {
  expect(requireChromium()).toMatch(/chromium/);
});

describe.skipIf(browserSkipReason !== undefined)(`invest dashboard${browserSkipReason ? ` (skipped: ${browserSkipReason})` : ''}`, () => {
  let home: string;
  let child: ChildProcess;
  let url: string;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    home = await dashboardHome();
    ({ child, url } = await startDashboard(home));
    browser = await chromium.launch({ executablePath: requireChromium(), args: chromiumArgs() });
    page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    await page.waitForSelector('main[aria-busy="false"]');
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    if (child && child.exitCode === null) child.kill('SIGTERM');
  });

  it('shows the same totals and positions as `invest multi-portfolio --json` for the same home, with no console error', async () => {
    const cli = json((await invest(home, ['multi-portfolio', '--json'])).stdout) as {
      totals: { currency: string; equity: number; cash: number; buyingPower: number; dayPnl?: number }[];
      positions: { symbol: string; quantity: number; averageCost?: number; marketValue?: number; unrealizedPnl?: number; breakdown: { broker: string; position: { quantity: number; averageCost: number } }[] }[];
    };
    expect(cli.positions.length).toBe(2);
    for (const t of cli.totals) {
      const shown = await page.$$eval(`dl.total[data-currency="${t.currency}"] dd[data-value]`, (dds) => Object.fromEntries(dds.map((d) => [(d as HTMLElement).dataset.field, Number((d as HTMLElement).dataset.value)])));
      expect(shown).toEqual({ equity: t.equity, cash: t.cash, buyingPower: t.buyingPower, ...(t.dayPnl !== undefined ? { dayPnl: t.dayPnl } : {}) });
    }
    const rows = await page.$$eval('#positions-table tbody tr', (trs) => trs.map((tr) => ({
      symbol: (tr as HTMLElement).dataset.symbol,
      ...Object.fromEntries([...tr.querySelectorAll<HTMLElement>('td[data-value]')].map((c) => [c.dataset.field, Number(c.dataset.value)])),
      breakdown: [...tr.querySelectorAll<HTMLElement>('li[data-broker]')].map((li) => [li.dataset.broker, Number(li.dataset.quantity), Number(li.dataset.averageCost)]),
    })));
    expect(rows).toEqual(cli.positions.map((p) => ({
      symbol: p.symbol, quantity: p.quantity, averageCost: p.averageCost, marketValue: p.marketValue, unrealizedPnl: p.unrealizedPnl,
      breakdown: p.breakdown.map((s) => [s.broker, s.position.quantity, s.position.averageCost]),
    })));
    expect(errors).toEqual([]);
  });

  it('draws its charts', async () => {
    const painted = await page.$$eval('canvas', (canvases) => canvases.map((c) => {
      const canvas = c;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
      return n;
    }));
    expect(painted).toHaveLength(3);
    for (const n of painted) expect(n).toBeGreaterThan(500);
  });

  it('shows a fill placed by `invest buy` in another process within 2 s, without a reload', async () => {
    await page.evaluate(() => ((window as unknown as { marker: boolean }).marker = true));
    const r = await invest(home, ['buy', '--symbol', 'MSFT', '--quantity', '4', '--broker', 'paper-1', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const placed = Date.now();
    const id = (json(r.stdout) as { id: string }).id;
    await page.waitForSelector(`#fills-table tr[data-order="${id}"][data-broker="paper-1"]`, { timeout: 2_000 });
    expect(Date.now() - placed).toBeLessThan(2_000);
    expect(Number(await page.locator('tr[data-symbol="MSFT"] td[data-field="quantity"]').getAttribute('data-value'))).toBe(6.5);
    expect(await page.evaluate(() => (window as unknown as { marker?: boolean }).marker)).toBe(true);
  });

  it('shows the unreachable account\'s error on its card while the others show their data', async () => {
    const down = page.locator('article[data-account="paper-3"]');
    expect(await down.locator('[data-state]').textContent()).toBe('error');
    expect(await down.locator('.error').textContent()).toMatch(/\S/);
    for (const name of ['paper-1', 'paper-2']) {
      expect(await page.locator(`article[data-account="${name}"] [data-state]`).textContent()).toBe('connected');
      expect(await page.locator(`article[data-account="${name}"] dd[data-field="equity"]`).getAttribute('data-value')).toMatch(/^\d/);
    }
  });

  it('refuses a request without the token, and one with a foreign Host: 403', async () => {
    const u = new URL(url);
    expect(await status(u, `/api/snapshot${u.search}`)).toBe(200);
    expect(await status(u, '/api/snapshot')).toBe(403);
    expect(await status(u, '/')).toBe(403);
    expect(await status(u, `/api/snapshot${u.search}`, `attacker.example:${u.port}`)).toBe(403);
  });

  it('serves equity over time from the stored history in state.db, which its own reads add to', async () => {
    const u = new URL(url);
    const served = await page.evaluate(async (search) => (await fetch(`/api/history${search}`)).json(), u.search) as { stored: boolean; rows: { broker: string; equity: string }[] };
    const db = new (process.getBuiltinModule('node:sqlite').DatabaseSync)(join(home, 'state.db'), { readOnly: true });
    const stored = db.prepare('SELECT broker, equity FROM history_accounts ORDER BY at, id').all() as { broker: string; equity: string }[];
    db.close();
    expect(served.stored).toBe(true);
    expect(new Set(stored.map((r) => r.broker))).toEqual(new Set(['paper-1', 'paper-2']));
    // The page's rows are the stored rows (one per change of an account's figures), not a copy kept in memory.
    expect(served.rows.map((r) => [r.broker, r.equity])).toEqual(stored.map((r) => [r.broker, r.equity]));
  });

  it('stops on SIGTERM with exit code 0, the page having logged no error all along', async () => {
    expect(errors).toEqual([]);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
