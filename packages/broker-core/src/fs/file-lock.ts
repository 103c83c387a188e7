import { randomBytes } from 'node:crypto';
import { link, readdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { LockedError } from '../errors/subclasses.ts';

export interface FileLockOptions {
  /** Give up after this long. Default 10 s. */
  timeoutMs?: number;
  /** Poll interval while another process holds the lock. Default 10 ms. */
  retryMs?: number;
}

/** How long a lock file without a readable pid is waited for before it is taken over. */
const UNREADABLE_LOCK_AGE_MS = 2_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOwner(lockPath: string): Promise<number> {
  return Number.parseInt(await readFile(lockPath, 'utf8').catch(() => ''), 10);
}

/**
 * Creates the lock file with the owner's pid already in it: the pid goes into a private file that
 * is then hard-linked to the lock's name, which either creates the lock whole or fails with EEXIST.
 * A crash can therefore never leave an empty lock that nobody could tell from one being written.
 */
async function tryCreate(lockPath: string): Promise<boolean> {
  const tmp = `${lockPath}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, `${process.pid}\n`, { mode: 0o600 });
  try {
    await link(tmp, lockPath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(tmp).catch(() => {});
  }
}

/**
 * Removes a lock whose owner died. Two processes may see the same dead owner at once; a short
 * second lock (`.steal`, created the same atomic way) makes sure only one removes it, and it
 * re-reads the owner first so it never removes the lock the other has just taken.
 */
async function takeOverDeadLock(lockPath: string, deadOwner: number | 'unreadable'): Promise<void> {
  const stealPath = `${lockPath}.steal`;
  if (!(await tryCreate(stealPath))) {
    // A stealer that died mid-way leaves this file behind; it is old after a few seconds.
    const info = await stat(stealPath).catch(() => undefined);
    if (info && Date.now() - info.mtimeMs > 5_000) await unlink(stealPath).catch(() => {});
    return;
  }
  try {
    const owner = await readOwner(lockPath);
    if (owner === deadOwner || (deadOwner === 'unreadable' && !(Number.isInteger(owner) && owner > 0))) await unlink(lockPath).catch(() => {});
  } finally {
    await unlink(stealPath).catch(() => {});
  }
}

/**
 * Runs `fn` while holding an exclusive lock on `path` (a `path.lock` file holding the owner's
 * pid, created atomically). A lock left by a process that died is taken over; a live owner is
 * waited for up to `timeoutMs`, then `LockedError` (retryable). Use it around every
 * read-modify-write of a shared state file.
 *
 * @example
 * ```ts
 * await withFileLock(statePath, async () => { const s = await load(); s.n++; await save(s) })
 * ```
 */
export async function withFileLock<T>(path: string, fn: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const lockPath = `${path}.lock`;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const deadline = Date.now() + timeoutMs;
  const retryMs = options.retryMs ?? 10;
  while (!(await tryCreate(lockPath))) {
    const owner = await readOwner(lockPath);
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && !alive(owner)) {
      await takeOverDeadLock(lockPath, owner);
      continue;
    }
    // This code never leaves a lock without its pid; an unreadable one that has stayed so for a
    // while was left by something else (an older version, a hand edit): take it over too.
    if (!(Number.isInteger(owner) && owner > 0)) {
      const info = await stat(lockPath).catch(() => undefined);
      if (info && Date.now() - info.mtimeMs > UNREADABLE_LOCK_AGE_MS) {
        await takeOverDeadLock(lockPath, 'unreadable');
        continue;
      }
    }
    if (Date.now() > deadline) {
      throw new LockedError(`${path} is locked by process ${Number.isInteger(owner) ? owner : '?'}; gave up after ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, retryMs));
  }
  await sweepDeadTemporaries(path);
  try {
    return await fn();
  } finally {
    await unlink(lockPath).catch(() => {});
  }
}

/**
 * Removes the temporary files that processes killed mid-write left beside `path`: `writeFileAtomic`'s
 * (`.<name>.<pid>.<hex>.tmp`) and the lock's (`<name>.lock.<pid>.<hex>.tmp`,
 * `<name>.lock.steal.<pid>.<hex>.tmp`). Only files whose process is gone; `withFileLock` runs it
 * each time it takes the lock.
 *
 * @example
 * ```ts
 * await sweepDeadTemporaries('/home/me/.invest/sim/paper-1.json')
 * ```
 */
export async function sweepDeadTemporaries(path: string): Promise<void> {
  const dir = dirname(path);
  const base = basename(path);
  const prefixes = [`.${base}.`, `${base}.lock.steal.`, `${base}.lock.`];
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.endsWith('.tmp')) continue;
    const prefix = prefixes.find((p) => name.startsWith(p));
    if (prefix === undefined) continue;
    const pid = Number(name.slice(prefix.length).split('.')[0]);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !alive(pid)) await unlink(join(dir, name)).catch(() => {});
  }
}
