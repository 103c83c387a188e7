import { z } from 'zod';
import { ConfigError, formatIssues, parseInput, type BrokerRegistry } from '@invest/broker-core';
import { RiskSettingsSchema, type RiskSettings } from '../risk/settings.ts';
import { readConfigText } from './config-file.ts';
import { loadPluginsFor, pluginEntryProblem, type PluginImporter } from './plugin-entries.ts';
import { canonicalType, notYetAvailablePlugin, translateOriginalSettings } from './original-names.ts';
import { nearestKey } from './suggest.ts';

const RISK_KEYS = Object.keys(RiskSettingsSchema.shape);
/** Keys of a broker entry that the manager reads; everything else is the plugin's own config. */
const ENTRY_KEYS = ['type', 'paper_trading', 'weight', 'enabled', ...RISK_KEYS];
const TOP_KEYS = ['default_broker', 'brokers', 'plugins', 'risk', '$schema'];
/** More brokers than anyone runs; a bound so a hostile file cannot make every command crawl or crash. */
export const MAX_BROKERS = 1000;
const BROKER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** A JSON object (not an array, not null). */
const jsonObject = z.custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), { error: 'must be an object' });

/**
 * The config file's envelope, in the original's shape. Broker names and entries are checked by
 * `parseInvestConfig` by own keys (a name such as `__proto__` or `toString` is a key like any
 * other, never a property of Object.prototype).
 */
export const ConfigFileSchema = z.strictObject({
  $schema: z.string().optional(),
  default_broker: z.string().min(1).optional(),
  brokers: jsonObject,
  plugins: z.array(z.string().min(1).refine((e) => pluginEntryProblem(e) === undefined, { error: (i) => pluginEntryProblem(String(i.input)) ?? 'is refused' })).max(100).default([]),
  risk: RiskSettingsSchema.default({}),
});

export interface BrokerEntry {
  name: string;
  type: string;
  /** Paper / sandbox unless the file says `paper_trading: false`. */
  paper: boolean;
  weight: number;
  enabled: boolean;
  risk: RiskSettings;
  /** The plugin's own config, validated by its schema. */
  settings: unknown;
}

export interface InvestConfig {
  defaultBroker?: string;
  brokers: BrokerEntry[];
  plugins: string[];
  /** Limits across all brokers together. */
  risk: RiskSettings;
}

function configError(path: string, message: string, known?: Iterable<string>, key?: string): ConfigError {
  const hint = known && key ? nearestKey(key, known) : undefined;
  return new ConfigError(`Invalid config: ${path}: ${message}${hint ? ` (did you mean "${hint}"?)` : ''}`, { path });
}

function shapeKeys(schema: unknown): string[] {
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/**
 * Validates a parsed config document: the envelope by the core schema, each broker's risk keys by
 * the risk schema and its other settings by its plugin's schema. Errors are `ConfigError`s whose
 * message gives the path (`brokers.main.max_position_size`) and, for a misspelt key, the nearest
 * known one. `plugins` must already be registered in `registry` (see `loadPlugins`). With `only`,
 * just those brokers are validated and returned (a command that uses one broker loads one plugin).
 *
 * @example
 * ```ts
 * const config = parseInvestConfig(JSON.parse(text), registry)
 * ```
 */
export function parseInvestConfig(doc: unknown, registry: BrokerRegistry, options: { only?: readonly string[] } = {}): InvestConfig {
  const file = parseEnvelope(doc);
  const byName = brokerEntries(file.brokers);
  const brokers: BrokerEntry[] = [];
  for (const [name, entry] of byName) {
    // With `only`, the other brokers' plugins need not even be loaded: they are left out.
    if (options.only && !options.only.includes(name)) continue;
    brokers.push(parseEntry(name, entry, registry));
  }
  if (file.default_broker !== undefined && !byName.has(file.default_broker)) {
    throw configError('default_broker', `names no configured broker: "${file.default_broker}"`, byName.keys(), file.default_broker);
  }
  return { defaultBroker: file.default_broker, brokers, plugins: file.plugins, risk: file.risk };
}

function parseEnvelope(doc: unknown): z.output<typeof ConfigFileSchema> {
  // Counted before zod walks it: 150 000 brokers must be one line, not minutes or a stack overflow.
  const brokers = typeof doc === 'object' && doc !== null && Object.hasOwn(doc, 'brokers') ? (doc as { brokers: unknown }).brokers : undefined;
  if (typeof brokers === 'object' && brokers !== null && Object.keys(brokers).length > MAX_BROKERS) {
    throw configError('brokers', `has ${Object.keys(brokers).length} brokers, more than the ${MAX_BROKERS} a config may hold`);
  }
  const envelope = ConfigFileSchema.safeParse(doc, { reportInput: true });
  if (!envelope.success) {
    const issue = envelope.error.issues[0]!;
    const first = formatIssues(envelope.error)[0]!;
    const key = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
    const known = issue.path[0] === 'risk' ? RISK_KEYS : TOP_KEYS;
    throw configError(first.field, first.message, known, key);
  }
  return envelope.data;
}

/** The brokers by name, from own keys only, each entry a JSON object. */
function brokerEntries(brokers: Record<string, unknown>): Map<string, Record<string, unknown>> {
  const byName = new Map<string, Record<string, unknown>>();
  for (const name of Object.keys(brokers)) {
    const entry = brokers[name];
    if (!BROKER_NAME.test(name)) throw configError(`brokers.${JSON.stringify(name).slice(1, -1).slice(0, 64)}`, 'broker names may hold letters, digits, _ . - (up to 64)');
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw configError(`brokers.${name}`, 'must be an object');
    byName.set(name, entry as Record<string, unknown>);
  }
  return byName;
}

/** Reads `key` of a parsed JSON object only when the object itself holds it. */
function own(entry: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(entry, key) ? entry[key] : undefined;
}

function parseEntry(name: string, entry: Record<string, unknown>, registry: BrokerRegistry): BrokerEntry {
  const at = `brokers.${name}`;
  const written = own(entry, 'type');
  if (typeof written !== 'string' || written.length === 0) throw configError(`${at}.type`, 'is required (a broker type such as "sim" or "alpaca")');
  // The original's spellings (`simulation`) are ours under another name.
  const type = canonicalType(written);
  const plugin = registry.has(type) ? registry.get(type) : notYetAvailablePlugin(type);
  if (!plugin) {
    const known = registry.list().map((p) => p.type);
    throw configError(`${at}.type`, `unknown type "${type}"; if a plugin provides it, list it in plugins (known: ${known.join(', ') || 'none'})`, known, type);
  }
  const paperTrading = own(entry, 'paper_trading');
  const weight = own(entry, 'weight');
  const enabled = own(entry, 'enabled');
  if (paperTrading !== undefined && typeof paperTrading !== 'boolean') throw configError(`${at}.paper_trading`, `must be true or false, got ${JSON.stringify(paperTrading)}`);
  if (weight !== undefined && !(typeof weight === 'number' && Number.isFinite(weight) && weight >= 0)) {
    throw configError(`${at}.weight`, `must be a number >= 0, got ${JSON.stringify(weight)?.slice(0, 40)}`);
  }
  if (enabled !== undefined && typeof enabled !== 'boolean') throw configError(`${at}.enabled`, 'must be true or false');
  // Built with own data properties: a key named `__proto__` stays a key (and is refused below).
  const riskPairs: [string, unknown][] = [];
  const settingPairs: [string, unknown][] = [];
  for (const k of Object.keys(entry)) {
    if (RISK_KEYS.includes(k)) riskPairs.push([k, entry[k]]);
    else if (!ENTRY_KEYS.includes(k)) settingPairs.push([k, entry[k]]);
  }
  const risk = parseInput(RiskSettingsSchema, Object.fromEntries(riskPairs), at, { kind: 'config' });
  settingPairs.splice(0, settingPairs.length, ...translateOriginalSettings(type, settingPairs, at));
  const pluginKeys = shapeKeys(plugin.configSchema);
  const paper = paperTrading !== false;
  if (pluginKeys.includes('paper')) settingPairs.push(['paper', paper]);
  const settings = Object.fromEntries(settingPairs);
  // A plugin schema that strips unknown keys would let a typo pass silently: check names first.
  for (const key of Object.keys(settings)) {
    if (pluginKeys.length > 0 && !pluginKeys.includes(key)) {
      throw configError(`${at}.${key}`, `is not a setting of a ${type} broker`, [...pluginKeys, ...ENTRY_KEYS], key);
    }
  }
  const parsed = plugin.configSchema.safeParse(settings, { reportInput: true });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const first = formatIssues(parsed.error)[0]!;
    const key = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
    const secret = /secret|token|password|passphrase|key/i.test(first.field) && first.hasInput;
    throw configError(`${at}.${first.field}`, secret ? 'is not valid (value hidden)' : first.message, [...pluginKeys, ...ENTRY_KEYS], key);
  }
  return { name, type, paper, weight: (weight) ?? 1, enabled: enabled !== false, risk, settings: parsed.data };
}

/**
 * The broker types a config document uses (of `only` brokers when given, the original's names
 * turned into ours), read by own keys without validating anything else; for loading just the
 * plugins those need.
 *
 * @example
 * ```ts
 * configuredTypes({ brokers: { a: { type: 'sim' } } }) // ['sim']
 * ```
 */
export function configuredTypes(doc: unknown, only?: readonly string[]): string[] {
  const brokers = typeof doc === 'object' && doc !== null && Object.hasOwn(doc, 'brokers') ? (doc as { brokers: unknown }).brokers : undefined;
  if (typeof brokers !== 'object' || brokers === null || Array.isArray(brokers)) return [];
  const names = Object.keys(brokers);
  if (names.length > MAX_BROKERS) return [];
  const types = new Set<string>();
  for (const name of only ?? names) {
    if (!Object.hasOwn(brokers, name)) continue;
    const entry = (brokers as Record<string, unknown>)[name];
    const type = typeof entry === 'object' && entry !== null && Object.hasOwn(entry, 'type') ? (entry as { type: unknown }).type : undefined;
    if (typeof type === 'string' && type.length > 0) types.add(canonicalType(type));
  }
  return [...types];
}

/**
 * Reads and validates the config file. Reading never writes: a failed load leaves the file as it
 * was. A JSON syntax error names the line and column.
 *
 * @example
 * ```ts
 * const config = await loadInvestConfig(homePaths(investHome()).config, registry)
 * ```
 */
export async function loadInvestConfig(path: string, registry: BrokerRegistry, importer?: PluginImporter): Promise<InvestConfig> {
  const text = await readConfigText(path);
  if (text === undefined) throw new ConfigError(`No config file at ${path}: run \`invest init\` to create one`, { path });
  const doc = parseConfigJson(text, path);
  // Third-party plugins only for types nothing registered provides: a config of built-in
  // brokers runs no plugin code. The entries are checked (no paths, no data: URLs) first.
  const envelope = parseEnvelope(doc);
  await loadPluginsFor(configuredTypes(doc), envelope.plugins, registry, importer);
  return parseInvestConfig(doc, registry);
}

/**
 * Parses config text as a JSON object; a syntax error names the line and column of `path`.
 *
 * @example
 * ```ts
 * parseConfigJson('{"brokers":{}}', 'brokers.json') // { brokers: {} }
 * ```
 */
export function parseConfigJson(text: string, path: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    const m = /position (\d+)/.exec(String((error as Error).message));
    const where = m ? lineColumn(text, Number(m[1])) : '';
    throw new ConfigError(`Invalid config: ${path}${where} is not valid JSON: ${(error as Error).message}`, { path });
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new ConfigError(`Invalid config: ${path}: the top level must be an object`, { path });
  return doc as Record<string, unknown>;
}

function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `:${before.length}:${before.at(-1)!.length + 1}`;
}

// Kept importable from here: `loadPlugins` lived in this file before plugins had their own.
export { loadPlugins } from './plugin-entries.ts';
