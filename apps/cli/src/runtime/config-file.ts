import { dirname } from 'node:path';
import { withFileLock, writeFileAtomic } from '@invest/broker-core';
import { ensureInvestHome, parseConfigJson, readConfigText } from '@invest/multi-broker';

/**
 * Changes the config file under its lock and writes it atomically: the edit sees the file as it
 * is on disk at that moment, so two `invest add` runs never lose each other's broker. A home
 * that is a file, or a config that is a directory, FIFO or oversize, is a `ConfigError`.
 */
export async function editConfigFile(path: string, edit: (doc: Record<string, unknown>) => Record<string, unknown> | Promise<Record<string, unknown>>): Promise<void> {
  await ensureInvestHome(dirname(path));
  await withFileLock(path, async () => {
    const text = await readConfigText(path);
    const next = await edit(text === undefined ? {} : parseConfigJson(text, path));
    await writeFileAtomic(path, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
  });
}
