import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { BrokerRegistry, ConfigError, type Broker, type BrokerPlugin } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { CANARY_SECRET } from '../../../../tools/test-setup/canary.ts';
import { loadInvestConfig, loadPlugins, parseInvestConfig } from './load.ts';

const fakePlugin: BrokerPlugin<{ apiKey: string; secretKey: string; paper: boolean }> = {
  type: 'fake', displayName: 'Fake',
  configSchema: z.object({ apiKey: z.string().min(1), secretKey: z.string().min(12), paper: z.boolean().default(true) }),
  envNames: {}, fromEnv: () => ({}), credentials: [],
  create: () => ({}) as Broker,
};
const registry = () => new BrokerRegistry().register(fakePlugin);
const good = {
  default_broker: 'main',
  brokers: { main: { type: 'fake', apiKey: 'k', secretKey: 'longer-than-12', max_position_size: 0.1, weight: 2 }, second: { type: 'fake', apiKey: 'k2', secretKey: 'longer-than-12', paper_trading: false } },
  risk: { max_daily_loss: 2000 },
};

function refusal(doc: unknown): ConfigError {
  try {
    parseInvestConfig(doc, registry());
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('parseInvestConfig', () => {
  it('reads the original shape: defaults, paper by default, risk per broker and global, plugin settings', () => {
    const config = parseInvestConfig(good, registry());
    expect(config.defaultBroker).toBe('main');
    expect(config.risk).toEqual({ max_daily_loss: 2000 });
    expect(config.brokers[0]).toMatchObject({ name: 'main', paper: true, weight: 2, risk: { max_position_size: 0.1 }, settings: { apiKey: 'k', paper: true } });
    expect(config.brokers[1]).toMatchObject({ name: 'second', paper: false, weight: 1, settings: { paper: false } });
  });

  it.each([
    [{ ...good, brokers: { main: { ...good.brokers.main, max_position_size: '10%' } } }, 'brokers.main.max_position_size', /must be number, got "10%"/],
    [{ ...good, brokers: { main: { apiKey: 'k' } } }, 'brokers.main.type', /is required/],
    [{ ...good, brokers: { main: { ...good.brokers.main, max_postion_size: 0.1 } } }, 'brokers.main.max_postion_size', /did you mean "max_position_size"\?/],
    [{ ...good, brokers: { main: { ...good.brokers.main, apikey: 'x' } } }, 'brokers.main.apikey', /did you mean "apiKey"\?/],
    [{ ...good, default_brokr: 'main' }, 'default_brokr', /is not a known field \(did you mean "default_broker"\?\)/],
    [{ ...good, default_broker: 'mian' }, 'default_broker', /names no configured broker: "mian" \(did you mean "main"\?\)/],
    [{ ...good, brokers: { main: { ...good.brokers.main, type: 'alpacca' } } }, 'brokers.main.type', /unknown type "alpacca"; if a plugin provides it, list it in plugins/],
    [{ ...good, risk: { max_daily_los: 5 } }, 'risk.max_daily_los', /did you mean "max_daily_loss"/],
    [{ ...good, brokers: { main: { ...good.brokers.main, paper_trading: 'no' } } }, 'brokers.main.paper_trading', /must be true or false/],
  ])('names the path of a bad config (%#)', (doc, path, message) => {
    const e = refusal(doc);
    expect(e.path).toBe(path);
    expect(e.message).toContain(`${path}:`);
    expect(e.message).toMatch(message);
  });

  it('never shows the value of a secret setting', () => {
    const e = refusal({ brokers: { main: { type: 'fake', apiKey: 'k', secretKey: CANARY_SECRET.slice(0, 8) } } });
    expect(e.message).toBe('Invalid config: brokers.main.secretKey: is not valid (value hidden)');
  });
});

describe('loadInvestConfig', () => {
  it('names line and column of a JSON syntax error, and never rewrites the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'invest-config-'));
    const file = join(dir, 'brokers.json');
    const text = '{\n  "brokers": {\n    "main": { "type": "fake", }\n  }\n}\n';
    await writeFile(file, text);
    await expect(loadInvestConfig(file, registry())).rejects.toThrow(/brokers\.json:3:\d+ is not valid JSON/);
    expect(await readFile(file, 'utf8')).toBe(text);
    await expect(loadInvestConfig(join(dir, 'missing.json'), registry())).rejects.toThrow(/run `invest init`/);
  });
});

describe('loadPlugins', () => {
  it('registers what a listed package exports, and names a missing one', async () => {
    const reg = new BrokerRegistry();
    await loadPlugins(['my-plugin'], reg, async () => ({ plugin: { ...fakePlugin, type: 'mine' } }));
    expect(reg.has('mine')).toBe(true);
    await expect(loadPlugins(['nope'], reg, async () => { throw new Error('not found'); })).rejects.toThrow(/cannot load "nope" \(is it installed in this project\? npm install nope\)/);
    await expect(loadPlugins(['empty'], reg, async () => ({}))).rejects.toThrow(/exports no `plugin`/);
  });
});
