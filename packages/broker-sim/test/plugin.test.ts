import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccountInfoSchema, BrokerError, BrokerRegistry, CapabilitiesSchema, ConfigError, InvalidOrderError, ManualClock, withRetry } from '@invest/broker-core';
import { afterAll, describe, expect, test } from 'vitest';
import { legacyStatePath, MEMORY_STATE, SIM_ENV_NAMES, SimBroker, simAccountOf, simConfigFromEnv, simPlugin } from '../src/index.ts';

const home = mkdtempSync(join(tmpdir(), 'sim-plugin-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));
const clock = new ManualClock(Date.parse('2026-03-02T15:00:00Z'));

describe('simPlugin', () => {
  test('registers as sim, needs no credentials, and is paper by its capabilities and its account', async () => {
    const registry = new BrokerRegistry().register(simPlugin);
    const sim = registry.create('sim', { home, prices: { kind: 'static', quotes: { AAPL: 187.23 } } }, { name: 'paper', clock });
    expect(sim.type).toBe('sim');
    expect(sim.name).toBe('paper');
    expect(simPlugin.credentials).toEqual([]);
    expect(CapabilitiesSchema.parse(sim.capabilities)).toMatchObject({ paper: true, streaming: true, replace: true });
    const account = AccountInfoSchema.parse(await sim.getAccount());
    expect(account).toMatchObject({ paper: true, accountId: 'SIM-paper', cash: 100_000, currency: 'USD', accountType: 'cash' });
  });

  test('keeps state under the invest home by default, so the next run finds it', async () => {
    const registry = new BrokerRegistry().register(simPlugin);
    const first = simAccountOf(registry.create('sim', { home, prices: { kind: 'static', quotes: { AAPL: 187.23 } } }, { name: 'cli', clock }));
    expect(first.stateFile).toBe(join(home, 'state.db'));
    await first.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 2 });
    expect(existsSync(join(home, 'state.db'))).toBe(true);
    const second = registry.create('sim', { home, prices: { kind: 'static', quotes: { AAPL: 187.23 } } }, { name: 'cli', clock });
    expect(await second.getPosition('AAPL')).toMatchObject({ quantity: 2, averageCost: 187.23 });
  });

  test('INVEST_HOME through the environment; :memory: keeps nothing', async () => {
    const registry = new BrokerRegistry().register(simPlugin);
    const fromEnv = simAccountOf(registry.createFromEnv('sim', { INVEST_HOME: home, SIM_STATE_FILE: undefined }, { name: 'env', clock }));
    expect(fromEnv.stateFile).toBe(join(home, 'state.db'));
    const memory = simAccountOf(registry.create('sim', { stateFile: MEMORY_STATE }, { name: 'mem', clock }));
    expect(memory.stateFile).toBeUndefined();
  });

  test('what the registry makes is validated, and simAccountOf finds the simulator behind any wrapper', async () => {
    const registry = new BrokerRegistry().register(simPlugin);
    const wrapped = withRetry(registry.create('sim', { stateFile: MEMORY_STATE, prices: { kind: 'none' } }, { name: 'wrapped', clock }));
    await expect(wrapped.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: -1 })).rejects.toMatchObject({ field: 'quantity', outcome: 'denied' });
    const sim = simAccountOf(wrapped);
    await sim.setQuote(' aapl ', { bid: 99.99, ask: 100.01, last: 100 });
    expect(await sim.getQuote('AAPL')).toMatchObject({ symbol: 'AAPL', ask: 100.01 });
    await expect(sim.setQuote('not a symbol!', { last: 1 })).rejects.toBeInstanceOf(InvalidOrderError);
    // Numbered by the simulator when the caller gives no client order id.
    expect((await sim.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 1 })).clientOrderId).toBe('sim-000001');
    expect(() => simAccountOf({ name: 'x', type: 'other', events: {} } as never)).toThrow(BrokerError);
    // A bare adapter gets core's edge in front of it.
    const bare = new SimBroker(simPlugin.configSchema.parse({ stateFile: MEMORY_STATE }), { clock });
    await expect(simAccountOf(bare as never).submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 0 })).rejects.toMatchObject({ field: 'quantity' });
  });

  test('accounts of one home share its state database, each under its own name', async () => {
    const registry = new BrokerRegistry().register(simPlugin);
    const config = { home, prices: { kind: 'static', quotes: { AAPL: 187.23 } } } as const;
    const a = simAccountOf(registry.create('sim', config, { name: 'one', clock }));
    const b = simAccountOf(registry.create('sim', config, { name: 'two', clock }));
    expect(b.stateFile).toBe(a.stateFile);
    await a.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 3 });
    expect(await b.getPositions()).toEqual([]);
    expect(await registry.create('sim', config, { name: 'one', clock }).getPosition('AAPL')).toMatchObject({ quantity: 3 });
  });

  test('a name that is not a safe file name is made one (the old state file it would import)', () => {
    expect(legacyStatePath('../../etc/passwd', home)).toBe(join(home, 'sim', '__.._etc_passwd.json'));
  });
});

describe('configuration from the environment', () => {
  test('every variable maps to its setting, numbers and booleans converted', () => {
    const config = simConfigFromEnv({
      SIM_INITIAL_CASH: '25000', SIM_SEED: '7', SIM_ACCOUNT_TYPE: 'margin', SIM_SHORT_SELLING: 'true', SIM_FRACTIONAL: '0',
      SIM_COMMISSION_PER_SHARE: '0.005', SIM_COMMISSION_MINIMUM: '1', SIM_SLIPPAGE_BPS: '5', SIM_LIQUIDITY: 'yes',
      SIM_PRICES: 'AAPL=187.23, msft=410', SIM_SESSION: 'always', SIM_STATE_FILE: '/tmp/x.json', SIM_POLL_MS: '1000',
    });
    expect(config).toEqual({
      initialCash: 25_000, seed: 7, accountType: 'margin', shortSelling: true, fractional: false,
      commission: { perShare: 0.005, minimum: 1 }, slippageBps: 5, liquidity: true,
      prices: { kind: 'static', quotes: { AAPL: 187.23, MSFT: 410 } }, session: 'always', stateFile: '/tmp/x.json', pollMs: 1000,
    });
    expect(simPlugin.configSchema.safeParse(config).success).toBe(true);
  });

  test('a CSV file implies the csv source', () => {
    expect(simConfigFromEnv({ SIM_PRICE_FILE: 'q.csv' })).toEqual({ prices: { kind: 'csv', file: 'q.csv' } });
  });

  test('a bad value is refused naming the setting, with the value as given', () => {
    const registry = new BrokerRegistry().register(simPlugin);
    expect(() => registry.createFromEnv('sim', { SIM_INITIAL_CASH: 'lots' }, { clock })).toThrow(ConfigError);
    expect(() => registry.createFromEnv('sim', { SIM_INITIAL_CASH: 'lots' }, { clock })).toThrow(/initialCash: must be a number, got "lots"/);
    expect(() => registry.createFromEnv('sim', { SIM_SHORT_SELLING: 'maybe' }, { clock })).toThrow(/shortSelling/);
  });

  test('every env name is a SIM_ variable or INVEST_HOME', () => {
    for (const name of Object.values(SIM_ENV_NAMES)) expect(name).toMatch(/^(SIM_[A-Z_]+|INVEST_HOME)$/);
    expect(simPlugin.envNames).toBe(SIM_ENV_NAMES);
  });
});
