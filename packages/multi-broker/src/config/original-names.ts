import { ConfigError, type BrokerPlugin } from '@invest/broker-core';
import type { z } from 'zod';

/**
 * The Python original's names, kept as data so its `brokers.json` loads as written. Every name
 * the original used that this toolkit spells differently is one row here; the loader reads the
 * tables and holds no special case of its own.
 */

/** Broker types the original spelled differently: its name -> ours. */
export const ORIGINAL_TYPE_NAMES: Readonly<Record<string, string>> = {
  simulation: 'sim',
  // The original's TD Ameritrade broker (src/trading/brokers/td_ameritrade_broker.py).
  td_ameritrade: 'td',
};

/** One setting the original spelled differently, per broker type. */
export interface OriginalSetting {
  /** Our name for it. */
  readonly to: string;
  /** Turns the original's value into ours (identity when absent). */
  readonly convert?: (value: unknown) => unknown;
  /** What it means, for the README and error messages. */
  readonly meaning: string;
}

/** Settings the original spelled differently: type (ours) -> its key -> ours. */
export const ORIGINAL_SETTING_NAMES: Readonly<Record<string, Readonly<Record<string, OriginalSetting>>>> = {
  // The original's TDAmeritradeBroker({ client_id, redirect_uri }) and TD_ACCOUNT_ID.
  td: {
    client_id: { to: 'clientId', meaning: 'the app consumer key (TD_CLIENT_ID)' },
    redirect_uri: { to: 'redirectUri', meaning: 'the redirect URI registered with the app' },
    account_id: { to: 'accountId', meaning: 'the account id (TD_ACCOUNT_ID)' },
  },
  sim: {
    initial_balance: { to: 'initialCash', meaning: 'cash the account starts with' },
    // The original took one number and charged it per order (its example: `"commission": 0.0`).
    // A per-share reading would turn a copied `1.0` into $100 on a 100-share order: the flat
    // fee is the reading that never charges more than the user wrote.
    commission: {
      to: 'commission',
      convert: (value) => (typeof value === 'number' ? { perOrder: value } : value),
      meaning: 'a number is a flat fee per order (commission.perOrder); an object is ours as written',
    },
  },
  ibkr: {
    client_id: { to: 'clientId', meaning: 'the TWS API client id' },
  },
};

/** A broker type the original had and this version does not ship yet. */
export interface NotYetAvailable {
  readonly displayName: string;
  /** The original's settings for it, accepted by the loader so the rest of the file still works. */
  readonly settings: z.ZodObject;
}

/**
 * Types of the original that load but cannot be created yet; a plugin that provides one wins.
 * Empty since `ibkr` shipped (@invest/broker-ibkr); kept for the next type the original had.
 */
export const NOT_YET_AVAILABLE: Readonly<Record<string, NotYetAvailable>> = {};

/**
 * Our type for a type written in a config file (`simulation` -> `sim`; others unchanged).
 *
 * @example
 * ```ts
 * canonicalType('simulation') // 'sim'
 * ```
 */
export function canonicalType(type: string): string {
  return Object.hasOwn(ORIGINAL_TYPE_NAMES, type) ? ORIGINAL_TYPE_NAMES[type]! : type;
}

/**
 * A broker entry's own settings with the original's names (`initial_balance`, a numeric
 * `commission`) turned into ours. Writing both spellings of one setting is a `ConfigError`.
 *
 * @example
 * ```ts
 * translateOriginalSettings('sim', [['initial_balance', 5000]], 'brokers.simulation') // [['initialCash', 5000]]
 * ```
 */
export function translateOriginalSettings(type: string, pairs: readonly (readonly [string, unknown])[], at: string): [string, unknown][] {
  const table = Object.hasOwn(ORIGINAL_SETTING_NAMES, type) ? ORIGINAL_SETTING_NAMES[type]! : {};
  const out: [string, unknown][] = [];
  const from = new Map<string, string>();
  for (const [key, value] of pairs) {
    const row = Object.hasOwn(table, key) ? table[key] : undefined;
    const to = row?.to ?? key;
    const earlier = from.get(to);
    if (earlier !== undefined) {
      throw new ConfigError(`Invalid config: ${at}.${key}: is the same setting as ${earlier}; give one of them`, { path: `${at}.${key}` });
    }
    from.set(to, key);
    out.push([to, row?.convert ? row.convert(value) : value]);
  }
  return out;
}

const placeholders = new WeakSet<BrokerPlugin<unknown>>();
const byType = new Map<string, BrokerPlugin<unknown>>();

/**
 * The stand-in plugin of a type the original had and this version lacks (`ibkr`), or `undefined`.
 * Its schema accepts the original's settings; `create` throws a `ConfigError` naming the broker,
 * so a config that lists it loads and its other brokers work.
 *
 * @example
 * ```ts
 * registry.register(notYetAvailablePlugin('ibkr')!)
 * registry.create('ibkr', {}, { name: 'tws' }) // ConfigError: Interactive Brokers (ibkr) is not available yet ...
 * ```
 */
export function notYetAvailablePlugin(type: string): BrokerPlugin<unknown> | undefined {
  if (!Object.hasOwn(NOT_YET_AVAILABLE, type)) return undefined;
  let plugin = byType.get(type);
  if (!plugin) {
    const { displayName, settings } = NOT_YET_AVAILABLE[type]!;
    plugin = {
      type,
      displayName: `${displayName} (not available yet)`,
      description: `Accepted in brokers.json for the original's configs; ${displayName} cannot be used in this version`,
      configSchema: settings,
      envNames: {},
      credentials: [],
      fromEnv: () => ({}),
      create: (_config, ctx) => {
        throw notYetAvailableError(type, ctx.name);
      },
    };
    placeholders.add(plugin);
    byType.set(type, plugin);
  }
  return plugin;
}

/**
 * The error a broker of a not-yet-available type gives: what is missing and which broker.
 *
 * @example
 * ```ts
 * notYetAvailableError('ibkr', 'ibkr').message // 'Interactive Brokers (ibkr) is not available yet in this version: ...'
 * ```
 */
export function notYetAvailableError(type: string, name: string): ConfigError {
  const displayName = Object.hasOwn(NOT_YET_AVAILABLE, type) ? NOT_YET_AVAILABLE[type]!.displayName : type;
  return new ConfigError(`${displayName} (${type}) is not available yet in this version: broker "${name}" cannot be used`, { path: `brokers.${name}.type` });
}

/**
 * True for the stand-in of a not-yet-available type (see `notYetAvailablePlugin`).
 *
 * @example
 * ```ts
 * isNotYetAvailable(registry.get(entry.type)) // true for an `ibkr` entry in this version
 * ```
 */
export function isNotYetAvailable(plugin: BrokerPlugin<unknown>): boolean {
  return placeholders.has(plugin);
}
