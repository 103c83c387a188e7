import { BrokerRegistry, ConfigError } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { TdConfigSchema, tdConfigFromEnv, tdEndpoints } from './config.ts';
import { tdPlugin } from './plugin.ts';

describe('TD config', () => {
  it("reads the original's TD_CLIENT_ID, TD_REFRESH_TOKEN and TD_ACCOUNT_ID", () => {
    expect(tdConfigFromEnv({ TD_CLIENT_ID: 'KEY', TD_REFRESH_TOKEN: 'rt', TD_ACCOUNT_ID: ' 123456789 ', TD_OTHER: 'x' })).toEqual({ clientId: 'KEY', refreshToken: 'rt', accountId: '123456789' });
  });

  it('without paper: false it is a ConfigError saying TD has no paper environment', () => {
    const registry = new BrokerRegistry().register(tdPlugin);
    expect(() => registry.createFromEnv('td', { TD_CLIENT_ID: 'KEY' }, { name: 'td' })).toThrow(ConfigError);
    expect(() => registry.createFromEnv('td', { TD_CLIENT_ID: 'KEY' }, { name: 'td' })).toThrow(/no paper environment/);
  });

  it("paper: false gives TD's documented hosts; other hosts are refused", () => {
    expect(tdEndpoints(TdConfigSchema.parse({ paper: false }))).toEqual({
      api: 'https://api.tdameritrade.com/v1', authorization: 'https://auth.tdameritrade.com/auth', token: 'https://api.tdameritrade.com/v1/oauth2/token',
    });
    expect(TdConfigSchema.safeParse({ paper: false, baseUrl: 'https://api.schwabapi.com/trader/v1' }).success).toBe(false);
    expect(TdConfigSchema.safeParse({ paper: false, baseUrl: 'http://127.0.0.1:9000/v1' }).success).toBe(true);
  });
});
