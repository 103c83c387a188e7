// The paper default, the live-port rule, host and env handling, as a user meets them through
// the registry (ConfigError naming the field and value).
import { BrokerRegistry, silentLogger, systemClock } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { IbkrConfigSchema, ibkrConfigFromEnv, ibkrPort, isLocalTws } from '../src/config.ts';
import { ibkrPlugin } from '../src/plugin.ts';

const registry = new BrokerRegistry().register(ibkrPlugin);
const ctx = { name: 'ibkr', logger: silentLogger, clock: systemClock };
const configError = (config: Record<string, unknown>): Error => {
  try {
    registry.create('ibkr', config, ctx);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a ConfigError');
};

describe('config', () => {
  it('is paper on 127.0.0.1:7497 with client id 1 by default', () => {
    const config = IbkrConfigSchema.parse({});
    expect(config).toMatchObject({ paper: true, host: '127.0.0.1', clientId: 1, messagesPerSecond: 40 });
    expect(ibkrPort(config)).toBe(7497);
    expect(isLocalTws(config)).toBe(true);
  });

  it('live needs paper: false and then defaults to 7496', () => {
    expect(ibkrPort(IbkrConfigSchema.parse({ paper: false }))).toBe(7496);
    expect(ibkrPort(IbkrConfigSchema.parse({ paper: false, port: 4001 }))).toBe(4001);
  });

  it.each([7496, 4001])('with paper on, the live port %i is a ConfigError naming port', (port) => {
    const error = configError({ port });
    expect(error).toMatchObject({ code: 'CONFIG' });
    expect(error.message).toMatch(new RegExp(`port: is ${port}, a live trading port`));
    expect(error.message).toMatch(/paper_trading: false/);
  });

  it.each([7497, 4002])('with paper off, the paper port %i is refused', (port) => {
    expect(configError({ paper: false, port }).message).toMatch(new RegExp(`port: is ${port}, a paper trading port`));
  });

  it('a host is a name or address, not a URL', () => {
    expect(configError({ host: 'http://127.0.0.1:7497' }).message).toMatch(/host: must be a host name or IP address/);
    expect(IbkrConfigSchema.parse({ host: 'tws.internal' }).host).toBe('tws.internal');
    expect(isLocalTws(IbkrConfigSchema.parse({ host: 'tws.internal' }))).toBe(false);
    for (const host of ['::1', '[::1]', 'localhost', '127.0.0.2']) expect(isLocalTws(IbkrConfigSchema.parse({ host })), host).toBe(true);
    expect(isLocalTws(IbkrConfigSchema.parse({ host: 'tws.test' }))).toBe(false);
  });

  it('unknown keys are refused', () => {
    expect(configError({ client_id: 1 }).message).toMatch(/client_id/);
  });

  it('reads IBKR_HOST, IBKR_PORT, IBKR_CLIENT_ID, IBKR_ACCOUNT and IBKR_PAPER_TRADING', () => {
    expect(ibkrConfigFromEnv({ IBKR_HOST: ' 127.0.0.1 ', IBKR_PORT: '7497', IBKR_CLIENT_ID: '3', IBKR_ACCOUNT: 'DU1', IBKR_PAPER_TRADING: 'false' }))
      .toEqual({ host: '127.0.0.1', port: 7497, clientId: 3, account: 'DU1', paper: false });
    expect(ibkrConfigFromEnv({ IBKR_PORT: '', IBKR_CLIENT_ID: 'x' })).toEqual({ clientId: 'x' });
    expect(configError(ibkrConfigFromEnv({ IBKR_CLIENT_ID: 'x' })).message).toMatch(/clientId/);
  });

  it('the plugin creates the adapter with the config applied', () => {
    const broker = registry.create('ibkr', { clientId: 4 }, ctx);
    expect(broker).toMatchObject({ type: 'ibkr', name: 'ibkr', connected: false });
  });
});
