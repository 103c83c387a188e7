import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { EnvMap } from '@invest/broker-core';

/**
 * The invest home: `INVEST_HOME` when set, else `~/.invest`. Config, state files, the journal and
 * logs live under it.
 *
 * @example
 * ```ts
 * investHome({ INVEST_HOME: '/tmp/try' }) // '/tmp/try'
 * ```
 */
export function investHome(env: EnvMap = process.env): string {
  return env.INVEST_HOME ? resolve(env.INVEST_HOME) : join(homedir(), '.invest');
}

/** Paths of the files Invest keeps under its home. */
export function homePaths(home: string) {
  return {
    config: join(home, 'brokers.json'),
    envSample: join(home, '.env.sample'),
    journal: join(home, 'journal.jsonl'),
    state: join(home, 'state'),
    logs: join(home, 'logs'),
  };
}
