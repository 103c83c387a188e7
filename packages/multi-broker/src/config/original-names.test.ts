import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { BrokerRegistry, ConfigError, type Broker, type BrokerPlugin } from '@invest/broker-core';
import { simPlugin } from '@invest/broker-sim';
import { describe, expect, it } from 'vitest';
import { managerFromConfig } from '../manager/from-config.ts';
import { configuredTypes, parseInvestConfig } from './load.ts';
import { loadPluginsFor } from './plugin-entries.ts';
import { isNotYetAvailable, notYetAvailablePlugin } from './original-names.ts';

// The example config of the original README, as its users have it on disk.
const fixture = async (): Promise<Record<string, unknown>> =>
  JSON.parse(await readFile(new URL('../../test/fixtures/original-brokers.json', import.meta.url), 'utf8')) as Record<string, unknown>;

// Stands in for the Alpaca adapter (not a dependency of this package): its config keys are Alpaca's.
const alpacaLike: BrokerPlugin<{ paper: boolean }> = {
  type: 'alpaca', displayName: 'Alpaca', configSchema: z.strictObject({ paper: z.boolean().default(true) }),
  envNames: {}, fromEnv: () => ({}), credentials: [], create: () => ({}) as Broker,
};
const registry = () => new BrokerRegistry().register(simPlugin).register(alpacaLike);

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe("the original's brokers.json", () => {
  it('loads as written: simulation is sim, initial_balance is initialCash, a numeric commission is a fee per order, ibkr is accepted', async () => {
    const config = parseInvestConfig(await fixture(), registry());
    expect(config.defaultBroker).toBe('alpaca_paper');
    const byName = Object.fromEntries(config.brokers.map((b) => [b.name, b]));
    expect(byName.simulation).toMatchObject({ type: 'sim', paper: true, settings: { initialCash: 100_000, commission: { perOrder: 0, perShare: 0, minimum: 0 } } });
    expect(byName.alpaca_paper).toMatchObject({ type: 'alpaca', risk: { max_position_size: 0.05, stop_loss_pct: 0.02 } });
    expect(byName.ibkr).toMatchObject({ type: 'ibkr', paper: true, settings: { host: '127.0.0.1', port: 7497, client_id: 1 } });
    expect(configuredTypes(await fixture())).toEqual(['alpaca', 'ibkr', 'sim']);
  });

  it("accepts the original's per-broker risk settings", async () => {
    const doc = await fixture();
    const brokers = doc.brokers as Record<string, Record<string, unknown>>;
    // The README's "Risk Management Settings" block, its comments removed.
    Object.assign(brokers.simulation!, { max_position_size: 0.05, stop_loss_pct: 0.02, max_daily_loss: 0.05, min_cash_balance: 1000 });
    const sim = parseInvestConfig(doc, registry()).brokers.find((b) => b.name === 'simulation')!;
    expect(sim.risk).toEqual({ max_position_size: 0.05, stop_loss_pct: 0.02, max_daily_loss: 0.05, min_cash_balance: 1000 });
  });

  it('a commission written our way is kept, and both spellings of one setting are refused', async () => {
    const ours = parseInvestConfig({ brokers: { s: { type: 'simulation', commission: { perShare: 0.005 } } } }, registry());
    expect(ours.brokers[0]!.settings).toMatchObject({ commission: { perShare: 0.005, perOrder: 0 } });
    const e = configError(() => parseInvestConfig({ brokers: { s: { type: 'sim', initialCash: 5, initial_balance: 5 } } }, registry()));
    expect(e.message).toBe('Invalid config: brokers.s.initial_balance: is the same setting as initialCash; give one of them');
  });

  it('an ibkr broker cannot be created yet: a ConfigError naming it, while the other brokers are built', async () => {
    const reg = registry();
    const config = parseInvestConfig(await fixture(), reg);
    await loadPluginsFor(configuredTypes(await fixture()), [], reg);
    expect(isNotYetAvailable(reg.get('ibkr'))).toBe(true);
    expect(isNotYetAvailable(simPlugin)).toBe(false);
    const e = configError(() => reg.create('ibkr', {}, { name: 'tws-paper' }));
    expect(e.message).toBe('Interactive Brokers (ibkr) is not available yet in this version: broker "tws-paper" cannot be used');
    const manager = await managerFromConfig({ registry: reg, config, only: ['simulation'], journal: false, env: { INVEST_HOME: '/nonexistent-invest-home' } });
    expect(manager.names).toEqual(['simulation']);
    await expect(managerFromConfig({ registry: reg, config, only: ['ibkr'], journal: false })).rejects.toThrow(/broker "ibkr" cannot be used/);
  });

  it('a plugin that provides ibkr wins over the stand-in', async () => {
    const real: BrokerPlugin<unknown> = { ...alpacaLike, type: 'ibkr', displayName: 'IBKR', configSchema: z.object({}).passthrough() };
    const reg = registry().register(real);
    await loadPluginsFor(['ibkr'], [], reg);
    expect(reg.get('ibkr')).toBe(real);
    expect(notYetAvailablePlugin('alpaca')).toBeUndefined();
  });
});
