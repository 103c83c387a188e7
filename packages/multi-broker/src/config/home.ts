import { join } from 'node:path';
import { stateDatabasePath } from '@invest/broker-core/state';

/**
 * Paths of the files Invest keeps under its home (core's `investHome`).
 *
 * @example
 * ```ts
 * homePaths(investHome()).database // '/home/me/.invest/state.db'
 * ```
 */
export function homePaths(home: string) {
  return {
    config: join(home, 'brokers.json'),
    envSample: join(home, '.env.sample'),
    /** The state database: journal, portfolio history (and the paper ledger). */
    database: stateDatabasePath(home),
    /** The journal of earlier releases, imported into the database once and then kept as `journal.jsonl.bak`. */
    journal: join(home, 'journal.jsonl'),
    state: join(home, 'state'),
    logs: join(home, 'logs'),
  };
}
