import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { EnvMap } from '../plugin.ts';

/**
 * The invest home, where config, state, the journal and logs live: `home` when given, else
 * `INVEST_HOME` when set, else `~/.invest`; always an absolute path.
 *
 * @example
 * ```ts
 * investHome({ INVEST_HOME: '/tmp/try' }) // '/tmp/try'
 * investHome(process.env, '/srv/invest') // '/srv/invest'
 * ```
 */
export function investHome(env: EnvMap = process.env, home?: string): string {
  return resolve(home ?? (env.INVEST_HOME || join(homedir(), '.invest')));
}
