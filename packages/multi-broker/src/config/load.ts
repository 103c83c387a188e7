import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { ConfigError, formatIssues, type BrokerRegistry } from '@invest/broker-core';
import { RiskSettingsSchema, type RiskSettings } from '../risk/settings.ts';
import { nearestKey } from './suggest.ts';

const RISK_KEYS = Object.keys(RiskSettingsSchema.shape);
/** Keys of a broker entry that the manager reads; everything else is the plugin's own config. */
const ENTRY_KEYS = ['type', 'paper_trading', 'weight', 'enabled', ...RISK_KEYS];
const TOP_KEYS = ['default_broker', 'brokers', 'plugins', 'risk', '$schema'];

/** The config file's envelope, in the original's shape. */
export const ConfigFileSchema = z.strictObject({
  $schema: z.string().optional(),
  default_broker: z.string().min(1).optional(),
  brokers: z.record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, { error: 'broker names may hold letters, digits, _ . - (up to 64)' }), z.record(z.string(), z.unknown())),
  plugins: z.array(z.string().min(1)).default([]),
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
  const envelope = ConfigFileSchema.safeParse(doc, { reportInput: true });
  if (!envelope.success) {
    const issue = envelope.error.issues[0]!;
    const first = formatIssues(envelope.error)[0]!;
    const key = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
    const known = issue.path[0] === 'risk' ? RISK_KEYS : TOP_KEYS;
    throw configError(first.field, first.message, known, key);
  }
  const file = envelope.data;
  const brokers: BrokerEntry[] = [];
  for (const [name, entry] of Object.entries(file.brokers)) {
    // With `only`, the other brokers' plugins need not even be loaded: they are left out.
    if (options.only && !options.only.includes(name)) continue;
    const at = `brokers.${name}`;
    if (typeof entry.type !== 'string' || entry.type.length === 0) throw configError(`${at}.type`, 'is required (a broker type such as "sim" or "alpaca")');
    if (!registry.has(entry.type)) {
      const known = registry.list().map((p) => p.type);
      throw configError(`${at}.type`, `unknown broker type "${entry.type}" (known: ${known.join(', ') || 'none'})`, known, entry.type);
    }
    if (entry.paper_trading !== undefined && typeof entry.paper_trading !== 'boolean') throw configError(`${at}.paper_trading`, `must be true or false, got ${JSON.stringify(entry.paper_trading)}`);
    if (entry.weight !== undefined && !(typeof entry.weight === 'number' && Number.isFinite(entry.weight) && entry.weight >= 0)) {
      throw configError(`${at}.weight`, `must be a number >= 0, got ${JSON.stringify(entry.weight)}`);
    }
    if (entry.enabled !== undefined && typeof entry.enabled !== 'boolean') throw configError(`${at}.enabled`, 'must be true or false');
    const riskInput: Record<string, unknown> = {};
    const settings: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(entry)) {
      if (RISK_KEYS.includes(k)) riskInput[k] = v;
      else if (!ENTRY_KEYS.includes(k)) settings[k] = v;
    }
    const risk = RiskSettingsSchema.safeParse(riskInput, { reportInput: true });
    if (!risk.success) {
      const first = formatIssues(risk.error)[0]!;
      throw configError(`${at}.${first.field}`, first.message);
    }
    const plugin = registry.get(entry.type);
    const pluginKeys = shapeKeys(plugin.configSchema);
    const paper = entry.paper_trading !== false;
    if (pluginKeys.includes('paper')) settings.paper = paper;
    // A plugin schema that strips unknown keys would let a typo pass silently: check names first.
    for (const key of Object.keys(settings)) {
      if (pluginKeys.length > 0 && !pluginKeys.includes(key)) {
        throw configError(`${at}.${key}`, `is not a setting of a ${entry.type} broker`, [...pluginKeys, ...ENTRY_KEYS], key);
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
    brokers.push({ name, type: entry.type, paper, weight: (entry.weight as number | undefined) ?? 1, enabled: entry.enabled !== false, risk: risk.data, settings: parsed.data });
  }
  if (file.default_broker !== undefined && !file.brokers[file.default_broker]) {
    throw configError('default_broker', `names no configured broker: "${file.default_broker}"`, Object.keys(file.brokers), file.default_broker);
  }
  return { defaultBroker: file.default_broker, brokers, plugins: file.plugins, risk: file.risk };
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
export async function loadInvestConfig(
  path: string,
  registry: BrokerRegistry,
  importer?: (name: string) => Promise<unknown>,
): Promise<InvestConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(code === 'ENOENT' ? `No config file at ${path}: run \`invest init\` to create one` : `Cannot read ${path}: ${code}`, { path, cause: error });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    const m = /position (\d+)/.exec(String((error as Error).message));
    const where = m ? lineColumn(text, Number(m[1])) : '';
    throw new ConfigError(`Invalid config: ${path}${where} is not valid JSON: ${(error as Error).message}`, { path });
  }
  // Third-party plugins first: the brokers they provide are validated by their schemas.
  const plugins = (doc as { plugins?: unknown })?.plugins;
  if (Array.isArray(plugins)) await loadPlugins(plugins.filter((p): p is string => typeof p === 'string'), registry, importer);
  return parseInvestConfig(doc, registry);
}

function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `:${before.length}:${before.at(-1)!.length + 1}`;
}

/** Packages already loaded into each registry, so loading a config twice registers nothing twice. */
const loaded = new WeakMap<BrokerRegistry, Set<string>>();

/**
 * Imports each third-party plugin package named in the config and registers what it exports as
 * `plugin` (one) or `plugins` (several). Nothing is discovered by magic: only the names listed.
 *
 * @example
 * ```ts
 * await loadPlugins(config.plugins, registry)
 * ```
 */
export async function loadPlugins(names: readonly string[], registry: BrokerRegistry, importer: (name: string) => Promise<unknown> = (n) => import(n)): Promise<void> {
  let done = loaded.get(registry);
  if (!done) loaded.set(registry, (done = new Set()));
  for (const name of names) {
    if (done.has(name)) continue;
    let mod: Record<string, unknown>;
    try {
      mod = (await importer(name)) as Record<string, unknown>;
    } catch (error) {
      throw new ConfigError(`Invalid config: plugins: cannot load "${name}" (is it installed? npm install ${name})`, { path: 'plugins', cause: error });
    }
    const found = [mod.plugin, ...(Array.isArray(mod.plugins) ? mod.plugins : [])].filter(Boolean);
    if (found.length === 0) throw new ConfigError(`Invalid config: plugins: "${name}" exports no \`plugin\` or \`plugins\``, { path: 'plugins' });
    for (const p of found) registry.register(p as never);
    done.add(name);
  }
}
