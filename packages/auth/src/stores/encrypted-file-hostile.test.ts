// A credential file is input an attacker (or a bad disk, or a careless copy) may have shaped.
// These tests hand the store such files: damaged KDF parameters, every byte changed, another
// store's file, a file others can read, and a file from the first release.
import { chmod, copyFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthenticationError, ConfigError, createLogger, type LogRecord } from '@invest/broker-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deriveKey, HEADER_LENGTH } from './encrypted-file-format.ts';
import { EncryptedFileStore, type EncryptedFileStoreOptions } from './encrypted-file-store.ts';

const CHEAP = { insecureTestOnlyKdf: { log2N: 10 } } as const;
const PASSPHRASE = 'correct horse battery staple';
const OFFSET = { version: 8, kdf: 9, log2N: 10, r: 11, p: 12 } as const;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'invest-hostile-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Opens `path` and reads one value; resolves to the error, or to the value when it opened. */
async function attempt(path: string, options: Partial<EncryptedFileStoreOptions> = CHEAP): Promise<unknown> {
  try {
    const store = await EncryptedFileStore.open({ path, passphrase: PASSPHRASE, ...options });
    return await store.get('alpaca-main', 'apiKey');
  } catch (error) {
    return error;
  }
}

async function writeStore(path: string, options: Partial<EncryptedFileStoreOptions> = CHEAP): Promise<Buffer> {
  const store = await EncryptedFileStore.open({ path, passphrase: PASSPHRASE, ...options });
  await store.setMany('alpaca-main', { apiKey: 'AK-1', secretKey: 'SK-1' });
  return readFile(path);
}

function records(): { log: ReturnType<typeof createLogger>; seen: LogRecord[] } {
  const seen: LogRecord[] = [];
  return { log: createLogger({ level: 'debug', sink: (r) => seen.push(r) }), seen };
}

describe('KDF parameters from the file are bounded before scrypt sees them', () => {
  it('r = 1 in a production file (scrypt would throw a RangeError) is an AuthenticationError naming the file', async () => {
    const path = join(dir, 'credentials.enc');
    const bytes = await writeStore(path, {});
    bytes[OFFSET.r] = 1;
    await writeFile(path, bytes);
    const error = await attempt(path, {});
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toMatch(/corrupt or not an Invest credentials file: scrypt N = 2\^17 needs r of at least 2, got 1/);
  });

  it('every value of the r and p bytes in a production file gives AuthenticationError, never a RangeError or data', async () => {
    const path = join(dir, 'credentials.enc');
    const original = await writeStore(path, {});
    const tampered = join(dir, 'tampered.enc');
    // Values inside the bounds cost a real derivation each (up to 0.6 s), so of those only the
    // edges and one middle value are tried; every value outside them is.
    const inBounds = { r: [2, 3, 9, 16], p: [2, 4] };
    for (const field of ['r', 'p'] as const) {
      for (let value = 0; value < 256; value++) {
        if (value === original[OFFSET[field]]) continue;
        const within = field === 'r' ? value >= 2 && value <= 16 : value >= 1 && value <= 4;
        if (within && !inBounds[field].includes(value)) continue;
        const copy = Buffer.from(original);
        copy[OFFSET[field]] = value;
        await writeFile(tampered, copy, { mode: 0o600 });
        const error = await attempt(tampered, {});
        expect(error, `${field} = ${value}`).toBeInstanceOf(AuthenticationError);
      }
    }
  }, 120_000);

  it('a refusal scrypt itself makes is an AuthenticationError, not a RangeError', async () => {
    // Bypasses the bounds on purpose: the last line of defence if they ever drift from scrypt's.
    const error = await deriveKey('p', Buffer.alloc(16), { log2N: 17, r: 1, p: 1 }, '/x/credentials.enc').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toMatch(/^\/x\/credentials\.enc is corrupt or not an Invest credentials file/);
  });
});

describe('the header and the store identity are authenticated', () => {
  it('every value of the version, kdf, log2N, r and p bytes gives AuthenticationError', async () => {
    const path = join(dir, 'credentials.enc');
    const original = await writeStore(path);
    const tampered = join(dir, 'credentials.enc.bad');
    let checked = 0;
    for (const [field, offset] of Object.entries(OFFSET)) {
      for (let value = 0; value < 256; value++) {
        // log2N 19 and 20 are valid costs of 0.5-1 GiB each; 17 and 18 already prove the point.
        if (value === original[offset] || (field === 'log2N' && value > 18 && value <= 20)) continue;
        const copy = Buffer.from(original);
        copy[offset] = value;
        await writeFile(tampered, copy, { mode: 0o600 });
        // Same store id as the original, so only the changed byte can make it fail.
        expect(await attempt(tampered, { ...CHEAP, storeId: 'credentials.enc' }), `${field} = ${value}`).toBeInstanceOf(AuthenticationError);
        checked++;
      }
    }
    expect(checked).toBe(5 * 255 - 2);
  }, 120_000);

  it('one store’s file copied over another’s, under the same passphrase, does not open', async () => {
    const main = join(dir, 'alpaca-main.enc');
    const paper = join(dir, 'alpaca-paper.enc');
    const mainBytes = await writeStore(main);
    const other = await EncryptedFileStore.open({ path: paper, passphrase: PASSPHRASE, ...CHEAP });
    await other.set('alpaca-main', 'apiKey', 'PAPER-KEY');
    const paperBytes = await readFile(paper);
    // Swap the two files.
    await writeFile(main, paperBytes);
    await writeFile(paper, mainBytes);
    for (const path of [main, paper]) {
      const error = await attempt(path);
      expect(error).toBeInstanceOf(AuthenticationError);
      expect((error as Error).message).toMatch(/another store's file/);
    }
    // The store id, not the path, is what is bound: the same id opens it anywhere.
    expect(await attempt(main, { ...CHEAP, storeId: 'alpaca-paper.enc' })).toBe('PAPER-KEY');
  });

  it('files with the same base name in two directories are told apart by storeId', async () => {
    const a = join(dir, 'a', 'credentials.enc');
    const b = join(dir, 'b', 'credentials.enc');
    await writeStore(a, { ...CHEAP, storeId: 'home-a' });
    await writeStore(b, { ...CHEAP, storeId: 'home-b' });
    await writeFile(b, await readFile(a));
    expect(await attempt(b, { ...CHEAP, storeId: 'home-b' })).toBeInstanceOf(AuthenticationError);
    expect(await attempt(a, { ...CHEAP, storeId: 'home-a' })).toBe('AK-1');
  });
});

describe('a credential file other users can read is refused', () => {
  for (const mode of [0o644, 0o640, 0o604, 0o620, 0o660]) {
    it(`mode ${mode.toString(8)}: ConfigError with the path and the chmod 600 fix`, async () => {
      const path = join(dir, 'credentials.enc');
      await writeStore(path);
      await chmod(path, mode);
      const error = await attempt(path);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).path).toBe(path);
      expect((error as Error).message).toContain(`chmod 600 ${path}`);
    });
  }

  it('allowInsecurePermissions opens it with a warning through the logger', async () => {
    const path = join(dir, 'credentials.enc');
    await writeStore(path);
    await chmod(path, 0o644);
    const { log, seen } = records();
    expect(await attempt(path, { ...CHEAP, allowInsecurePermissions: true, logger: log })).toBe('AK-1');
    expect(seen).toContainEqual(expect.objectContaining({ level: 'warn', path, mode: '0644' }));
  });

  it('a file made readable while a store is open is refused on the next read', async () => {
    const path = join(dir, 'credentials.enc');
    await writeStore(path);
    const store = await EncryptedFileStore.open({ path, passphrase: PASSPHRASE, ...CHEAP });
    await chmod(path, 0o644);
    await expect(store.get('alpaca-main', 'apiKey')).rejects.toBeInstanceOf(ConfigError);
  });

  it('creates the directories it needs with mode 0700 and the file with 0600', async () => {
    const path = join(dir, 'home', '.invest', 'credentials.enc');
    await writeStore(path);
    expect((await stat(join(dir, 'home'))).mode & 0o777).toBe(0o700);
    expect((await stat(join(dir, 'home', '.invest'))).mode & 0o777).toBe(0o700);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });
});

describe('a format-1 file (the first release) is opened and upgraded', () => {
  const fixture = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'v1-credentials.enc');
  const V1_PASSPHRASE = 'v1 fixture passphrase';

  async function copyFixture(): Promise<string> {
    const path = join(dir, 'credentials.enc');
    await copyFile(fixture, path);
    await chmod(path, 0o600);
    return path;
  }

  it('reads its values, rewrites it as format 2 (same salt, 0600, atomically) and it keeps opening', async () => {
    const path = await copyFixture();
    const before = await readFile(path);
    expect(before[OFFSET.version]).toBe(1);
    const { log, seen } = records();
    const store = await EncryptedFileStore.open({ path, passphrase: V1_PASSPHRASE, logger: log });
    expect(await store.get('alpaca-main', 'apiKey')).toBe('AK-V1-FIXTURE');
    expect(await store.list()).toHaveLength(3);

    const after = await readFile(path);
    expect([...after.subarray(8, 13)]).toEqual([2, 1, 17, 8, 1]);
    expect(after.subarray(13, 29).equals(before.subarray(13, 29))).toBe(true);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['credentials.enc']);
    expect(seen).toContainEqual(expect.objectContaining({ level: 'info', msg: 'credential file upgraded to format 2' }));

    const again = await EncryptedFileStore.open({ path, passphrase: V1_PASSPHRASE });
    expect(await again.get('alpaca-main', 'secretKey')).toBe('SK-V1-FIXTURE');
    // Now bound to its store id: under another name it no longer opens.
    await copyFile(path, join(dir, 'other.enc'));
    await expect(EncryptedFileStore.open({ path: join(dir, 'other.enc'), passphrase: V1_PASSPHRASE })).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('a wrong passphrase on a format-1 file is an AuthenticationError and the file is left alone', async () => {
    const path = await copyFixture();
    const before = await readFile(path);
    await expect(EncryptedFileStore.open({ path, passphrase: PASSPHRASE })).rejects.toBeInstanceOf(AuthenticationError);
    expect((await readFile(path)).equals(before)).toBe(true);
  });

  it('a changed byte in a format-1 file is still detected', async () => {
    const path = await copyFixture();
    const bytes = await readFile(path);
    bytes[HEADER_LENGTH + 3] = (bytes[HEADER_LENGTH + 3] as number) ^ 1;
    await writeFile(path, bytes);
    await expect(EncryptedFileStore.open({ path, passphrase: V1_PASSPHRASE })).rejects.toBeInstanceOf(AuthenticationError);
  });
});
