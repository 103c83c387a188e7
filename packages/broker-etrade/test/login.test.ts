// `invest auth login NAME` for E*TRADE, through the plugin's `login`: request token with
// oauth_callback=oob, the authorize URL with the consumer key, the pasted verifier, the access
// token stored; then a broker made from the same store trades with it.
import { MemoryStore, OAUTH1_SESSION_KEY } from '@invest/auth';
import { ManualClock, silentLogger, withValidation } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { EtradeConfigSchema, type EtradeConfig } from '../src/config.ts';
import { EtradeBroker } from '../src/etrade-broker.ts';
import { etradePlugin } from '../src/plugin.ts';
import { FAST_TUNING, NAME } from './fake/harness.ts';
import { FAKE_HOST, FakeNetwork, guardedFetch, mockNetwork } from './fake/network.ts';

const net = mockNetwork();
const START = Date.parse('2026-01-12T15:00:00Z');

describe('E*TRADE login', () => {
  it('walks request token -> authorize URL -> verifier -> access token, and the stored token works', async () => {
    const clock = new ManualClock(START);
    const network = net.use(new FakeNetwork(clock));
    const store = new MemoryStore();
    await store.set(NAME, 'consumerKey', network.tokens.consumerKey);
    await store.set(NAME, 'consumerSecret', network.tokens.consumerSecret);
    const printed: string[] = [];
    const asked: string[] = [];
    const config = EtradeConfigSchema.parse({ baseUrl: FAKE_HOST, timeoutMs: 1000 });
    const result = await etradePlugin.login(config, {
      name: NAME,
      store,
      prompt: async (message) => {
        asked.push(message);
        return ` ${network.tokens.request.verifier} `;
      },
      print: (text) => printed.push(text),
      clock,
      logger: silentLogger,
    });
    expect(printed.join('\n')).toContain(`https://us.etrade.com/e/t/etws/authorize?key=${network.tokens.consumerKey}&token=req%2Btoken`);
    expect(asked).toHaveLength(1);
    expect(result.message).toContain('2026-01-13T05:00:00.000Z');
    const steps = network.requests.map((r) => r.path);
    expect(steps).toEqual(['/oauth/request_token', '/oauth/access_token']);
    const session = JSON.parse((await store.get(NAME, OAUTH1_SESSION_KEY))!);
    expect(session).toMatchObject({ token: 'new-access', tokenSecret: 'new-access-secret', issuedAt: START, expiresAt: Date.parse('2026-01-13T05:00:00Z') });

    const broker = withValidation(new EtradeBroker(EtradeConfigSchema.parse({ baseUrl: FAKE_HOST, rateLimitPerSecond: 1000 }), { name: NAME, logger: silentLogger, clock, fetch: guardedFetch, credentials: store }, FAST_TUNING));
    expect((await broker.getAccount()).accountId).toBe('83405188');
  });

  it('a wrong verifier is an AuthenticationError and nothing is stored', async () => {
    const clock = new ManualClock(START);
    const network = net.use(new FakeNetwork(clock));
    const store = new MemoryStore();
    const config = EtradeConfigSchema.parse({ baseUrl: FAKE_HOST, consumerKey: network.tokens.consumerKey, consumerSecret: network.tokens.consumerSecret });
    const login = etradePlugin.login(config, { name: NAME, store, prompt: async () => 'WRONG', print: () => {}, clock, logger: silentLogger });
    await expect(login).rejects.toMatchObject({ name: 'AuthenticationError', brokerCode: 'verifier_invalid' });
    expect(await store.get(NAME, OAUTH1_SESSION_KEY)).toBeUndefined();
  });

  it('raw settings without `paper` log in against the sandbox, never production', async () => {
    const clock = new ManualClock(START);
    net.use(new FakeNetwork(clock));
    const raw = { consumerKey: 'ck', consumerSecret: 'cs' } as unknown as EtradeConfig;
    const login = etradePlugin.login(raw, { name: NAME, store: new MemoryStore(), prompt: async () => 'x', print: () => {}, clock, logger: silentLogger });
    await expect(login).rejects.toMatchObject({ name: 'ConnectionError' });
    const unhandled = net.unhandled.splice(0);
    expect(unhandled.join('\n')).toContain('https://apisb.etrade.com/oauth/request_token');
    expect(unhandled.join('\n')).not.toContain('https://api.etrade.com/');
  });
});
