import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { withFileLock, writeFileAtomic } from '@invest/broker-core';

/**
 * Changes the config file under its lock and writes it atomically: the edit sees the file as it
 * is on disk at that moment, so two `invest add` runs never lose each other's broker.
 */
export async function editConfigFile(path: string, edit: (doc: Record<string, unknown>) => Record<string, unknown> | Promise<Record<string, unknown>>): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await withFileLock(path, async () => {
    const text = await readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? '{}' : Promise.reject(e)));
    const next = await edit(JSON.parse(text) as Record<string, unknown>);
    await writeFileAtomic(path, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
  });
}
