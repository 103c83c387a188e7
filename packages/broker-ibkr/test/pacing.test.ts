// IB disconnects a client that sends more than 50 messages a second. A burst of 500 requests on
// one connection must never put more than 50 messages in any second at the server.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { ConnectionError, resetSharedRateLimiters, withValidation } from '@invest/broker-core';
import { FROM_CLIENT, type FakeTws } from '@invest/fake-tws';
import { afterEach, describe, expect, it } from 'vitest';
import { IbkrConfigSchema } from '../src/config.ts';
import { twsPacer } from '../src/tws/pacing.ts';
import { startFake, testAdapter } from './fake/harness.ts';

const root = new URL('../../..', import.meta.url).pathname;
const serverScript = new URL('./fixtures/fake-tws-process.ts', import.meta.url).pathname;

let tws: FakeTws | undefined;

afterEach(async () => {
  await tws?.stop();
  tws = undefined;
  resetSharedRateLimiters();
});

/** Most messages that arrived within any window of `windowMs` (a sliding window over arrival times). */
function busiestWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= windowMs) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

describe('pacing', () => {
  it('a burst of 500 quote requests never puts more than 50 messages in any second at the server', { timeout: 30_000 }, async () => {
    // The server in its own process: arrival times are taken by a clock and event loop a stall
    // of this test's process cannot bunch (the fake in-process once read a stall's backlog at once).
    const server = spawn(process.execPath, ['--import', 'tsx', serverScript], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
    const lines = createInterface({ input: server.stdout })[Symbol.asyncIterator]();
    const port = Number((await lines.next()).value);
    const broker = withValidation(testAdapter({ port }, { requestTimeoutMs: 20_000 }));
    await broker.connect();
    const quotes = await Promise.all(Array.from({ length: 500 }, () => broker.getQuote('AAPL')));
    expect(quotes).toHaveLength(500);
    await broker.disconnect();
    server.stdin.end();
    const arrivals = JSON.parse((await lines.next()).value as string) as { at: number; clientId: number; id: number }[];
    expect(arrivals.filter((m) => m.id === FROM_CLIENT.REQ_MKT_DATA)).toHaveLength(500);
    expect(busiestWindow(arrivals.map((m) => m.at), 1_000)).toBeLessThanOrEqual(50);
  });

  it('disconnect ends the wait of requests still queued for their grant: refused at once, never sent', { timeout: 10_000 }, async () => {
    const fake = await startFake();
    tws = fake;
    const broker = withValidation(testAdapter(fake, { requestTimeoutMs: 20_000 }));
    await broker.connect();
    const before = fake.received.length;
    // 200 at 40 a second: most wait for their grant when the disconnect comes.
    const quotes = Array.from({ length: 200 }, () => broker.getQuote('AAPL').then(() => 'answered', (e: unknown) => e));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await broker.disconnect();
    const outcomes = await Promise.all(quotes);
    expect(Date.now() - started).toBeLessThan(2_000);
    const refused = outcomes.filter((o): o is ConnectionError => o instanceof ConnectionError && o.outcome === 'denied');
    expect(refused.length).toBeGreaterThan(100);
    expect(refused[0]!.message).toMatch(/nothing was sent/);
    // Nothing goes out after the disconnect.
    const sentAtDisconnect = fake.received.length;
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(fake.received.length).toBe(sentAtDisconnect);
    expect(sentAtDisconnect - before).toBeLessThan(60);
  });

  it('two instances on one host, port and client id share one budget', () => {
    const config = IbkrConfigSchema.parse({ port: 4002, clientId: 9 });
    expect(twsPacer(config.host, 4002, 9, 45)).toBe(twsPacer(config.host, 4002, 9, 45));
    expect(twsPacer(config.host, 4002, 10, 45)).not.toBe(twsPacer(config.host, 4002, 9, 45));
  });

  it('the busiest-window measure counts what a sliding second holds', () => {
    expect(busiestWindow([0, 100, 999, 1000, 1001], 1_000)).toBe(4);
    expect(busiestWindow([0, 1000, 2000], 1_000)).toBe(1);
  });
});
