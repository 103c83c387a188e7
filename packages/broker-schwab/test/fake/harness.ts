// Builds the adapter the way users get it (the plugin's schema, the adapter, then core's
// `withValidation` edge), pointed at the fake hosts, logged in (tokens in a memory store), with
// fast timings so fault tests finish in milliseconds.
import { MemoryStore, OAUTH2_TOKENS_KEY } from '@invest/auth';
import { resetSharedRateLimiters, silentLogger, systemClock, withValidation, type Broker, type Clock, type ManualClock, type PluginContext } from '@invest/broker-core';
import { SchwabConfigSchema, type SchwabConfigInput } from '../../src/config.ts';
import { SchwabBroker } from '../../src/schwab-broker.ts';
import type { OrderJsonTuning } from '../../src/tuning.ts';
import { FAKE_HOSTS, guardedFetch, type FakeNetwork } from './network.ts';

export const FAST_TUNING: OrderJsonTuning = {
  retry: { baseDelayMs: 1, maxDelayMs: 5 },
  lookup: { attempts: 4, delayMs: 5 },
  rateLimitRetry: { attempts: 2, backoffMs: 10, maxWaitMs: 60_000 },
};

export interface TestBrokerOptions {
  config?: Partial<SchwabConfigInput>;
  tuning?: OrderJsonTuning;
  clock?: Clock;
  /** The stored login; default a fresh one from the network. */
  tokens?: string;
  ctx?: Partial<PluginContext>;
  /** The account's name (default a new one per instance): two instances with one name and home are two processes on one account. */
  name?: string;
}

export type TestBroker = Broker & { readonly adapter: SchwabBroker; readonly store: MemoryStore };

let instances = 0;

/** A logged-in broker talking to `network`'s fake. */
export function testBroker(network: FakeNetwork, options: TestBrokerOptions = {}): TestBroker {
  resetSharedRateLimiters();
  instances += 1;
  const name = options.name ?? `schwab-test-${instances}`;
  const config = SchwabConfigSchema.parse({
    paper: false,
    clientId: network.clientId,
    clientSecret: network.clientSecret,
    baseUrl: FAKE_HOSTS.trader,
    marketDataUrl: FAKE_HOSTS.marketData,
    tokenUrl: FAKE_HOSTS.token,
    authorizationUrl: FAKE_HOSTS.authorization,
    timeoutMs: 300,
    requestsPerMinute: 100_000,
    ordersPerMinute: 100_000,
    ...options.config,
  });
  const store = new MemoryStore({ [name]: { [OAUTH2_TOKENS_KEY]: options.tokens ?? network.login() } });
  const ctx: PluginContext = { name, logger: silentLogger, clock: options.clock ?? systemClock, fetch: guardedFetch, credentials: store, ...options.ctx };
  const adapter = new SchwabBroker(config, ctx, { ...FAST_TUNING, ...options.tuning });
  return Object.assign(withValidation(adapter), { adapter, store });
}

/**
 * Runs `promise` to the end on a manual clock: between steps of `stepMs` real I/O gets a turn, so
 * sleepers (rate-limit waits, backoffs) wake as the clock passes their time.
 */
export async function untilSettled<T>(clock: ManualClock, promise: Promise<T>, stepMs = 250): Promise<T> {
  let done = false;
  const watched = promise.finally(() => {
    done = true;
  });
  watched.catch(() => {});
  for (let spent = 0; !done && spent < 3_600_000; spent += stepMs) {
    await new Promise((r) => setTimeout(r, 1));
    if (!done) await clock.advance(stepMs);
  }
  return promise;
}
