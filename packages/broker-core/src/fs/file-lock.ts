import { open, readFile, stat, unlink } from 'node:fs/promises';
import { BrokerError } from '../errors/broker-error.ts';

export interface FileLockOptions {
  /** Give up after this long. Default 10 s. */
  timeoutMs?: number;
  /** Poll interval while another process holds the lock. Default 10 ms. */
  retryMs?: number;
}

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
 * Removes a lock whose owner died. Two processes may see the same dead owner at once; a short
 * second lock (`.steal`) makes sure only one removes it, and it re-reads the owner first so it
 * never removes the lock the other has just taken.
 */
async function takeOverDeadLock(lockPath: string, deadOwner: number): Promise<void> {
  const stealPath = `${lockPath}.steal`;
  try {
    const handle = await open(stealPath, 'wx', 0o600);
    await handle.close();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // A stealer that died mid-way leaves this file behind; it is old after a few seconds.
    const info = await stat(stealPath).catch(() => undefined);
    if (info && Date.now() - info.mtimeMs > 5_000) await unlink(stealPath).catch(() => {});
    return;
  }
  try {
    if ((await readOwner(lockPath)) === deadOwner) await unlink(lockPath).catch(() => {});
  } finally {
    await unlink(stealPath).catch(() => {});
  }
}

/**
 * Runs `fn` while holding an exclusive lock on `path` (a `path.lock` file created with O_EXCL and
 * holding the owner's pid). A lock left by a process that died is taken over; a live owner is
 * waited for up to `timeoutMs`. Use it around every read-modify-write of a shared state file.
 *
 * @example
 * ```ts
 * await withFileLock(statePath, async () => { const s = await load(); s.n++; await save(s) })
 * ```
 */
export async function withFileLock<T>(path: string, fn: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const lockPath = `${path}.lock`;
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  const retryMs = options.retryMs ?? 10;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx', 0o600);
      try {
        await handle.writeFile(`${process.pid}\n`);
      } finally {
        await handle.close();
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = await readOwner(lockPath);
      // An empty file is a lock being written this instant: treat it as held.
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && !alive(owner)) {
        await takeOverDeadLock(lockPath, owner);
        continue;
      }
      if (Date.now() > deadline) {
        throw new BrokerError(`${path} is locked by process ${Number.isInteger(owner) ? owner : '?'}; gave up after ${options.timeoutMs ?? 10_000} ms`, { retryable: true });
      }
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  }
  try {
    return await fn();
  } finally {
    await unlink(lockPath).catch(() => {});
  }
}
