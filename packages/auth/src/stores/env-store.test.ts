import { ConfigError } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { CANARY_SECRET } from '../../../../tools/test-setup/canary.ts';
import { EnvStore } from './env-store.ts';

// The env names of the original project, as each plugin declares them in `envNames`.
const alpaca = { apiKey: 'ALPACA_API_KEY', secretKey: 'ALPACA_SECRET_KEY', paperTrading: 'ALPACA_PAPER_TRADING' };
const ibkr = { host: 'IBKR_HOST', port: 'IBKR_PORT', clientId: 'IBKR_CLIENT_ID' };
const td = { clientId: 'TD_CLIENT_ID', refreshToken: 'TD_REFRESH_TOKEN', accountId: 'TD_ACCOUNT_ID' };
const schwab = { clientId: 'SCHWAB_CLIENT_ID', clientSecret: 'SCHWAB_CLIENT_SECRET', refreshToken: 'SCHWAB_REFRESH_TOKEN', accountId: 'SCHWAB_ACCOUNT_ID' };
const etrade = { consumerKey: 'ETRADE_CONSUMER_KEY', consumerSecret: 'ETRADE_CONSUMER_SECRET', accountId: 'ETRADE_ACCOUNT_ID' };

const env = {
  ALPACA_API_KEY: 'AK123',
  ALPACA_SECRET_KEY: CANARY_SECRET,
  ALPACA_PAPER_TRADING: 'true',
  IBKR_HOST: '127.0.0.1',
  IBKR_PORT: '7497',
  IBKR_CLIENT_ID: '7',
  TD_CLIENT_ID: 'TDKEY',
  TD_REFRESH_TOKEN: 'td-refresh',
  TD_ACCOUNT_ID: '',
  SCHWAB_CLIENT_ID: 'SWKEY',
  ETRADE_CONSUMER_KEY: 'ek',
};

const store = new EnvStore({ env, brokers: { 'alpaca-main': alpaca, ibkr, 'td-main': td, 'schwab-main': schwab, 'etrade-main': etrade } });

describe('EnvStore', () => {
  it("reads each plugin's variables under the broker instance it is bound to", async () => {
    expect(await store.get('alpaca-main', 'apiKey')).toBe('AK123');
    expect(await store.get('alpaca-main', 'secretKey')).toBe(CANARY_SECRET);
    expect(await store.get('alpaca-main', 'paperTrading')).toBe('true');
    expect(await store.get('ibkr', 'port')).toBe('7497');
    expect(await store.get('td-main', 'refreshToken')).toBe('td-refresh');
    expect(await store.get('schwab-main', 'clientId')).toBe('SWKEY');
    expect(await store.get('etrade-main', 'consumerKey')).toBe('ek');
  });

  it('treats unset and empty variables, unknown fields and unknown brokers as absent', async () => {
    expect(await store.get('td-main', 'accountId')).toBeUndefined();
    expect(await store.get('schwab-main', 'clientSecret')).toBeUndefined();
    expect(await store.get('alpaca-main', 'nope')).toBeUndefined();
    expect(await store.get('alpaca-other', 'apiKey')).toBeUndefined();
  });

  it('lists the set variables by name, never their values', async () => {
    const listed = await store.list();
    expect(listed).toContainEqual({ broker: 'alpaca-main', key: 'secretKey' });
    expect(listed).not.toContainEqual({ broker: 'td-main', key: 'accountId' });
    expect(JSON.stringify(listed)).not.toContain(CANARY_SECRET);
    expect(await store.list('ibkr')).toEqual([
      { broker: 'ibkr', key: 'clientId' },
      { broker: 'ibkr', key: 'host' },
      { broker: 'ibkr', key: 'port' },
    ]);
  });

  it('is read-only: writing names the variable to set instead', async () => {
    const error = await store.set('alpaca-main', 'apiKey').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain('ALPACA_API_KEY');
    await expect(store.delete('alpaca-main', 'apiKey')).rejects.toBeInstanceOf(ConfigError);
    expect(store.writable).toBe(false);
  });

  it('reads process.env at call time by default', async () => {
    const live = new EnvStore({ brokers: { x: { token: 'INVEST_AUTH_TEST_TOKEN' } } });
    expect(await live.get('x', 'token')).toBeUndefined();
    process.env.INVEST_AUTH_TEST_TOKEN = 'now-set';
    try {
      expect(await live.get('x', 'token')).toBe('now-set');
    } finally {
      delete process.env.INVEST_AUTH_TEST_TOKEN;
    }
  });
});
