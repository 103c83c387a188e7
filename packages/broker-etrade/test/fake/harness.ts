// Builds the adapter the way users get it (the plugin's schema, the adapter, then core's
// `withValidation` edge), pointed at the fake host, with the access token in a credential store as
// `invest auth login` leaves it, and fast timings so fault tests finish in milliseconds.
import { MemoryStore, nextMidnight, OAUTH1_SESSION_KEY } from '@invest/auth';
import { silentLogger, systemClock, withValidation, type Broker, type Clock, type PluginContext } from '@invest/broker-core';
import { EtradeConfigSchema, type EtradeConfigInput } from '../../src/config.ts';
import { EtradeBroker } from '../../src/etrade-broker.ts';
import type { EtradeTuning } from '../../src/tuning.ts';
import { FAKE_HOST, guardedFetch, type FakeNetwork } from './network.ts';

export const FAST_TUNING: EtradeTuning = {
  retry: { baseDelayMs: 1, maxDelayMs: 5 },
  lookup: { attempts: 4, delayMs: 5 },
};

export const NAME = 'etrade-test';

export interface TestBrokerOptions {
  config?: Partial<EtradeConfigInput>;
  tuning?: EtradeTuning;
  clock?: Clock;
  ctx?: Partial<PluginContext>;
}

export type TestBroker = Broker & { readonly adapter: EtradeBroker; readonly store: MemoryStore };

/** A store holding the login session for `network`'s access token, as `invest auth login` saves it. */
export async function storeWithSession(network: FakeNetwork, clock: Clock): Promise<MemoryStore> {
  const store = new MemoryStore();
  const now = clock.now();
  const access = network.tokens.access.get('acc-token')!;
  access.expiresAt = nextMidnight(now);
  await store.set(NAME, OAUTH1_SESSION_KEY, JSON.stringify({ token: 'acc-token', tokenSecret: access.secret, issuedAt: now, lastUsedAt: now, expiresAt: access.expiresAt }));
  await store.set(NAME, 'consumerKey', network.tokens.consumerKey);
  await store.set(NAME, 'consumerSecret', network.tokens.consumerSecret);
  return store;
}

/** A validated broker talking to `network`'s fake, with the adapter and its store beside it. */
export async function testBroker(network: FakeNetwork, options: TestBrokerOptions = {}): Promise<TestBroker> {
  const clock = options.clock ?? systemClock;
  const store = await storeWithSession(network, clock);
  const config = EtradeConfigSchema.parse({ baseUrl: FAKE_HOST, timeoutMs: 1000, rateLimitPerSecond: 1000, ...options.config });
  const ctx: PluginContext = { name: NAME, logger: silentLogger, clock, fetch: guardedFetch, credentials: store, ...options.ctx };
  const adapter = new EtradeBroker(config, ctx, { ...FAST_TUNING, ...options.tuning });
  return Object.assign(withValidation(adapter), { adapter, store });
}
