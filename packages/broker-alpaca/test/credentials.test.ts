// Keys come from the config or, when it has none, from the credential store under the instance
// name; a missing or refused key is an AuthenticationError that never carries the secret.
import { AuthenticationError, BrokerRegistry, type CredentialSource } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { CANARY_SECRET } from '../../../tools/test-setup/canary.ts';
import { alpacaPlugin } from '../src/plugin.ts';
import { testBroker } from './fake/harness.ts';
import { FAKE_HOSTS, FakeNetwork, guardedFetch, mockNetwork } from './fake/network.ts';

const net = mockNetwork();

function store(values: Record<string, string>): CredentialSource & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    async get(broker, key) {
      reads.push(`${broker}/${key}`);
      return values[`${broker}/${key}`];
    },
  };
}

describe('credentials', () => {
  it('reads the keys from the credential store under the instance name when the config has none', async () => {
    const network = net.use(new FakeNetwork());
    const credentials = store({ 'alpaca-main/apiKey': network.keyId, 'alpaca-main/secretKey': network.secret });
    const broker = new BrokerRegistry().register(alpacaPlugin).create(
      'alpaca',
      { baseUrl: FAKE_HOSTS.trading, dataUrl: FAKE_HOSTS.data, streamUrl: FAKE_HOSTS.stream },
      { name: 'alpaca-main', credentials, fetch: guardedFetch },
    );
    await broker.connect();
    const account = await broker.getAccount();
    expect(account).toMatchObject({ accountId: network.fake.accountId, paper: true, currency: 'USD' });
    expect(credentials.reads).toEqual(['alpaca-main/apiKey', 'alpaca-main/secretKey']);
    await broker.disconnect();
  });

  it('a missing key is an AuthenticationError naming the variable, with nothing sent', async () => {
    const network = net.use(new FakeNetwork());
    const broker = new BrokerRegistry().register(alpacaPlugin).create('alpaca', { apiKey: network.keyId, baseUrl: FAKE_HOSTS.trading }, { name: 'alpaca-x', fetch: guardedFetch });
    const error = await broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ outcome: 'denied' });
    expect((error as Error).message).toMatch(/ALPACA_SECRET_KEY/);
    expect(network.requests).toHaveLength(0);
  });

  it('refused keys: AuthenticationError with Alpaca\'s code and message, and no secret anywhere', async () => {
    const network = net.use(new FakeNetwork());
    const broker = testBroker(network);
    network.revokedKeys = true;
    const error = await broker.connect().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ brokerCode: 40110000, brokerMessage: 'request is not authorized', status: 401 });
    expect(JSON.stringify(error) + String((error as Error).stack)).not.toContain(CANARY_SECRET);
  });
});
