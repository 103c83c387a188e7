import { silentLogger, systemClock, withValidation, type Broker, type Logger } from '@invest/broker-core';
import { FakeTws, type FakeTwsOptions } from '@invest/fake-tws';
import { IbkrConfigSchema, type IbkrConfigInput } from '../../src/config.ts';
import { IbkrBroker } from '../../src/ibkr-broker.ts';
import type { IbkrTuning } from '../../src/tuning.ts';

/** Quick timings for tests: reconnects in tens of ms, lookups from 20 ms. */
export const TEST_TUNING: IbkrTuning = { lookup: { attempts: 5, delayMs: 20 }, commissionWaitMs: 100 };

/**
 * A fake TWS on 127.0.0.1 (a free port), started, with a quote for AAPL.
 *
 * @example
 * ```ts
 * const tws = await startFake()
 * ```
 */
export async function startFake(options: FakeTwsOptions = {}): Promise<FakeTws> {
  const tws = new FakeTws(options);
  await tws.start();
  tws.setQuote('AAPL', { bid: 99.9, ask: 100.1, last: 100 });
  return tws;
}

/** The adapter pointed at the fake (or any TWS on 127.0.0.1 at `port`), with quick timings. */
export function testAdapter(tws: Pick<FakeTws, 'port'>, config: IbkrConfigInput = {}, tuning: IbkrTuning = TEST_TUNING, logger: Logger = silentLogger): IbkrBroker {
  const parsed = IbkrConfigSchema.parse({
    host: '127.0.0.1',
    port: tws.port,
    clientId: 1,
    connectTimeoutMs: 2_000,
    requestTimeoutMs: 2_000,
    reconnect: { initialDelayMs: 20, maxDelayMs: 200 },
    ...config,
  });
  return new IbkrBroker(parsed, { name: 'ibkr-test', logger, clock: systemClock }, tuning);
}

/** The adapter as users get it: behind core's validation edge. */
export function testBroker(tws: FakeTws, config: IbkrConfigInput = {}, tuning: IbkrTuning = TEST_TUNING): Broker {
  return withValidation(testAdapter(tws, config, tuning));
}

/** Resolves when `check` holds, polling every 10 ms, or rejects after `timeoutMs`. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 3_000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
