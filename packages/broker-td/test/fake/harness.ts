// The TD adapter the way users get it (schema, adapter, `withValidation`), pointed at the fake,
// logged in the original's way: a refresh token in the config (`TD_REFRESH_TOKEN`).
import { MemoryStore } from '@invest/auth';
import { resetSharedRateLimiters, silentLogger, systemClock, withValidation, type Broker, type Clock, type PluginContext } from '@invest/broker-core';
import type { OrderJsonTuning } from '@invest/broker-schwab';
import { TdConfigSchema, type TdConfigInput } from '../../src/config.ts';
import { TdBroker } from '../../src/td-broker.ts';
import { FAKE_HOSTS, guardedFetch, type FakeNetwork } from './network.ts';

export const FAST_TUNING: OrderJsonTuning = { retry: { baseDelayMs: 1, maxDelayMs: 5 }, lookup: { attempts: 4, delayMs: 5 } };

export type TestBroker = Broker & { readonly adapter: TdBroker; readonly store: MemoryStore };

let instances = 0;

export function testBroker(network: FakeNetwork, options: { config?: Partial<TdConfigInput>; clock?: Clock; ctx?: Partial<PluginContext>; tuning?: OrderJsonTuning } = {}): TestBroker {
  resetSharedRateLimiters();
  instances += 1;
  const config = TdConfigSchema.parse({
    paper: false,
    clientId: network.clientId,
    refreshToken: network.refreshToken(),
    accountId: network.fake.accountId,
    baseUrl: FAKE_HOSTS.api,
    tokenUrl: FAKE_HOSTS.token,
    authorizationUrl: FAKE_HOSTS.authorization,
    timeoutMs: 300,
    requestsPerMinute: 100_000,
    ordersPerMinute: 100_000,
    ...options.config,
  });
  const store = new MemoryStore();
  const ctx: PluginContext = { name: `td-test-${instances}`, logger: silentLogger, clock: options.clock ?? systemClock, fetch: guardedFetch, credentials: store, ...options.ctx };
  const adapter = new TdBroker(config, ctx, { ...FAST_TUNING, ...options.tuning });
  return Object.assign(withValidation(adapter), { adapter, store });
}
