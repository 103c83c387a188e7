// The store the user chose is the one used: a keyring module nobody installed must not make keys
// kept in the encrypted file unreachable, nor hide "no apiKey: set ALPACA_API_KEY".
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, createLogger, type CredentialField, type LogRecord } from '@invest/broker-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthManager } from '../auth-manager.ts';
import { availableStores } from './available-stores.ts';
import { EncryptedFileStore } from './encrypted-file-store.ts';
import { EnvStore } from './env-store.ts';
import { KeyringModuleMissingError, type KeytarLike } from './keyring-module.ts';
import { KeyringStore } from './keyring-store.ts';

const notInstalled = (name: string): never => {
  throw Object.assign(new Error(`Cannot find module '${name}'`), { code: 'MODULE_NOT_FOUND' });
};
const alpacaFields: CredentialField[] = [
  { key: 'apiKey', label: 'API key', secret: true, env: 'ALPACA_API_KEY', required: true },
  { key: 'secretKey', label: 'Secret key', secret: true, env: 'ALPACA_SECRET_KEY', required: true },
];
const env = new EnvStore({ env: {}, brokers: { 'alpaca-main': { apiKey: 'ALPACA_API_KEY', secretKey: 'ALPACA_SECRET_KEY' } } });

let dir: string;
let file: EncryptedFileStore;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'invest-store-choice-'));
  file = await EncryptedFileStore.open({ path: join(dir, 'credentials.enc'), passphrase: 'pass phrase', insecureTestOnlyKdf: { log2N: 10 } });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('AuthManager with no keyring module installed', () => {
  it('reads keys stored in the file (as `invest set-creds --store file` put them), skipping the keyring with one debug log', async () => {
    await file.setMany('alpaca-main', { apiKey: 'AK-FILE', secretKey: 'SK-FILE' });
    const seen: LogRecord[] = [];
    const logger = createLogger({ level: 'debug', sink: (r) => seen.push(r) });
    const auth = new AuthManager({ stores: [env, new KeyringStore({ load: notInstalled }), file], logger });
    expect(await auth.lookup('alpaca-main', 'apiKey')).toEqual({ value: 'AK-FILE', store: 'file' });
    expect(await auth.get('alpaca-main', 'secretKey')).toBe('SK-FILE');
    expect(await auth.list('alpaca-main')).toMatchObject([{ key: 'apiKey', storedIn: ['file'] }, { key: 'secretKey', storedIn: ['file'] }]);
    expect(seen.filter((r) => r.msg === 'keyring skipped: no keyring module is installed')).toHaveLength(1);
  });

  it('a credential stored nowhere says which variable to set and which command to run, not "install a keyring"', async () => {
    const auth = new AuthManager({ stores: [env, new KeyringStore({ load: notInstalled })], fields: { 'alpaca-main': alpacaFields } });
    expect(await auth.get('alpaca-main', 'apiKey')).toBeUndefined();
    const error = await auth.require('alpaca-main', 'apiKey').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe('no credential apiKey for alpaca-main: set ALPACA_API_KEY or run `invest set-creds alpaca-main`');
    expect((await auth.missing('alpaca-main', alpacaFields)).map((f) => f.key)).toEqual(['apiKey', 'secretKey']);
  });

  it('is an error when the keyring is the store in use (writeTo keyring), for reads and writes', async () => {
    const auth = new AuthManager({ stores: [env, new KeyringStore({ load: notInstalled }), file], writeTo: 'keyring' });
    await expect(auth.get('alpaca-main', 'apiKey')).rejects.toBeInstanceOf(KeyringModuleMissingError);
    await expect(auth.set('alpaca-main', 'apiKey', 'v')).rejects.toThrow(/no keyring module is installed/);
    const byFile = new AuthManager({ stores: [new KeyringStore({ load: notInstalled }), file], writeTo: 'file' });
    await expect(byFile.set('alpaca-main', 'apiKey', 'v', { store: 'keyring' })).rejects.toBeInstanceOf(KeyringModuleMissingError);
  });

  it('a keyring module that is installed but fails is not skipped', async () => {
    const broken = (): never => {
      throw Object.assign(new Error('libsecret-1.so.0: cannot open shared object file'), { code: 'ERR_DLOPEN_FAILED' });
    };
    const auth = new AuthManager({ stores: [new KeyringStore({ load: broken }), file] });
    await expect(auth.get('alpaca-main', 'apiKey')).rejects.toThrow(/installed but failed to load/);
  });
});

describe('availableStores', () => {
  const working: KeytarLike = { getPassword: async () => null, setPassword: async () => {}, deletePassword: async () => false, findCredentials: async () => [] };

  it('offers only the file where no keyring module is installed, and says why', async () => {
    const stores = await availableStores({ load: notInstalled });
    expect(stores).toEqual([
      { kind: 'keyring', available: false, reason: expect.stringContaining('npm install @napi-rs/keyring') },
      { kind: 'file', available: true },
    ]);
  });

  it('offers the keyring when its backend answers, and not when it fails or hangs', async () => {
    expect((await availableStores({ keytar: working }))[0]).toEqual({ kind: 'keyring', available: true });
    const noDbus: KeytarLike = { ...working, getPassword: async () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')) };
    expect((await availableStores({ keytar: noDbus }))[0]).toMatchObject({ available: false, reason: expect.stringContaining('No Secret Service is reachable') });
    const hung: KeytarLike = { ...working, getPassword: () => new Promise(() => {}) };
    expect((await availableStores({ keytar: hung, timeoutMs: 50 }))[0]).toMatchObject({ available: false, reason: expect.stringContaining('did not answer') });
  });

  it('probes the default keyring once per process', async () => {
    const first = availableStores();
    expect(availableStores()).toBe(first);
    expect((await first).map((s) => s.kind)).toEqual(['keyring', 'file']);
  });
});
