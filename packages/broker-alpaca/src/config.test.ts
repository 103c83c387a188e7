import { BrokerRegistry, ConfigError, silentLogger, systemClock } from '@invest/broker-core';
import fc from 'fast-check';
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
    expect(() => AlpacaConfigSchema.parse({ baseUrl: 'https://api.alpaca.markets' })).toThrow(/api\.alpaca\.markets, not a paper host .*set paper_trading: false to trade real money/);
    expect(() => AlpacaConfigSchema.parse({ paper: false, baseUrl: 'https://paper-api.alpaca.markets' })).toThrow(/paper host/);
    expect(() => AlpacaConfigSchema.parse({ baseUrl: 'http://proxy.example.com' })).toThrow();
    expect(() => AlpacaConfigSchema.parse({ streamUrl: 'ws://proxy.example.com/stream' })).toThrow();
    expect(AlpacaConfigSchema.parse({ baseUrl: 'http://127.0.0.1:8080' }).baseUrl).toBe('http://127.0.0.1:8080');
  });

  it('refuses, while paper, every spelling of the live host and anything that is not a paper host or loopback', () => {
    fc.assert(
      fc.property(hostVariant('api.alpaca.markets', true), fc.constantFrom('https', 'wss'), (url, scheme) => {
        const full = `${scheme}://${url}`;
        const field = scheme === 'https' ? 'baseUrl' : 'streamUrl';
        const result = AlpacaConfigSchema.safeParse({ [field]: full });
        expect(result.success, full).toBe(false);
        expect(result.error?.issues.some((i) => i.path[0] === field)).toBe(true);
      }),
      { numRuns: 500 },
    );
    for (const url of ['https://api.alpaca.markets.', 'https://alpaca-proxy.example.com', 'https://paper-api.alpaca.markets.evil.com', 'https://localhost.evil.com']) {
      expect(() => AlpacaConfigSchema.parse({ baseUrl: url }), url).toThrow(/not a paper host|user name/);
    }
  });

  it('accepts, while paper, every spelling of the paper host and loopback; the live host only with paper: false', () => {
    fc.assert(
      fc.property(hostVariant('paper-api.alpaca.markets', false), (url) => {
        expect(AlpacaConfigSchema.safeParse({ baseUrl: `https://${url}`, streamUrl: `wss://${url}` }).success, url).toBe(true);
      }),
      { numRuns: 300 },
    );
    for (const url of ['http://127.0.0.1:8080', 'http://localhost:1', 'http://[::1]:9']) expect(AlpacaConfigSchema.parse({ baseUrl: url }).baseUrl).toBe(url);
    const live = AlpacaConfigSchema.parse({ paper: false, baseUrl: 'https://api.alpaca.markets', streamUrl: 'wss://api.alpaca.markets/stream' });
    expect(alpacaEndpoints(live)).toMatchObject({ trading: 'https://api.alpaca.markets', stream: 'wss://api.alpaca.markets/stream' });
  });

  it('derives the stream URL from a trading URL override', () => {
    const config = AlpacaConfigSchema.parse({ paper: false, baseUrl: 'https://alpaca-proxy.example.com/api/' });
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

/**
 * `host` as a user (or an attacker) might spell it after the scheme: random case, percent escapes,
 * trailing dots, an explicit :443, userinfo (when `userinfo`), a path and a query.
 */
function hostVariant(host: string, userinfo: boolean): fc.Arbitrary<string> {
  const char = (c: string) =>
    fc.oneof(
      fc.constant(c),
      fc.constant(c.toUpperCase()),
      fc.constant(`%${c.charCodeAt(0).toString(16).padStart(2, '0')}`),
      fc.constant(`%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`),
    );
  return fc
    .record({
      chars: fc.tuple(...[...host].map(char)),
      dots: fc.integer({ min: 0, max: 3 }),
      port: fc.constantFrom('', ':443'),
      user: userinfo ? fc.constantFrom('', 'u@', 'u:p@', 'paper-api.alpaca.markets@', '%40:x@') : fc.constant(''),
      path: fc.constantFrom('', '/', '/v2', '/stream', '/v2/orders?x=1', '?a=b#frag'),
    })
    .map(({ chars, dots, port, user, path }) => `${user}${chars.join('')}${'.'.repeat(dots)}${port}${path}`);
}
