import { execFile } from 'node:child_process';
import { mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, LockedError } from '../errors/subclasses.ts';
import { migrate, openStateDatabase, stateDatabasePath, transaction } from './state-database.ts';

const run = promisify(execFile);
const root = new URL('../../../../', import.meta.url).pathname;
const worker = new URL('../../test/sqlite-worker.ts', import.meta.url).pathname;

async function freshFile(): Promise<string> {
  return stateDatabasePath(join(await mkdtemp(join(tmpdir(), 'invest-db-')), 'home'));
}

describe('openStateDatabase', () => {
  it('creates an owner-only file in an owner-only folder, in WAL mode', async () => {
    const file = await freshFile();
    const db = openStateDatabase(file);
    expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    expect(db.prepare('PRAGMA synchronous').get()).toEqual({ synchronous: 2 });
    db.close();
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(join(file, '..'))).mode & 0o777).toBe(0o700);
  });

  it('takes the normal sync policy when asked', () => {
    const db = openStateDatabase(':memory:', { sync: 'normal' });
    expect(db.prepare('PRAGMA synchronous').get()).toEqual({ synchronous: 1 });
    db.close();
  });

  it('names the file in the invest home', () => {
    expect(stateDatabasePath('/srv/invest')).toBe('/srv/invest/state.db');
  });
});

describe('transaction', () => {
  it('commits what fn wrote and rolls back everything when it throws', () => {
    const db = openStateDatabase(':memory:');
    db.exec('CREATE TABLE t (v INTEGER)');
    transaction(db, () => db.prepare('INSERT INTO t VALUES (1)').run());
    expect(() =>
      transaction(db, () => {
        db.prepare('INSERT INTO t VALUES (2)').run();
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(db.prepare('SELECT v FROM t').all()).toEqual([{ v: 1 }]);
    expect(db.isTransaction).toBe(false);
  });

  it('runs a nested transaction in a savepoint: its failure undoes only its own writes', () => {
    const db = openStateDatabase(':memory:');
    db.exec('CREATE TABLE t (v INTEGER)');
    transaction(db, () => {
      db.prepare('INSERT INTO t VALUES (1)').run();
      expect(() =>
        transaction(db, () => {
          db.prepare('INSERT INTO t VALUES (2)').run();
          throw new Error('inner');
        }),
      ).toThrow('inner');
      db.prepare('INSERT INTO t VALUES (3)').run();
    });
    expect(db.prepare('SELECT v FROM t ORDER BY v').all()).toEqual([{ v: 1 }, { v: 3 }]);
  });

  it('gives LockedError when another connection holds the write lock past the wait', async () => {
    const file = await freshFile();
    const holder = openStateDatabase(file);
    const waiter = openStateDatabase(file, { busyTimeoutMs: 50 });
    holder.exec('CREATE TABLE t (v INTEGER)');
    holder.exec('BEGIN IMMEDIATE');
    expect(() => transaction(waiter, () => waiter.prepare('INSERT INTO t VALUES (1)').run())).toThrow(LockedError);
    holder.exec('ROLLBACK');
    transaction(waiter, () => waiter.prepare('INSERT INTO t VALUES (1)').run());
    expect(holder.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 1 });
    holder.close();
    waiter.close();
  });

  it('two processes doing read-then-write lose no update', async () => {
    const file = await freshFile();
    const opts = { cwd: root };
    await Promise.all([
      run(process.execPath, ['--import', 'tsx', worker, file, '200'], opts),
      run(process.execPath, ['--import', 'tsx', worker, file, '200'], opts),
    ]);
    const db = openStateDatabase(file);
    expect(db.prepare('SELECT n FROM counter').get()).toEqual({ n: 400 });
    db.close();
  });
});

describe('migrate', () => {
  it('runs each step once, per component, and records the version', () => {
    const db = openStateDatabase(':memory:');
    migrate(db, 'a', ['CREATE TABLE a1 (v INTEGER)']);
    migrate(db, 'a', ['CREATE TABLE a1 (v INTEGER)', 'CREATE TABLE a2 (v INTEGER)']);
    migrate(db, 'b', ['CREATE TABLE b1 (v INTEGER)']);
    migrate(db, 'a', ['CREATE TABLE a1 (v INTEGER)', 'CREATE TABLE a2 (v INTEGER)']);
    expect(db.prepare('SELECT component, version FROM invest_schema ORDER BY component').all()).toEqual([
      { component: 'a', version: 2 },
      { component: 'b', version: 1 },
    ]);
  });

  it('refuses tables newer than the release knows, naming the component', () => {
    const db = openStateDatabase(':memory:');
    migrate(db, 'journal', ['CREATE TABLE j1 (v INTEGER)', 'CREATE TABLE j2 (v INTEGER)']);
    expect(() => migrate(db, 'journal', ['CREATE TABLE j1 (v INTEGER)'])).toThrow(ConfigError);
    expect(() => migrate(db, 'journal', ['CREATE TABLE j1 (v INTEGER)'])).toThrow(/journal tables are version 2, newer than this release knows \(1\)/);
  });

  it('leaves nothing behind when a step fails', () => {
    const db = openStateDatabase(':memory:');
    expect(() => migrate(db, 'x', ['CREATE TABLE x1 (v INTEGER)', 'NOT SQL'])).toThrow();
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'x1'").get()).toBeUndefined();
    expect(db.prepare("SELECT * FROM invest_schema WHERE component = 'x'").get()).toBeUndefined();
  });
});
