import { BrokerRegistry, ConfigError } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { SchwabConfigSchema, schwabConfigFromEnv, schwabEndpoints } from './config.ts';
import { schwabPlugin } from './plugin.ts';

describe('Schwab config', () => {
  it.each([[{}], [{ paper: true }]])('%j: refused, saying Schwab has no paper environment', (input) => {
    const result = SchwabConfigSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ['paper'], message: expect.stringMatching(/no paper environment.*paper: false/) });
  });

  it('through the registry it is a ConfigError naming the field', () => {
    const registry = new BrokerRegistry().register(schwabPlugin);
    expect(() => registry.create('schwab', {}, { name: 'schwab-main' })).toThrow(ConfigError);
    expect(() => registry.create('schwab', {}, { name: 'schwab-main' })).toThrow(/paper: .*no paper environment/);
  });

  it('paper: false gives the live hosts and the documented limits', () => {
    const config = SchwabConfigSchema.parse({ paper: false });
    expect(schwabEndpoints(config)).toEqual({
      trader: 'https://api.schwabapi.com/trader/v1',
      marketData: 'https://api.schwabapi.com/marketdata/v1',
      authorization: 'https://api.schwabapi.com/v1/oauth/authorize',
      token: 'https://api.schwabapi.com/v1/oauth/token',
    });
    expect(config).toMatchObject({ requestsPerMinute: 120, ordersPerMinute: 120, redirectUri: 'https://127.0.0.1:8182' });
  });

  it.each([
    ['https://api.schwabapi.com./trader/v1', true],
    ['http://127.0.0.1:9000/trader/v1', true],
    ['https://api.schwab.test/trader/v1', true],
    ['https://proxy.example.com/trader/v1', false],
    ['http://api.schwabapi.com/trader/v1', false],
    ['https://api.schwabapi.com@evil.example/trader/v1', false],
  ])('baseUrl %s allowed: %s (Schwab host or loopback only)', (baseUrl, ok) => {
    expect(SchwabConfigSchema.safeParse({ paper: false, baseUrl }).success).toBe(ok);
  });

  it('reads SCHWAB_* variables, never the paper setting', () => {
    expect(schwabConfigFromEnv({ SCHWAB_CLIENT_ID: ' key ', SCHWAB_CLIENT_SECRET: '', SCHWAB_ACCOUNT_NUMBER: '12345678', SCHWAB_PAPER: 'false' })).toEqual({ clientId: 'key', accountNumber: '12345678' });
  });
});
