import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from './atomic-write.ts';
import { LockedError } from '../errors/subclasses.ts';
import { withFileLock } from './file-lock.ts';

const run = promisify(execFile);
const root = new URL('../../../../', import.meta.url).pathname;
const worker = new URL('../../test/lock-worker.ts', import.meta.url).pathname;

describe('writeFileAtomic', () => {
  it('replaces the content, sets the mode and leaves no temporary file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'invest-atomic-'));
    const file = join(dir, 'state.json');
    await writeFile(file, 'old');
    await writeFileAtomic(file, 'new', { mode: 0o600 });
    expect(await readFile(file, 'utf8')).toBe('new');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['state.json']);
  });
});

describe('withFileLock', () => {
  it('two processes doing read-modify-write lose no update', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'invest-lock-'));
    const file = join(dir, 'counter');
    await writeFile(file, '0');
    const opts = { cwd: root };
    await Promise.all([
      run(process.execPath, ['--import', 'tsx', worker, file, '60'], opts),
      run(process.execPath, ['--import', 'tsx', worker, file, '60'], opts),
    ]);
    expect(await readFile(file, 'utf8')).toBe('120');
    expect(await readdir(dir)).toEqual(['counter']);
  });

  it('takes over a lock left by a process that died', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'invest-lock-'));
    const file = join(dir, 'state');
    const child = spawn(process.execPath, ['-e', '0']);
    const deadPid = child.pid!;
    await new Promise((resolve) => child.on('exit', resolve));
    await writeFile(`${file}.lock`, `${deadPid}\n`);
    await expect(withFileLock(file, async () => 'ran', { timeoutMs: 2000 })).resolves.toBe('ran');
  });

  it('takes over a lock file without a pid once it has stayed so for 2 s', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'invest-lock-'));
    const file = join(dir, 'state');
    await writeFile(`${file}.lock`, '');
    const old = new Date(Date.now() - 3000);
    await utimes(`${file}.lock`, old, old);
    await expect(withFileLock(file, async () => 'ran', { timeoutMs: 1000 })).resolves.toBe('ran');
  });

  it('waits for a live owner and gives up with a clear error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'invest-lock-'));
    const file = join(dir, 'state');
    await writeFile(`${file}.lock`, `${process.ppid}\n`); // our parent is alive
    const waited = withFileLock(file, async () => 'ran', { timeoutMs: 100 });
    await expect(waited).rejects.toThrow(/locked by process \d+; gave up after 100 ms/);
    await expect(waited).rejects.toBeInstanceOf(LockedError);
  });

  it('releases the lock when the work throws', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'invest-lock-'));
    const file = join(dir, 'state');
    await expect(withFileLock(file, async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(await readdir(dir)).toEqual([]);
  });
});
