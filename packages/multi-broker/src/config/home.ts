import { join } from 'node:path';

/**
 * Paths of the files Invest keeps under its home (core's `investHome`).
 *
 * @example
 * ```ts
 * homePaths(investHome()).journal // '/home/me/.invest/journal.jsonl'
 * ```
 */
export function homePaths(home: string) {
  return {
    config: join(home, 'brokers.json'),
    envSample: join(home, '.env.sample'),
    journal: join(home, 'journal.jsonl'),
    state: join(home, 'state'),
    logs: join(home, 'logs'),
  };
}
