// `@invest/broker-core/state`: the invest home's state database (node:sqlite). A subpath of its
// own, so the main entry's types never name `node:sqlite` (a plugin needs no Node type
// definitions to compile against core), and a program that keeps no state never loads it.
export { migrate, openStateDatabase, STATE_DATABASE_FILE, stateDatabasePath, transaction } from './state-database.ts';
export type { StateDatabaseOptions, SyncPolicy } from './state-database.ts';
