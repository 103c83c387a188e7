// `pnpm bench` for @invest/dashboard: time from navigation to the portfolio drawn (totals, cards,
// positions table and allocation charts on screen) for 20 accounts x 200 positions, in headless
// Chromium, and the page script's compressed size. Writes bench/results/dashboard.json.
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { AccountInfo, Broker, Order, Position } from '@invest/broker-core';
import { EventEmitter } from 'eventemitter3';
import { chromium } from 'playwright-core';
import { result, writeResults } from '../../../tools/bench/harness.ts';
import { chromiumArgs, requireChromium } from '../../../tools/test-setup/chromium.ts';
import type { PortfolioSource } from '../src/index.ts';
import { pageAssetsDir } from '../src/server/page-assets.ts';
import { startDashboard } from '../src/server/start-dashboard.ts';

const ROUNDS = 9;

/** Accounts that answer at once from memory: the figure is the page's, not a broker's. */
function accounts(count: number, positions: number): PortfolioSource {
  const names = Array.from({ length: count }, (_, i) => `paper-${String(i + 1).padStart(2, '0')}`);
  const brokers = new Map(names.map((name, a) => {
    const held: Position[] = Array.from({ length: positions }, (_, p) => {
      const quantity = 1 + ((a * 7 + p * 13) % 90);
      const averageCost = 10 + ((p * 37) % 500) + a / 100;
      const currentPrice = averageCost * 1.01;
      return { symbol: `S${String(p).padStart(3, '0')}`, quantity, side: 'long', averageCost, costBasis: quantity * averageCost, currentPrice, marketValue: quantity * currentPrice, unrealizedPnl: quantity * (currentPrice - averageCost) };
    });
    const account: AccountInfo = { accountId: name, currency: 'USD', cash: 50_000, buyingPower: 50_000, portfolioValue: 150_000, equity: 150_000, startOfDayEquity: 149_000, dayPnl: 1_000, paper: true };
    const broker = {
      name, type: 'sim', connected: true, events: new EventEmitter(),
      connect: async () => undefined, getAccount: async () => account, getPositions: async () => held, listOrders: async (): Promise<Order[]> => [],
    } as unknown as Broker;
    return [name, broker] as const;
  }));
  return {
    names,
    status: () => names.map((name, i) => ({ name, type: 'sim', connected: true, isDefault: i === 0, paper: true, weight: 1, risk: { max_position_size: 0.25 } })),
    get: (name) => brokers.get(name)!,
    globalRisk: { settings: { max_daily_loss: 5_000 } },
  };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function navigationTimes(source: PortfolioSource): Promise<number[]> {
  const dashboard = await startDashboard({ source, pollMs: 60_000 });
  const browser = await chromium.launch({ executablePath: requireChromium(), args: chromiumArgs() });
  try {
    const times: number[] = [];
    for (let i = 0; i < ROUNDS + 1; i++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(dashboard.url);
      await page.waitForFunction(() => performance.getEntriesByName('portfolio-drawn').length > 0);
      const drawn = await page.evaluate(() => performance.getEntriesByName('portfolio-drawn')[0]!.startTime);
      if (i > 0) times.push(drawn); // the first round warms the server's snapshot and the browser
      await page.close();
    }
    return times;
  } finally {
    await browser.close();
    await dashboard.close();
  }
}

const big = await navigationTimes(accounts(20, 200));
const small = await navigationTimes(accounts(1, 1));
const script = readFileSync(`${pageAssetsDir()}/page.js`);
const gzip = gzipSync(script, { level: 9 }).length / 1024;
const brotli = brotliCompressSync(script, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length / 1024;
const fmt = (xs: number[]): string => `min ${Math.min(...xs).toFixed(0)} / median ${median(xs).toFixed(0)} / max ${Math.max(...xs).toFixed(0)} ms`;
console.log(`navigation to portfolio drawn, 20 x 200: ${fmt(big)}; 1 x 1: ${fmt(small)}`);
console.log(`page script: ${(script.length / 1024).toFixed(1)} KB, gzip ${gzip.toFixed(1)} KB, brotli ${brotli.toFixed(1)} KB`);

writeResults('dashboard', [
  result(`navigation to portfolio drawn, 20 accounts x 200 positions, median of ${ROUNDS} (${fmt(big)})`, median(big), 'ms',
    { name: `1 account x 1 position, median of ${ROUNDS} (${fmt(small)})`, value: median(small) },
    { text: '<= 1000 ms', met: median(big) <= 1_000 && Math.max(...big) <= 1_000 }),
  result('page script, gzip -9', gzip, 'KB', { name: 'page script, uncompressed', value: script.length / 1024 }, { text: '<= 200 KB', met: gzip <= 200 }),
  result('page script, brotli q11', brotli, 'KB', { name: 'page script, uncompressed', value: script.length / 1024 }, { text: '<= 200 KB', met: brotli <= 200 }),
]);
