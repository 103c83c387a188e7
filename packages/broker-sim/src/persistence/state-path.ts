import { join } from 'node:path';
import { investHome } from '@invest/broker-core';
import { stateDatabasePath } from '@invest/broker-core/state';

/**
 * Where the previous release kept an account's state as JSON: `<home>/sim/<name>.json`, the name
 * reduced to characters safe in a file name. A file found there is imported into the state
 * database once (see the README's *State file*).
 *
 * @example
 * ```ts
 * legacyStatePath('paper', '/home/me/.invest') // '/home/me/.invest/sim/paper.json'
 * ```
 */
export function legacyStatePath(name: string, home: string): string {
  return join(home, 'sim', `${safeName(name)}.json`);
}

/**
 * The account's key in the state database: its instance name, reduced as `legacyStatePath` does.
 *
 * @example
 * ```ts
 * simAccountKey('paper') // 'paper'
 * ```
 */
export function simAccountKey(name: string): string {
  return safeName(name);
}

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_') || 'sim';
}

/**
 * The state database the plugin uses for an instance: the config's `stateFile`, else the invest
 * home's `state.db` (`config.home`, else `INVEST_HOME`, else `~/.invest`), which every paper
 * account of the home shares (each under its name).
 *
 * @example
 * ```ts
 * simStatePath({}, 'paper') // '/home/me/.invest/state.db'
 * ```
 */
export function simStatePath(config: { stateFile?: string | undefined; home?: string | undefined }, _name?: string): string {
  if (config.stateFile !== undefined) return config.stateFile;
  return stateDatabasePath(investHome(process.env, config.home));
}

/** Where one account's ledger lives: the database, and a previous release's JSON file to import. */
export interface StateLocation {
  database: string;
  legacyFile: string | undefined;
}

/**
 * The database and the JSON file to import for a configured `stateFile`: a path ending in `.json`
 * names a state file of the previous release, whose ledger moves to the `.db` beside it.
 *
 * @example
 * ```ts
 * stateLocation('/tmp/paper.json') // { database: '/tmp/paper.db', legacyFile: '/tmp/paper.json' }
 * ```
 */
export function stateLocation(stateFile: string, legacyFile?: string): StateLocation {
  if (stateFile.endsWith('.json')) return { database: `${stateFile.slice(0, -'.json'.length)}.db`, legacyFile: stateFile };
  return { database: stateFile, legacyFile };
}
