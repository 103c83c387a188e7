import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, Redactor, createLogger, type CredentialField, type LogRecord } from '@invest/broker-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CANARY_SECRET, CANARY_TOKEN } from '../../../tools/test-setup/canary.ts';
import { AuthManager } from './auth-manager.ts';
import { redactingStore, registerCredentialSecrets } from './redaction.ts';
import { EncryptedFileStore } from './stores/encrypted-file-store.ts';
import { EnvStore } from './stores/env-store.ts';
import { MemoryStore } from './stores/memory-store.ts';

const alpacaFields: CredentialField[] = [
  { key: 'apiKey', label: 'API key', secret: true, env: 'ALPACA_API_KEY', required: true },
  { key: 'secretKey', label: 'Secret key', secret: true, env: 'ALPACA_SECRET_KEY', required: true },
  { key: 'paperTrading', label: 'Paper trading', secret: false, env: 'ALPACA_PAPER_TRADING', required: false },
];
const alpacaEnv = { apiKey: 'ALPACA_API_KEY', secretKey: 'ALPACA_SECRET_KEY', paperTrading: 'ALPACA_PAPER_TRADING' };

let dir: string;
let file: EncryptedFileStore;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'invest-auth-manager-'));
  file = await EncryptedFileStore.open({ path: join(dir, 'credentials.enc'), passphrase: 'pass phrase', insecureTestOnlyKdf: { log2N: 10 } });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('AuthManager', () => {
  it('reads in the documented precedence: environment, then keyring, then file', async () => {
    const env = new EnvStore({ env: { ALPACA_API_KEY: 'from-env' }, brokers: { 'alpaca-main': alpacaEnv } });
    const keyring = Object.assign(new MemoryStore({ 'alpaca-main': { apiKey: 'from-keyring', secretKey: 'from-keyring' } }), { kind: 'keyring' as const });
    await file.setMany('alpaca-main', { apiKey: 'from-file', secretKey: 'from-file', paperTrading: 'true' });
    // Given in any order; read in the fixed one.
    const auth = new AuthManager({ stores: [file, keyring, env], writeTo: 'file' });
    expect(auth.precedence).toEqual(['env', 'keyring', 'file']);
    expect(await auth.lookup('alpaca-main', 'apiKey')).toEqual({ value: 'from-env', store: 'env' });
    expect(await auth.lookup('alpaca-main', 'secretKey')).toEqual({ value: 'from-keyring', store: 'keyring' });
    expect(await auth.lookup('alpaca-main', 'paperTrading')).toEqual({ value: 'true', store: 'file' });
    expect(await auth.get('alpaca-main', 'nothing')).toBeUndefined();
  });

  it('writes to the store the user chose, and to another only when named', async () => {
    const memory = new MemoryStore();
    const auth = new AuthManager({ stores: [new EnvStore({ env: {}, brokers: {} }), file, memory], writeTo: 'file' });
    await auth.set('td-main', 'refreshToken', CANARY_TOKEN);
    expect(await file.get('td-main', 'refreshToken')).toBe(CANARY_TOKEN);
    expect(await memory.get('td-main', 'refreshToken')).toBeUndefined();
    await auth.set('td-main', 'clientId', 'id', { store: 'memory' });
    expect(await memory.get('td-main', 'clientId')).toBe('id');
    await expect(auth.set('td-main', 'x', 'y', { store: 'env' })).rejects.toThrow(/read-only/);
  });

  it('refuses to guess where to write when several stores could take it', async () => {
    const auth = new AuthManager({ stores: [file, new MemoryStore()] });
    await expect(auth.set('a', 'b', 'c')).rejects.toBeInstanceOf(ConfigError);
    expect(new AuthManager({ stores: [file] }).writeTo).toBe('file');
    expect(() => new AuthManager({ stores: [file], writeTo: 'keyring' })).toThrow(ConfigError);
    expect(() => new AuthManager({ stores: [new MemoryStore(), new MemoryStore()] })).toThrow(/two memory stores/);
  });

  it('lists what is stored, where, and which store wins, without revealing a value', async () => {
    const env = new EnvStore({ env: { ALPACA_API_KEY: CANARY_SECRET }, brokers: { 'alpaca-main': alpacaEnv } });
    await file.setMany('alpaca-main', { apiKey: CANARY_SECRET, secretKey: CANARY_TOKEN, paperTrading: 'false' });
    const auth = new AuthManager({ stores: [env, file], fields: { 'alpaca-main': alpacaFields } });
    const listing = await auth.list();
    expect(listing).toMatchInlineSnapshot(`
      [
        {
          "broker": "alpaca-main",
          "key": "apiKey",
          "readFrom": "env",
          "secret": true,
          "storedIn": [
            "env",
            "file",
          ],
        },
        {
          "broker": "alpaca-main",
          "key": "paperTrading",
          "readFrom": "file",
          "secret": false,
          "storedIn": [
            "file",
          ],
        },
        {
          "broker": "alpaca-main",
          "key": "secretKey",
          "readFrom": "file",
          "secret": true,
          "storedIn": [
            "file",
          ],
        },
      ]
    `);
    expect(JSON.stringify(listing)).not.toContain(CANARY_SECRET);
  });

  it('deletes from the chosen store, or everywhere', async () => {
    const memory = new MemoryStore({ b: { k: '1' } });
    await file.set('b', 'k', '2');
    const auth = new AuthManager({ stores: [file, memory], writeTo: 'file' });
    expect(await auth.delete('b', 'k')).toEqual(['file']);
    expect(await auth.get('b', 'k')).toBe('1');
    await file.set('b', 'k', '2');
    expect(await auth.delete('b', 'k', { everywhere: true })).toEqual(['file', 'memory']);
    expect(await auth.get('b', 'k')).toBeUndefined();
  });

  it('names where a missing credential can be put', async () => {
    const auth = new AuthManager({ stores: [file], fields: { 'alpaca-main': alpacaFields } });
    await expect(auth.require('alpaca-main', 'apiKey')).rejects.toThrow('set ALPACA_API_KEY or run `invest set-creds alpaca-main`');
    expect((await auth.missing('alpaca-main', alpacaFields)).map((f) => f.key)).toEqual(['apiKey', 'secretKey']);
  });

  it('feeds the redactor every secret it reads or writes, so logs never show one', async () => {
    const redactor = new Redactor();
    const records: LogRecord[] = [];
    const log = createLogger({ redactor, sink: (r) => records.push(r), level: 'debug' });
    const env = new EnvStore({ env: { ALPACA_API_KEY: CANARY_SECRET, ALPACA_PAPER_TRADING: 'paper-mode' }, brokers: { 'alpaca-main': alpacaEnv } });
    const auth = new AuthManager({ stores: [env, file], writeTo: 'file', redactor, logger: log, fields: { 'alpaca-main': alpacaFields } });
    const key = await auth.get('alpaca-main', 'apiKey');
    await auth.set('alpaca-main', 'secretKey', CANARY_TOKEN);
    const mode = await auth.get('alpaca-main', 'paperTrading');
    log.info(`connecting with ${key} and ${CANARY_TOKEN} in ${mode}`, { header: `APCA-API-KEY-ID: ${key}` });
    const text = JSON.stringify(records);
    expect(text).not.toContain(CANARY_SECRET);
    expect(text).not.toContain(CANARY_TOKEN);
    // A field declared not secret is left readable.
    expect(text).toContain('paper-mode');
    expect(records.map((r) => r.msg)).toContain('credential stored');
  });

  it('registerCredentialSecrets and redactingStore feed a redactor from any store', async () => {
    await file.setMany('schwab-main', { clientSecret: CANARY_SECRET, refreshToken: CANARY_TOKEN });
    const redactor = new Redactor();
    expect(await registerCredentialSecrets(redactor, file)).toBe(2);
    expect(redactor.text(`${CANARY_SECRET} ${CANARY_TOKEN}`)).toBe('[REDACTED] [REDACTED]');

    const other = new Redactor();
    const wrapped = redactingStore(file, other);
    expect(await wrapped.get('schwab-main', 'clientSecret')).toBe(CANARY_SECRET);
    expect(other.text(CANARY_SECRET)).toBe('[REDACTED]');
    expect(other.text(CANARY_TOKEN)).toBe(CANARY_TOKEN); // not read through it yet, so not known to it
  });

  it('is a core CredentialSource', async () => {
    const source: import('@invest/broker-core').CredentialSource = new AuthManager({ stores: [new MemoryStore({ a: { b: 'c' } })] });
    expect(await source.get('a', 'b')).toBe('c');
  });

  it('refuses bad names with a ConfigError naming the part', async () => {
    const auth = new AuthManager({ stores: [file] });
    await expect(auth.get('', 'k')).rejects.toMatchObject({ code: 'CONFIG', path: 'broker' });
    await expect(auth.set('b', 'bad\nkey', 'v')).rejects.toMatchObject({ code: 'CONFIG', path: 'key' });
  });
});
