// Credentials and the account: the consumer key pair from the config or the store, the access
// token from the stored login, the account picked by `account`; nothing secret in errors or logs.
import { MemoryStore } from '@invest/auth';
import { AuthenticationError, BrokerRegistry, ConfigError, createLogger, ReauthRequiredError, systemClock, type LogRecord } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { CANARY_SECRET, CANARY_TOKEN } from '../../../tools/test-setup/canary.ts';
import { etradePlugin } from '../src/plugin.ts';
import { OTHER_ACCOUNT } from './fake/fake-etrade.ts';
import { NAME, storeWithSession, testBroker } from './fake/harness.ts';
import { FAKE_HOST, FakeNetwork, guardedFetch, mockNetwork } from './fake/network.ts';

const net = mockNetwork();
const registry = () => new BrokerRegistry().register(etradePlugin);

describe('credentials', () => {
  it('a missing consumer secret is an AuthenticationError naming the variable, with nothing sent', async () => {
    const network = net.use(new FakeNetwork(systemClock));
    const broker = registry().create('etrade', { baseUrl: FAKE_HOST, consumerKey: 'ck', rateLimitPerSecond: 1000 }, { name: NAME, fetch: guardedFetch, credentials: new MemoryStore() });
    const error = await broker.getAccount().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ outcome: 'denied' });
    expect((error as Error).message).toMatch(/ETRADE_CONSUMER_SECRET/);
    expect(network.requests).toHaveLength(0);
  });

  it('no stored login: ReauthRequiredError naming `invest auth login NAME`, with nothing sent', async () => {
    const network = net.use(new FakeNetwork(systemClock));
    const store = new MemoryStore();
    await store.set(NAME, 'consumerKey', network.tokens.consumerKey);
    await store.set(NAME, 'consumerSecret', network.tokens.consumerSecret);
    const broker = registry().create('etrade', { baseUrl: FAKE_HOST, rateLimitPerSecond: 1000 }, { name: NAME, fetch: guardedFetch, credentials: store });
    const error = await broker.connect().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReauthRequiredError);
    expect((error as ReauthRequiredError).command).toBe(`invest auth login ${NAME}`);
    expect(network.requests).toHaveLength(0);
  });

  it('a refused signature: AuthenticationError with the oauth_problem, and no secret in the error or the debug log', async () => {
    const network = net.use(new FakeNetwork(systemClock));
    const records: LogRecord[] = [];
    const logger = createLogger({ level: 'debug', sink: (r) => records.push(r) });
    const store = await storeWithSession(network, systemClock);
    // The token secret the adapter signs with is not the one the fake holds.
    network.tokens.access.get('acc-token')!.secret = 'the-server-secret';
    const broker = registry().create('etrade', { baseUrl: FAKE_HOST, rateLimitPerSecond: 1000 }, { name: NAME, fetch: guardedFetch, credentials: store, logger });
    const error = await broker.connect().catch((e: unknown) => e);
    network.violations.splice(0); // the signature failure is the point of this test
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, brokerCode: 'signature_invalid' });
    const everything = JSON.stringify(error) + String((error as Error).stack) + JSON.stringify(records);
    for (const secret of [CANARY_SECRET, CANARY_TOKEN]) expect(everything).not.toContain(secret);
    expect(records.length).toBeGreaterThan(0);
  });
});

describe('account', () => {
  it('`account` picks an account by accountId; every account request uses its accountIdKey', async () => {
    const network = net.use(new FakeNetwork(systemClock));
    const broker = await testBroker(network, { config: { account: OTHER_ACCOUNT.accountId } });
    await broker.getAccount();
    await broker.getPositions();
    const paths = network.requests.map((r) => r.path).filter((p) => p.startsWith('/v1/accounts/') && p !== '/v1/accounts/list');
    expect(paths).toEqual([`/v1/accounts/${OTHER_ACCOUNT.accountIdKey}/balance`, `/v1/accounts/${OTHER_ACCOUNT.accountIdKey}/portfolio`]);
    expect(network.requests.find((r) => r.path.endsWith('/balance'))?.query).toEqual({ instType: 'BROKERAGE', realTimeNAV: 'true' });
  });

  it('an account this login does not have is a ConfigError naming `account`', async () => {
    const network = net.use(new FakeNetwork(systemClock));
    const broker = await testBroker(network, { config: { account: '999' } });
    const error = await broker.connect().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/999 is not one of this login's accounts \(83405188, 83405553\)/);
  });

  it('balances, positions and quotes map to the core model', async () => {
    const network = net.use(new FakeNetwork(systemClock));
    const broker = await testBroker(network);
    network.fake.setQuote('AAPL', { bid: 150, ask: 150.1, last: 150.05 });
    await broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 10 });
    const account = await broker.getAccount();
    expect(account).toMatchObject({ accountId: '83405188', currency: 'USD', cash: 100_000 - 1501, buyingPower: 100_000 - 1501, accountType: 'cash', paper: true });
    expect(account.equity).toBeCloseTo(100_000 - 1501 + 1500.5, 6);
    expect(await broker.getPositions()).toEqual([expect.objectContaining({ symbol: 'AAPL', quantity: 10, side: 'long', averageCost: 150.1, costBasis: 1501, currentPrice: 150.05 })]);
    expect(await broker.getPosition('MSFT')).toBeUndefined();
    expect(await broker.getQuote('aapl')).toMatchObject({ symbol: 'AAPL', bid: 150, ask: 150.1, last: 150.05, bidSize: 200, askSize: 100 });
  });
});
