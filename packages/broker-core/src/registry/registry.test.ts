import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { RecordingBroker } from '../../test/recording-broker.ts';
import { CANARY_SECRET } from '../../../../tools/test-setup/canary.ts';
import { ConfigError } from '../errors/subclasses.ts';
import type { BrokerPlugin } from '../plugin.ts';
import { BrokerFactory, BrokerRegistry, defaultRegistry } from './registry.ts';

const schema = z.strictObject({ apiKey: z.string().min(1), secretKey: z.string().min(8), paper: z.boolean().default(true) });
type Cfg = z.infer<typeof schema>;

function plugin(type = 'fake'): BrokerPlugin<Cfg> & { created: Cfg[] } {
  const created: Cfg[] = [];
  return {
    type, displayName: 'Fake', configSchema: schema, created,
    envNames: { apiKey: 'FAKE_API_KEY', secretKey: 'FAKE_SECRET_KEY', paper: 'FAKE_PAPER' },
    fromEnv: (env) => ({ apiKey: env.FAKE_API_KEY, secretKey: env.FAKE_SECRET_KEY, paper: env.FAKE_PAPER === undefined ? undefined : env.FAKE_PAPER !== 'false' }),
    credentials: [{ key: 'secretKey', label: 'Secret', secret: true, env: 'FAKE_SECRET_KEY', required: true }],
    create: (config, ctx) => { created.push(config); return new RecordingBroker(ctx.name); },
  };
}

describe('BrokerRegistry', () => {
  it('registers, lists and creates with a validated config', () => {
    const p = plugin();
    const registry = new BrokerRegistry().register(p);
    expect(registry.has('fake')).toBe(true);
    expect(registry.list().map((x) => x.type)).toEqual(['fake']);
    const broker = registry.create('fake', { apiKey: 'k', secretKey: 'longenough' }, { name: 'main' });
    expect(broker.name).toBe('main');
    expect(p.created[0]).toEqual({ apiKey: 'k', secretKey: 'longenough', paper: true });
  });

  it('refuses a duplicate type and malformed plugins', () => {
    const registry = new BrokerRegistry().register(plugin());
    expect(() => registry.register(plugin())).toThrow(/already registered/);
    expect(() => registry.register({ ...plugin(), type: 'Bad Type' })).toThrow(ConfigError);
    expect(() => registry.register({} as never)).toThrow(ConfigError);
  });

  it('an unknown type names the registered ones', () => {
    expect(() => new BrokerRegistry().register(plugin()).get('alpaca')).toThrow(/Unknown broker type "alpaca" \(registered: fake\)/);
  });

  it('a bad config is a ConfigError naming the field, and never shows a secret value', () => {
    const registry = new BrokerRegistry().register(plugin());
    const err = (() => {
      try {
        registry.create('fake', { apiKey: '', secretKey: CANARY_SECRET.slice(0, 3), extra: 1 }, { name: 'acct' });
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect(err?.message).toMatch(/^Invalid config: acct\.apiKey: is not valid \(value hidden\)/);
    expect(err?.message).toMatch(/acct\.secretKey: is not valid \(value hidden\)/);
    expect(err?.message).toMatch(/acct\.extra: is not a known field/);
    expect(err?.path).toBe('acct.apiKey');
    expect(err?.message).not.toContain(CANARY_SECRET.slice(0, 3));
  });

  it('createFromEnv reads the plugin\'s env names', () => {
    const p = plugin();
    const registry = new BrokerRegistry().register(p);
    registry.createFromEnv('fake', { FAKE_API_KEY: 'key', FAKE_SECRET_KEY: CANARY_SECRET, FAKE_PAPER: 'false' });
    expect(p.created[0]).toEqual({ apiKey: 'key', secretKey: CANARY_SECRET, paper: false });
    expect(() => registry.createFromEnv('fake', {})).toThrow(/fake\.apiKey: is required/);
  });

  it('BrokerFactory uses the default registry', () => {
    defaultRegistry.register(plugin('factory-test'));
    expect(BrokerFactory.createBroker('factory-test', { apiKey: 'k', secretKey: 'longenough' }).type).toBe('recording');
  });
});
