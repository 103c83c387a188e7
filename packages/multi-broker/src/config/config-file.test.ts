import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrokerRegistry, ConfigError } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { ensureInvestHome, readConfigText } from './config-file.ts';
import { loadInvestConfig } from './load.ts';

const dir = () => mkdtemp(join(tmpdir(), 'invest-config-'));

async function refusal(promise: Promise<unknown>): Promise<ConfigError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe('reading the config file', () => {
  it('a directory is one ConfigError naming the path, not EISDIR', async () => {
    const path = join(await dir(), 'brokers.json');
    await mkdir(path);
    const e = await refusal(loadInvestConfig(path, new BrokerRegistry()));
    expect(e.message).toBe(`The config file ${path} is a directory, not a file`);
    expect(e.path).toBe(path);
  });

  it('a FIFO is refused at once instead of waiting forever for a writer', async () => {
    const path = join(await dir(), 'brokers.json');
    execFileSync('mkfifo', [path]);
    const started = Date.now();
    const e = await refusal(readConfigText(path));
    expect(e.message).toMatch(/is a FIFO, not a file/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('a socket is refused', async () => {
    const path = join(await dir(), 'brokers.json');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(path, resolve));
    try {
      expect((await refusal(readConfigText(path))).message).toMatch(/is a socket, not a file/);
    } finally {
      server.close();
    }
  });

  it('a device is refused', async () => {
    expect((await refusal(readConfigText('/dev/zero'))).message).toMatch(/is a device, not a file/);
  });

  it('a file over the limit is refused without reading it all', async () => {
    const path = join(await dir(), 'brokers.json');
    await writeFile(path, `{"brokers":{},"$schema":"${'x'.repeat(2 * 1024 * 1024)}"}`);
    expect((await refusal(readConfigText(path))).message).toMatch(/bytes, more than the 1048576 a config may have/);
    expect(await readConfigText(path, 3 * 1024 * 1024)).toHaveLength(2 * 1024 * 1024 + 27);
  });

  it.skipIf(process.getuid?.() === 0)('an unreadable file is one line saying permission denied (skipped as root: root reads anything)', async () => {
    const path = join(await dir(), 'brokers.json');
    await writeFile(path, '{}');
    await chmod(path, 0o000);
    expect((await refusal(readConfigText(path))).message).toBe(`Cannot read the config file ${path}: permission denied`);
  });

  it('a missing file is undefined; a home that is a file is a ConfigError, not ENOTDIR or EEXIST', async () => {
    const base = await dir();
    expect(await readConfigText(join(base, 'brokers.json'))).toBeUndefined();
    const home = join(base, 'home');
    await writeFile(home, 'not a directory');
    expect((await refusal(readConfigText(join(home, 'brokers.json')))).message).toMatch(/a parent of it is a file, not a directory/);
    const e = await refusal(ensureInvestHome(home));
    expect(e.message).toBe(`The invest home ${home} is not a directory (set INVEST_HOME to a directory)`);
    await ensureInvestHome(join(base, 'new', 'home'));
    await ensureInvestHome(join(base, 'new', 'home'));
  });
});
