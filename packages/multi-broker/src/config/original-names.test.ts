import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { BrokerRegistry, ConfigError, type Broker, type BrokerPlugin } from '@invest/broker-core';
import { simPlugin } from '@invest/broker-sim';
import { describe, expect, it } from 'vitest';
import { managerFromConfig } from '../manager/from-config.ts';
import { configuredTypes, parseInvestConfig } from './load.ts';
import { loadPluginsFor } from './plugin-entries.ts';
import { NOT_YET_AVAILABLE, notYetAvailablePlugin } from './original-names.ts';

// The example config of the original README, as its users have it on disk.
const fixture = async (): Promise<Record<string, unknown>> =>
  JSON.parse(await readFile(new URL('../../test/fixtures/original-brokers.json', import.meta.url), 'utf8')) as Record<string, unknown>;

// Stands in for the Alpaca adapter (not a dependency of this package): its config keys are Alpaca's.
const alpacaLike: BrokerPlugin<{ paper: boolean }> = {
  type: 'alpaca', displayName: 'Alpaca', configSchema: z.strictObject({ paper: z.boolean().default(true) }),
  envNames: {}, fromEnv: () => ({}), credentials: [], create: () => ({}) as Broker,
};
// Stands in for the IBKR adapter: its config keys are @invest/broker-ibkr's (clientId, not client_id).
const ibkrLike: BrokerPlugin<{ paper: boolean }> = {
  type: 'ibkr', displayName: 'Interactive Brokers',
  configSchema: z.strictObject({ paper: z.boolean().default(true), host: z.string().default('127.0.0.1'), port: z.number().int().optional(), clientId: z.number().int().default(1) }),
  envNames: {}, fromEnv: () => ({}), credentials: [], create: () => ({}) as Broker,
};
const registry = () => new BrokerRegistry().register(simPlugin).register(alpacaLike).register(ibkrLike);

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
  it('loads as written: simulation is sim, initial_balance is initialCash, a numeric commission is a fee per order, ibkr client_id is clientId', async () => {
    const config = parseInvestConfig(await fixture(), registry());
    expect(config.defaultBroker).toBe('alpaca_paper');
    const byName = Object.fromEntries(config.brokers.map((b) => [b.name, b]));
    expect(byName.simulation).toMatchObject({ type: 'sim', paper: true, settings: { initialCash: 100_000, commission: { perOrder: 0, perShare: 0, minimum: 0 } } });
    expect(byName.alpaca_paper).toMatchObject({ type: 'alpaca', risk: { max_position_size: 0.05, stop_loss_pct: 0.02 } });
    expect(byName.ibkr).toMatchObject({ type: 'ibkr', paper: true, settings: { paper: true, host: '127.0.0.1', port: 7497, clientId: 1 } });
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

  it('ibkr is a real type now: no stand-in, and both spellings of the client id are refused', async () => {
    expect(NOT_YET_AVAILABLE).toEqual({});
    expect(notYetAvailablePlugin('ibkr')).toBeUndefined();
    const e = configError(() => parseInvestConfig({ brokers: { tws: { type: 'ibkr', client_id: 1, clientId: 2 } } }, registry()));
    expect(e.message).toBe('Invalid config: brokers.tws.clientId: is the same setting as client_id; give one of them');
  });

  it('without a plugin that provides ibkr, an ibkr entry is an unknown type', async () => {
    const reg = new BrokerRegistry().register(simPlugin).register(alpacaLike);
    await loadPluginsFor(['ibkr'], [], reg);
    expect(reg.has('ibkr')).toBe(false);
    const e = configError(() => parseInvestConfig({ brokers: { tws: { type: 'ibkr' } } }, reg));
    expect(e.message).toMatch(/brokers\.tws\.type: unknown type "ibkr"/);
    const manager = await managerFromConfig({ registry: reg, config: parseInvestConfig({ brokers: { simulation: { type: 'simulation' } } }, reg), journal: false, env: { INVEST_HOME: '/nonexistent-invest-home' } });
    expect(manager.names).toEqual(['simulation']);
  });
});
