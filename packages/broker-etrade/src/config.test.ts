import { BrokerRegistry, ConfigError, silentLogger, systemClock } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { CANARY_SECRET } from '../../../tools/test-setup/canary.ts';
import { ETRADE_ENDPOINTS, EtradeConfigSchema, etradeConfigFromEnv, etradeEndpoints } from './config.ts';
import { etradePlugin } from './plugin.ts';

const registry = (): BrokerRegistry => new BrokerRegistry().register(etradePlugin);
const ctx = { name: 'etrade-main', logger: silentLogger, clock: systemClock };

function configError(input: unknown): ConfigError {
  try {
    registry().create('etrade', input, ctx);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('no ConfigError');
}

describe('config', () => {
  it('is the sandbox by default: apisb.etrade.com for data and OAuth, 2 requests a second', () => {
    const config = EtradeConfigSchema.parse({});
    expect(config).toMatchObject({ paper: true, rateLimitPerSecond: 2, timeoutMs: 10_000 });
    expect(etradeEndpoints(config)).toEqual({ api: 'https://apisb.etrade.com', oauth: 'https://apisb.etrade.com' });
    expect(registry().create('etrade', {}, ctx).capabilities.paper).toBe(true);
  });

  it('is production (api.etrade.com) only with paper: false written out', () => {
    expect(etradeEndpoints(EtradeConfigSchema.parse({ paper: false }))).toEqual({ api: ETRADE_ENDPOINTS.api.live, oauth: ETRADE_ENDPOINTS.api.live });
    expect(() => EtradeConfigSchema.parse({ paper: 'false' })).toThrow();
    expect(() => EtradeConfigSchema.parse({ paper: 0 })).toThrow();
  });

  it('with paper on, a URL that is not the sandbox or loopback is a ConfigError naming the field and the value', () => {
    const error = configError({ baseUrl: 'https://api.etrade.com' });
    expect(error.path).toBe('etrade-main.baseUrl');
    expect(error.message).toContain('https://api.etrade.com');
    expect(error.message).toMatch(/not a paper host \(apisb\.etrade\.com, loopback\); set paper: false/);
    const oauth = configError({ loginUrl: 'https://proxy.example.com' });
    expect(oauth.path).toBe('etrade-main.loginUrl');
    expect(oauth.message).toContain('https://proxy.example.com');
    for (const sneaky of ['https://API.ETRADE.COM:443', 'https://api.etrade.com.', 'https://apisb.etrade.com.evil.example']) {
      expect(EtradeConfigSchema.safeParse({ baseUrl: sneaky }).success, sneaky).toBe(false);
    }
  });

  it('accepts the sandbox and loopback while paper; refuses the sandbox while live; https only off loopback', () => {
    expect(EtradeConfigSchema.parse({ baseUrl: 'https://apisb.etrade.com/' }).baseUrl).toBe('https://apisb.etrade.com/');
    expect(EtradeConfigSchema.parse({ baseUrl: 'http://127.0.0.1:8080' }).baseUrl).toBe('http://127.0.0.1:8080');
    expect(() => EtradeConfigSchema.parse({ paper: false, baseUrl: 'https://apisb.etrade.com' })).toThrow(/sandbox host while paper is false/);
    expect(() => EtradeConfigSchema.parse({ baseUrl: 'http://apisb.etrade.com' })).toThrow(/https/);
  });

  it('takes an access token only with its secret, and never shows a secret in the error', () => {
    const error = configError({ accessToken: CANARY_SECRET });
    expect(error.path).toBe('etrade-main.accessTokenSecret');
    expect(error.message).not.toContain(CANARY_SECRET);
  });

  it('reads ETRADE_* variables; ETRADE_SANDBOX must say true or false', () => {
    expect(etradeConfigFromEnv({ ETRADE_CONSUMER_KEY: ' ck ', ETRADE_CONSUMER_SECRET: 'cs', ETRADE_ACCOUNT: '83405188', ETRADE_SANDBOX: 'FALSE' })).toEqual({
      consumerKey: 'ck',
      consumerSecret: 'cs',
      account: '83405188',
      paper: false,
    });
    expect(etradeConfigFromEnv({ ETRADE_SANDBOX: '' })).toEqual({});
    expect(() => registry().createFromEnv('etrade', { ETRADE_SANDBOX: 'maybe' }, ctx)).toThrow(ConfigError);
  });
});
