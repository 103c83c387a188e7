// Builds the adapter the way users get it (the plugin's schema, the adapter, then core's
// `withValidation` edge), pointed at the fake hosts, with fast timings so fault tests finish in
// milliseconds.
import { silentLogger, systemClock, withValidation, type Broker, type Clock, type ManualClock, type PluginContext } from '@invest/broker-core';
import { AlpacaBroker } from '../../src/alpaca-broker.ts';
import { AlpacaConfigSchema, type AlpacaConfigInput } from '../../src/config.ts';
import type { AlpacaTuning } from '../../src/tuning.ts';
import { FAKE_HOSTS, guardedFetch, type FakeNetwork } from './network.ts';

/** Timings for tests: short backoffs, few lookups. */
export const FAST_TUNING: AlpacaTuning = {
  retry: { baseDelayMs: 1, maxDelayMs: 5 },
  reconnect: { baseDelayMs: 5, maxDelayMs: 20 },
  lookup: { attempts: 4, delayMs: 5 },
  rateLimitRetry: { attempts: 3, backoffMs: 10, maxWaitMs: 60_000 },
  handshakeTimeoutMs: 2000,
};

export interface TestBrokerOptions {
  config?: Partial<AlpacaConfigInput>;
  tuning?: AlpacaTuning;
  clock?: Clock;
  ctx?: Partial<PluginContext>;
}

/**
 * The validated broker callers get (`withValidation` over the adapter), with the adapter beside it
 * for what only Alpaca has (`closePosition`, `streamState`).
 */
export type TestBroker = Broker & { readonly adapter: AlpacaBroker };

/** A broker talking to `network`'s fake with its keys. */
export function testBroker(network: FakeNetwork, options: TestBrokerOptions = {}): TestBroker {
  const config = AlpacaConfigSchema.parse({
    apiKey: network.keyId,
    secretKey: network.secret,
    baseUrl: FAKE_HOSTS.trading,
    dataUrl: FAKE_HOSTS.data,
    streamUrl: FAKE_HOSTS.stream,
    timeoutMs: 300,
    rateLimitPerMinute: 100_000,
    ...options.config,
  });
  const ctx: PluginContext = { name: 'alpaca-test', logger: silentLogger, clock: options.clock ?? systemClock, fetch: guardedFetch, ...options.ctx };
  const adapter = new AlpacaBroker(config, ctx, { ...FAST_TUNING, ...options.tuning });
  return Object.assign(withValidation(adapter), { adapter });
}

/** Resolves once `predicate` holds, polling every few ms; rejects after `timeoutMs`. */
export async function eventually(predicate: () => boolean | Promise<boolean>, timeoutMs = 3000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/**
 * Moves a manual clock forward in steps until `promise` settles, letting real I/O (msw, timers)
 * run between steps. Resolves or rejects as the promise does.
 */
export async function drive<T>(clock: ManualClock, promise: Promise<T>, stepMs = 100, maxMs = 600_000): Promise<T> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let moved = 0; !settled && moved < maxMs; moved += stepMs) {
    await new Promise((r) => setTimeout(r, 1));
    if (!settled) await clock.advance(stepMs);
  }
  return promise;
}
