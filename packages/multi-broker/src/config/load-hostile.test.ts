// Config files are user input, and sometimes copied from someone else: names that are also
// properties of Object.prototype, nesting and sizes nobody writes by hand. Each ends in one
// ConfigError or a valid config, quickly.
import fc from 'fast-check';
import { z } from 'zod';
import { BrokerRegistry, ConfigError, type Broker, type BrokerPlugin } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { MAX_BROKERS, parseConfigJson, parseInvestConfig } from './load.ts';

const simLike: BrokerPlugin<{ initialCash: number }> = {
  type: 'sim', displayName: 'Sim',
  configSchema: z.strictObject({ initialCash: z.number().positive().default(100_000) }),
  envNames: {}, fromEnv: () => ({}), credentials: [],
  create: () => ({}) as Broker,
};
const registry = () => new BrokerRegistry().register(simLike);
const PROTO_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];

/** Parses `text` as the loader does (JSON.parse keeps `__proto__` as an own key). */
function load(text: string) {
  return parseInvestConfig(parseConfigJson(text, 'brokers.json'), registry());
}

function refusal(text: string): ConfigError {
  try {
    load(text);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error(`expected a ConfigError for ${text.slice(0, 200)}`);
}

describe('prototype names in the config', () => {
  it.each(PROTO_KEYS)('type "%s" is an unknown type, never a property of Object.prototype', (type) => {
    const e = refusal(JSON.stringify({ brokers: { a: { type } } }));
    expect(e.path).toBe('brokers.a.type');
    expect(e.message).toContain(`unknown type "${type}"; if a plugin provides it, list it in plugins`);
  });

  it.each(PROTO_KEYS)('default_broker "%s" names no configured broker', (name) => {
    const e = refusal(JSON.stringify({ default_broker: name, brokers: { a: { type: 'sim' } } }));
    expect(e.path).toBe('default_broker');
    expect(e.message).toContain(`names no configured broker: "${name}"`);
  });

  it('a broker named __proto__ is refused by name, not silently dropped', () => {
    const e = refusal('{"brokers":{"__proto__":{"type":"sim"},"a":{"type":"sim"}}}');
    expect(e.message).toMatch(/brokers\.__proto__: broker names may hold letters/);
  });

  it('a broker named constructor or toString is a broker like any other', () => {
    const config = load('{"default_broker":"toString","brokers":{"constructor":{"type":"sim"},"toString":{"type":"sim","initialCash":5}}}');
    expect(config.brokers.map((b) => [b.name, b.settings])).toEqual([['constructor', { initialCash: 100_000 }], ['toString', { initialCash: 5 }]]);
    expect(config.defaultBroker).toBe('toString');
  });

  it('a __proto__ key inside an entry is an unknown setting, not a new prototype', () => {
    expect(refusal('{"brokers":{"a":{"type":"sim","__proto__":{"initialCash":5}}}}').path).toBe('brokers.a.__proto__');
    expect(refusal('{"brokers":{"a":{"__proto__":{"type":"sim"}}}}').path).toBe('brokers.a.type');
  });

  it(`more than ${MAX_BROKERS} brokers is one line, fast, even 150 000 of them`, () => {
    const text = `{"brokers":{${Array.from({ length: 150_000 }, (_, i) => `"b${i}":{"type":"sim"}`).join(',')}}}`;
    const started = performance.now();
    const e = refusal(text);
    expect(e.message).toBe(`Invalid config: brokers: has 150000 brokers, more than the ${MAX_BROKERS} a config may hold`);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

/** A JSON value as text, with object keys written as given (so `__proto__` stays a key). */
type Json = null | boolean | number | string | Json[] | { entries: [string, Json][] };
function toText(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(toText).join(',')}]`;
  if (value !== null && typeof value === 'object') return `{${value.entries.map(([k, v]) => `${JSON.stringify(k)}:${toText(v)}`).join(',')}}`;
  return JSON.stringify(value);
}

const KEYS = [...PROTO_KEYS, 'type', 'sim', 'a', 'b', 'brokers', 'default_broker', 'plugins', 'risk', 'weight', 'enabled', 'paper_trading', 'initialCash', 'max_daily_loss', 'max_position_size'];
const key = fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 6 }));
const { json } = fc.letrec<{ json: Json; object: Json }>((tie) => ({
  json: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.constant(null), fc.boolean(), fc.double(), fc.integer(), fc.constantFrom(...KEYS), tie('object'), fc.array(tie('json'), { maxLength: 4 })),
  object: fc.array(fc.tuple(key, tie('json')), { maxLength: 5 }).map((entries) => ({ entries })),
}));
const entry = fc.array(fc.tuple(fc.constantFrom('type', 'initialCash', 'weight', 'enabled', 'paper_trading', 'max_position_size', ...PROTO_KEYS), fc.oneof(fc.constantFrom<Json>('sim', ...PROTO_KEYS), json)), { maxLength: 4 }).map((entries) => ({ entries }));
const doc = fc.record({
  brokers: fc.array(fc.tuple(key, fc.oneof(entry, json)), { maxLength: 4 }).map((entries): Json => ({ entries })),
  rest: fc.array(fc.tuple(fc.constantFrom('default_broker', 'plugins', 'risk', ...PROTO_KEYS), json), { maxLength: 3 }),
});
const deep = (depth: number, open: string, close: string) => `${open.repeat(depth)}1${close.repeat(depth)}`;

describe('the loader under random input (fuzz)', () => {
  it('every document ends in a ConfigError or a valid config, each within a bounded time', () => {
    fc.assert(
      fc.property(doc, ({ brokers, rest }) => {
        const text = toText({ entries: [['brokers', brokers], ...rest] });
        const started = performance.now();
        let config;
        try {
          config = load(text);
        } catch (e) {
          expect(e, text).toBeInstanceOf(ConfigError);
          return;
        } finally {
          expect(performance.now() - started).toBeLessThan(500);
        }
        const parsed = JSON.parse(text) as { brokers: object; default_broker?: string };
        for (const b of config.brokers) {
          expect(Object.hasOwn(parsed.brokers, b.name)).toBe(true);
          expect(b.type).toBe('sim');
        }
        if (config.defaultBroker !== undefined) expect(config.brokers.some((b) => b.name === config.defaultBroker)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it.each([
    ['deep arrays in a setting', `{"brokers":{"a":{"type":"sim","initialCash":${deep(50_000, '[', ']')}}}}`],
    ['deep objects in risk', `{"brokers":{},"risk":${deep(50_000, '{"a":', '}').replace('1}', '1}')}}`],
    ['deep nesting as a broker', `{"brokers":{"a":${deep(50_000, '[', ']')}}}`],
    ['a huge plugins array', `{"brokers":{},"plugins":[${Array.from({ length: 200_000 }, () => '"x"').join(',')}]}`],
    ['a huge array as default_broker', `{"brokers":{},"default_broker":[${'1,'.repeat(200_000)}1]}`],
  ])('%s is a ConfigError within a bounded time', (_, text) => {
    const started = performance.now();
    let error: unknown;
    try {
      load(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message.length).toBeLessThan(400);
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
