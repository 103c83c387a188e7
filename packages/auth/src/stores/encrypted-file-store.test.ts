import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { AuthenticationError, ConfigError } from '@invest/broker-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CANARY_SECRET, CANARY_TOKEN } from '../../../../tools/test-setup/canary.ts';
import { FILE_MAGIC, HEADER_LENGTH } from './encrypted-file-format.ts';
import { EncryptedFileStore } from './encrypted-file-store.ts';

/** Cheap scrypt for the tests that open a file hundreds of times; the real cost is tested below. */
const CHEAP = { insecureTestOnlyKdf: { log2N: 10 } } as const;
const PASSPHRASE = CANARY_SECRET;

let dir: string;
let path: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'invest-auth-'));
  path = join(dir, 'credentials.enc');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('EncryptedFileStore at the production cost (scrypt N = 2^17, r 8, p 1)', () => {
  it('round trip: what one session writes, the next reads; the key is derived once per open', async () => {
    const writer = await EncryptedFileStore.open({ path, passphrase: PASSPHRASE });
    await writer.set('schwab-main', 'clientSecret', CANARY_TOKEN);
    await writer.set('schwab-main', 'clientId', 'app-key');
    await writer.set('alpaca-main', 'apiKey', 'AK-1');

    const file = await readFile(path);
    expect(file.subarray(0, 8)).toEqual(FILE_MAGIC);
    expect([...file.subarray(8, 13)]).toEqual([2, 1, 17, 8, 1]); // version, scrypt, log2N, r, p
    expect(file.includes(Buffer.from(CANARY_TOKEN))).toBe(false);
    expect(file.includes(Buffer.from('schwab-main'))).toBe(false);

    const started = performance.now();
    const reader = await EncryptedFileStore.open({ path, passphrase: PASSPHRASE });
    const openMs = performance.now() - started;
    const readStarted = performance.now();
    expect(await reader.get('schwab-main', 'clientSecret')).toBe(CANARY_TOKEN);
    expect(await reader.get('alpaca-main', 'apiKey')).toBe('AK-1');
    expect(await reader.get('alpaca-main', 'missing')).toBeUndefined();
    const readMs = performance.now() - readStarted;
    // Open pays scrypt; reads after it use the cached key.
    expect(readMs).toBeLessThan(openMs / 4);
    expect(await reader.list()).toEqual([
      { broker: 'alpaca-main', key: 'apiKey' },
      { broker: 'schwab-main', key: 'clientId' },
      { broker: 'schwab-main', key: 'clientSecret' },
    ]);
  });

  it('a wrong passphrase is an AuthenticationError, and the message carries no secret', async () => {
    const writer = await EncryptedFileStore.open({ path, passphrase: PASSPHRASE });
    await writer.set('etrade-main', 'consumerSecret', CANARY_TOKEN);
    const error = await EncryptedFileStore.open({ path, passphrase: `${PASSPHRASE}x` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toMatch(/wrong passphrase, or the file was modified/);
  });

  it('refuses a cost below 2^17 unless the test-only option is used', async () => {
    await expect(EncryptedFileStore.open({ path, passphrase: 'p', kdf: { log2N: 16 } })).rejects.toBeInstanceOf(ConfigError);
    const cheap = await EncryptedFileStore.open({ path, passphrase: 'p', ...CHEAP });
    await cheap.set('a', 'b', 'c');
    // A production open refuses the cheap file, as it would a tampered one.
    await expect(EncryptedFileStore.open({ path, passphrase: 'p' })).rejects.toThrow(/scrypt N must be 2\^17/);
  });
});

describe('EncryptedFileStore integrity', () => {
  it('every single-byte change of a stored file is detected: AuthenticationError, never data', async () => {
    const store = await EncryptedFileStore.open({ path, passphrase: PASSPHRASE, ...CHEAP });
    await store.setMany('td-main', { refreshToken: CANARY_TOKEN, clientId: 'KEY' });
    const original = await readFile(path);
    expect(original.length).toBeGreaterThan(HEADER_LENGTH + 16);
    const tampered = join(dir, 'tampered.enc');
    let checked = 0;
    for (let offset = 0; offset < original.length; offset++) {
      for (const mask of [0x01, 0x80, 0xff]) {
        const copy = Buffer.from(original);
        copy[offset] = (copy[offset] as number) ^ mask;
        await writeFile(tampered, copy, { mode: 0o600 });
        let value: string | undefined;
        const error = await EncryptedFileStore.open({ path: tampered, passphrase: PASSPHRASE, ...CHEAP })
          .then(async (s) => {
            value = await s.get('td-main', 'refreshToken');
          })
          .catch((e: unknown) => e);
        expect(error, `byte ${offset} ^ ${mask} was not detected`).toBeInstanceOf(AuthenticationError);
        expect(value).toBeUndefined();
        checked++;
      }
    }
    expect(checked).toBe(original.length * 3);
  });

  it('a truncated or empty file is an AuthenticationError', async () => {
    const store = await EncryptedFileStore.open({ path, passphrase: PASSPHRASE, ...CHEAP });
    await store.set('a', 'b', 'c');
    const file = await readFile(path);
    for (const length of [0, 8, HEADER_LENGTH, file.length - 1]) {
      await writeFile(path, file.subarray(0, length));
      await expect(EncryptedFileStore.open({ path, passphrase: PASSPHRASE, ...CHEAP })).rejects.toBeInstanceOf(AuthenticationError);
    }
  });

  it('each write uses a fresh IV, so the same content never encrypts the same way twice', async () => {
    const store = await EncryptedFileStore.open({ path, passphrase: PASSPHRASE, ...CHEAP });
    await store.set('a', 'b', 'same');
    const first = await readFile(path);
    await store.set('a', 'b', 'same');
    const second = await readFile(path);
    const iv = (f: Buffer): Buffer => f.subarray(HEADER_LENGTH - 12, HEADER_LENGTH);
    expect(iv(first).equals(iv(second))).toBe(false);
    expect(first.subarray(HEADER_LENGTH).equals(second.subarray(HEADER_LENGTH))).toBe(false);
    // The salt stays, so the cached key keeps serving.
    expect(first.subarray(13, 29).equals(second.subarray(13, 29))).toBe(true);
  });
});

describe('EncryptedFileStore files', () => {
  it('writes the file with mode 0600, and keeps it 0600 on every write', async () => {
    const store = await EncryptedFileStore.open({ path, passphrase: PASSPHRASE, ...CHEAP });
    await store.set('a', 'b', 'c');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    await store.set('a', 'd', 'e');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('a missing file is an empty store; the first write creates it (and its directory)', async () => {
    const nested = join(dir, 'home', '.invest', 'credentials.enc');
    const store = await EncryptedFileStore.open({ path: nested, passphrase: PASSPHRASE, ...CHEAP });
    expect(await store.list()).toEqual([]);
    expect(await store.delete('a', 'b')).toBe(false);
    await store.set('a', 'b', 'c');
    expect(await store.delete('a', 'b')).toBe(true);
    expect(await store.list()).toEqual([]);
  });

  it('two open stores on one file never lose each other’s writes', async () => {
    const one = await EncryptedFileStore.open({ path, passphrase: PASSPHRASE, ...CHEAP });
    const two = await EncryptedFileStore.open({ path, passphrase: PASSPHRASE, ...CHEAP });
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? one : two).set('multi', `k${i}`, String(i))));
    const three = await EncryptedFileStore.open({ path, passphrase: PASSPHRASE, ...CHEAP });
    expect((await three.list('multi')).length).toBe(20);
    // A store sees the other's writes without reopening.
    await one.set('multi', 'late', 'x');
    expect(await two.get('multi', 'late')).toBe('x');
  });

  it('changes the passphrase: the old one stops working, the values stay', async () => {
    const store = await EncryptedFileStore.open({ path, passphrase: PASSPHRASE, ...CHEAP });
    await store.set('a', 'b', 'c');
    await store.changePassphrase(CANARY_TOKEN);
    expect(await store.get('a', 'b')).toBe('c');
    await expect(EncryptedFileStore.open({ path, passphrase: PASSPHRASE, ...CHEAP })).rejects.toBeInstanceOf(AuthenticationError);
    const again = await EncryptedFileStore.open({ path, passphrase: CANARY_TOKEN, ...CHEAP });
    expect(await again.get('a', 'b')).toBe('c');
  });

  it('never shows the passphrase or a value when printed', async () => {
    const store = await EncryptedFileStore.open({ path, passphrase: PASSPHRASE, ...CHEAP });
    await store.set('a', 'b', CANARY_TOKEN);
    const shown = `${inspect(store, { showHidden: true, depth: 5 })} ${JSON.stringify(store)}`;
    expect(shown).not.toContain(CANARY_SECRET);
    expect(shown).not.toContain(CANARY_TOKEN);
  });

  it('waits for a live lock, and clears a lock left empty by a writer killed before it wrote its pid', async () => {
    const store = await EncryptedFileStore.open({ path, passphrase: PASSPHRASE, ...CHEAP, lockTimeoutMs: 5_000 });
    await writeFile(`${path}.lock`, '');
    const old = new Date(Date.now() - 10_000);
    await utimes(`${path}.lock`, old, old);
    const started = Date.now();
    await store.set('a', 'b', 'c');
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(await store.get('a', 'b')).toBe('c');
    // A lock held by a live process (this one's parent, say) is waited for, then times out.
    await writeFile(`${path}.lock`, `${process.ppid}\n`);
    const short = await EncryptedFileStore.open({ path, passphrase: PASSPHRASE, ...CHEAP, lockTimeoutMs: 300 });
    await expect(short.set('a', 'b', 'd')).rejects.toMatchObject({ retryable: true });
    expect(await short.get('a', 'b')).toBe('c');
  });

  it('refuses bad options with a ConfigError naming the field', async () => {
    await expect(EncryptedFileStore.open({ path, passphrase: '' })).rejects.toMatchObject({ code: 'CONFIG', path: 'passphrase' });
  });

  it('a write killed midway (SIGKILL) leaves the previous file intact and decryptable', async () => {
    const child = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'kill-writer.ts');
    let lastDone = 0;
    for (let round = 0; round < 6; round++) {
      const proc = spawn(process.execPath, [child, path, PASSPHRASE, String(lastDone + 1)], { stdio: ['ignore', 'pipe', 'pipe'] });
      const seen: number[] = [];
      let stderr = '';
      proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<NodeJS.Signals | null>((resolve) => proc.on('exit', (_code, signal) => resolve(signal)));
      await new Promise<void>((resolve, reject) => {
        let buffer = '';
        const target = 2 + round;
        proc.stdout.on('data', (d: Buffer) => {
          buffer += d.toString();
          const lines = buffer.split('\n');
          buffer = lines.pop() ?? '';
          for (const line of lines) if (/^\d+$/.test(line)) seen.push(Number(line));
          if (seen.length >= target) resolve();
        });
        proc.on('exit', () => reject(new Error(`writer exited early: ${stderr.slice(0, 500)}`)));
      });
      // Kill it a random moment later: most likely in the middle of writing the next generation.
      await new Promise((r) => setTimeout(r, Math.random() * 8));
      proc.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      const acknowledged = seen.at(-1) as number;

      const store = await EncryptedFileStore.open({ path, passphrase: PASSPHRASE, ...CHEAP });
      const generation = Number(await store.get('sim', 'generation'));
      // The file holds the last acknowledged generation, or the one in flight if its rename landed.
      expect([acknowledged, acknowledged + 1]).toContain(generation);
      expect((await store.get('sim', 'blob'))?.length).toBeGreaterThan(100_000);
      lastDone = generation;
    }
    // The dead writer's lock is taken over: a new write goes through.
    const after = await EncryptedFileStore.open({ path, passphrase: PASSPHRASE, ...CHEAP, lockTimeoutMs: 2_000 });
    await after.set('sim', 'generation', 'final');
    expect(await after.get('sim', 'generation')).toBe('final');
    // Only our file (and at most leftover temporaries of killed writes) is in the directory.
    expect((await readdir(dir)).filter((f) => !f.endsWith('.tmp'))).toEqual(['credentials.enc']);
  });
});
