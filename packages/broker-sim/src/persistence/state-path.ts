import { join } from 'node:path';
import { investHome } from '@invest/broker-core';

/**
 * Where the plugin keeps an account's state by default: `<home>/sim/<name>.json`, the name
 * reduced to characters safe in a file name.
 *
 * @example
 * ```ts
 * defaultStatePath('paper', '/home/me/.invest') // '/home/me/.invest/sim/paper.json'
 * ```
 */
export function defaultStatePath(name: string, home: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_') || 'sim';
  return join(home, 'sim', `${safe}.json`);
}

/**
 * The state file the plugin uses for an instance: the config's, else `defaultStatePath` under
 * the invest home (`config.home`, else `INVEST_HOME`, else `~/.invest`).
 *
 * @example
 * ```ts
 * simStatePath({}, 'paper') // '/home/me/.invest/sim/paper.json'
 * ```
 */
export function simStatePath(config: { stateFile?: string | undefined; home?: string | undefined }, name: string): string {
  if (config.stateFile !== undefined) return config.stateFile;
  return defaultStatePath(name, investHome(process.env, config.home));
}
