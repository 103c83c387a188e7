import { BrokerError } from '@invest/broker-core';
import { STATE_VERSION } from './state-schema.ts';

/**
 * Steps from one state version to the next: `MIGRATIONS[n]` turns a version-n file into version
 * n+1. Version 1 is the first, so the table is empty; a future format adds its step here and
 * bumps `STATE_VERSION`.
 */
export const MIGRATIONS: Readonly<Record<number, (state: Record<string, unknown>) => Record<string, unknown>>> = {};

/**
 * Brings a parsed state file up to the current version. A file without a version, or from a newer
 * version of this package, is refused rather than guessed at.
 *
 * @example
 * ```ts
 * const state = SimStateSchema.parse(migrateState(JSON.parse(text), path))
 * ```
 */
export function migrateState(raw: unknown, where = 'state file'): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new BrokerError(`${where} is not a simulator state (not an object)`, { broker: 'sim' });
  }
  let state = raw as Record<string, unknown>;
  let version = state.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new BrokerError(`${where} has no valid version field`, { broker: 'sim' });
  }
  if (version > STATE_VERSION) {
    throw new BrokerError(`${where} was written by a newer @invest/broker-sim (state version ${version}, this one reads up to ${STATE_VERSION})`, { broker: 'sim' });
  }
  while (version < STATE_VERSION) {
    const step = MIGRATIONS[version];
    if (!step) throw new BrokerError(`${where}: no migration from state version ${version}`, { broker: 'sim' });
    state = { ...step(state), version: version + 1 };
    version += 1;
  }
  return state;
}
