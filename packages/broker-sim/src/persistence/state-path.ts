import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { EnvMap } from '@invest/broker-core';

/**
 * The invest home: `home` when given, else `INVEST_HOME`, else `~/.invest`.
 *
 * @example
 * ```ts
 * investHome(undefined, { INVEST_HOME: '/tmp/invest' }) // '/tmp/invest'
 * ```
 */
export function investHome(home: string | undefined, env: EnvMap = process.env): string {
  return resolve(home ?? env.INVEST_HOME ?? join(homedir(), '.invest'));
}

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
