import { BrokerRegistry, ConfigError, silentLogger, systemClock } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { CANARY_SECRET } from '../../../tools/test-setup/canary.ts';
import { ALPACA_ENDPOINTS, AlpacaConfigSchema, alpacaConfigFromEnv, alpacaEndpoints } from './config.ts';
import { alpacaPlugin } from './plugin.ts';

const registry = (): BrokerRegistry => new BrokerRegistry().register(alpacaPlugin);

describe('config', () => {
  it('is paper by default, on the paper hosts, IEX feed, 200 requests a minute', () => {
    const config = AlpacaConfigSchema.parse({});
    expect(config).toMatchObject({ paper: true, feed: 'iex', rateLimitPerMinute: 200, streaming: true, timeoutMs: 10_000 });
    expect(alpacaEndpoints(config)).toEqual({
      trading: 'https://paper-api.alpaca.markets',
      data: 'https://data.alpaca.markets',
      stream: 'wss://paper-api.alpaca.markets/stream',
    });
  });

  it('is live only with paper: false written out', () => {
    expect(alpacaEndpoints(AlpacaConfigSchema.parse({ paper: false }))).toEqual({
      trading: ALPACA_ENDPOINTS.trading.live,
      data: ALPACA_ENDPOINTS.data,
      stream: ALPACA_ENDPOINTS.stream.live,
    });
    expect(() => AlpacaConfigSchema.parse({ paper: 'false' })).toThrow();
    expect(() => AlpacaConfigSchema.parse({ paper: 0 })).toThrow();
  });

  it('reads the original env names; ALPACA_PAPER_TRADING must say true or false', () => {
    expect(alpacaConfigFromEnv({ ALPACA_API_KEY: ' PKX ', ALPACA_SECRET_KEY: 's', ALPACA_PAPER_TRADING: 'FALSE' })).toEqual({ apiKey: 'PKX', secretKey: 's', paper: false });
    expect(alpacaConfigFromEnv({ ALPACA_PAPER_TRADING: '1' })).toEqual({ paper: true });
    expect(alpacaConfigFromEnv({ ALPACA_PAPER_TRADING: '' })).toEqual({});
    const error = (() => {
      try {
        registry().createFromEnv('alpaca', { ALPACA_PAPER_TRADING: 'maybe' });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).path).toBe('alpaca.paper');
  });

  it('refuses a config that says paper but points at the live host, and plain http off loopback', () => {
    expect(() => AlpacaConfigSchema.parse({ baseUrl: 'https://api.alpaca.markets' })).toThrow(/live host/);
    expect(() => AlpacaConfigSchema.parse({ paper: false, baseUrl: 'https://paper-api.alpaca.markets' })).toThrow(/paper host/);
    expect(() => AlpacaConfigSchema.parse({ baseUrl: 'http://proxy.example.com' })).toThrow();
    expect(() => AlpacaConfigSchema.parse({ streamUrl: 'ws://proxy.example.com/stream' })).toThrow();
    expect(AlpacaConfigSchema.parse({ baseUrl: 'http://127.0.0.1:8080' }).baseUrl).toBe('http://127.0.0.1:8080');
  });

  it('derives the stream URL from a trading URL override', () => {
    const config = AlpacaConfigSchema.parse({ baseUrl: 'https://alpaca-proxy.example.com/api/' });
    expect(alpacaEndpoints(config)).toMatchObject({ trading: 'https://alpaca-proxy.example.com/api', stream: 'wss://alpaca-proxy.example.com/api/stream' });
  });

  it('never shows a secret value in a config error', () => {
    let error: unknown;
    try {
      registry().create('alpaca', { apiKey: 'PKX', secretKey: 7, extra: CANARY_SECRET, rateLimitPerMinute: -1 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).not.toContain(CANARY_SECRET);
    expect((error as Error).message).toMatch(/secretKey: is not valid \(value hidden\)/);
  });
});

describe('plugin', () => {
  it('is a plain object with env names and credential fields, registering nothing on import', () => {
    expect(alpacaPlugin.type).toBe('alpaca');
    expect(alpacaPlugin.envNames).toEqual({ apiKey: 'ALPACA_API_KEY', secretKey: 'ALPACA_SECRET_KEY', paper: 'ALPACA_PAPER_TRADING' });
    expect(alpacaPlugin.credentials.map((c) => [c.key, c.env, c.secret])).toEqual([
      ['apiKey', 'ALPACA_API_KEY', true],
      ['secretKey', 'ALPACA_SECRET_KEY', true],
    ]);
    const broker = registry().createFromEnv('alpaca', { ALPACA_API_KEY: 'PKX', ALPACA_SECRET_KEY: CANARY_SECRET }, { name: 'alpaca-main' });
    expect([broker.type, broker.name, broker.connected]).toEqual(['alpaca', 'alpaca-main', false]);
    expect(alpacaPlugin.create(AlpacaConfigSchema.parse({}), { name: 'alpaca-main', logger: silentLogger, clock: systemClock }).paper).toBe(true);
    expect(broker.capabilities.clientOrderId.maxLength).toBe(128);
  });

  it('a config with streaming off declares no streaming', () => {
    expect(registry().create('alpaca', { streaming: false }).capabilities.streaming).toBe(false);
  });
});
