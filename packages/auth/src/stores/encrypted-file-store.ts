import { mkdir, open, stat } from 'node:fs/promises';
import type { BigIntStats } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { inspect } from 'node:util';
import { z } from 'zod';
import { AuthenticationError, ConfigError, silentLogger, withFileLock, writeFileAtomic, type Logger } from '@invest/broker-core';
import { checkRef, sortRefs, type CredentialRef, type CredentialStore, type StoreKind } from './credential-store.ts';
import { checkPrivateMode } from './private-file-mode.ts';
import {
  DEFAULT_SCRYPT,
  LEGACY_FORMAT_VERSION,
  MIN_LOG2_N,
  TEST_MIN_LOG2_N,
  decodeHeader,
  deriveKey,
  newHeader,
  newSalt,
  scryptParamsProblem,
  seal,
  unseal,
  type FileHeader,
  type ScryptParams,
} from './encrypted-file-format.ts';

/** The decrypted payload: broker instance name -> field key -> value. */
const PayloadSchema = z.object({
  version: z.literal(1),
  entries: z.record(z.string(), z.record(z.string(), z.string())),
});
type Entries = z.infer<typeof PayloadSchema>['entries'];

export const EncryptedFileStoreOptionsSchema = z.object({
  /** Path of the credential file, e.g. `~/.invest/credentials.enc`. */
  path: z.string().min(1),
  /** Passphrase the key is derived from. Never stored, logged or put in an error. */
  passphrase: z.string().min(1, { error: 'must not be empty' }),
  /** scrypt cost for a new file (or a passphrase change). N is at least 2^17. */
  kdf: z
    .object({
      log2N: z.number().int().min(MIN_LOG2_N).optional(),
      r: z.number().int().optional(),
      p: z.number().int().optional(),
    })
    .optional(),
  /**
   * TESTS ONLY: lets a test suite use a cheap scrypt (N down to 2^10) for new files and accept
   * such files on read. A production caller never sets this; without it, a file below 2^17 is
   * refused.
   */
  insecureTestOnlyKdf: z.object({ log2N: z.number().int().min(TEST_MIN_LOG2_N) }).optional(),
  /** How long to wait for another process holding the file lock. Default 10 s. */
  lockTimeoutMs: z.number().int().positive().optional(),
  /**
   * The store's identity, bound into every write's authentication tag: a file written for
   * another id does not open here, even under the same passphrase. Default: the file's base
   * name (`credentials.enc`). Give it when two stores' files share a base name.
   */
  storeId: z.string().min(1).max(256).optional(),
  /**
   * Open a file that group or others can read or write, with a warning through `logger`,
   * instead of refusing it with a `ConfigError`. Default false.
   */
  allowInsecurePermissions: z.boolean().optional(),
  /** Receives the permission warning and the format upgrade notice. Default: silent. */
  logger: z.custom<Logger>((v) => typeof v === 'object' && v !== null && typeof (v as Logger).warn === 'function', { error: 'must be a Logger' }).optional(),
});
export type EncryptedFileStoreOptions = z.input<typeof EncryptedFileStoreOptionsSchema>;

interface Snapshot {
  /** Identity of the file read (inode, size, times); `missing` when there is none. */
  signature: string;
  header: FileHeader | undefined;
  entries: Entries;
}

/**
 * Credentials in one AES-256-GCM encrypted file, keyed by scrypt from a passphrase. Every write
 * uses a fresh random IV, replaces the file atomically (mode 0600) under a file lock, and
 * re-reads the file first, so two processes never lose each other's changes. The derived key is
 * cached per open store, so scrypt is paid once per session, not per read.
 *
 * A wrong passphrase, any changed byte or another store's file gives `AuthenticationError`, never
 * partial data. A file other users can read is refused (`ConfigError`) unless
 * `allowInsecurePermissions` is set. A format-1 file is opened and rewritten as format 2.
 */
export class EncryptedFileStore implements CredentialStore {
  readonly kind: StoreKind = 'file';
  readonly writable = true;
  readonly path: string;
  #passphrase: Buffer;
  readonly #newParams: ScryptParams;
  readonly #minLog2N: number;
  readonly #lockTimeoutMs: number | undefined;
  readonly #storeId: string;
  readonly #allowInsecure: boolean;
  readonly #log: Logger;
  readonly #keys = new Map<string, Buffer>();
  #snapshot: Snapshot | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(options: z.output<typeof EncryptedFileStoreOptionsSchema>) {
    this.path = options.path;
    this.#passphrase = Buffer.from(options.passphrase.normalize('NFC'), 'utf8');
    const test = options.insecureTestOnlyKdf;
    this.#minLog2N = test ? TEST_MIN_LOG2_N : MIN_LOG2_N;
    this.#newParams = {
      log2N: test?.log2N ?? options.kdf?.log2N ?? DEFAULT_SCRYPT.log2N,
      r: options.kdf?.r ?? DEFAULT_SCRYPT.r,
      p: options.kdf?.p ?? DEFAULT_SCRYPT.p,
    };
    const problem = scryptParamsProblem(this.#newParams, this.#minLog2N);
    if (problem) throw new ConfigError(`encrypted file store: ${problem}`, { path: 'kdf' });
    this.#lockTimeoutMs = options.lockTimeoutMs;
    this.#storeId = options.storeId ?? basename(resolve(options.path));
    this.#allowInsecure = options.allowInsecurePermissions ?? false;
    this.#log = options.logger ?? silentLogger;
  }

  /**
   * Opens (or prepares to create) the file and checks the passphrase: an existing file is
   * decrypted here, which costs one scrypt derivation (about 0.3 s at N = 2^17).
   *
   * @example
   * ```ts
   * const file = await EncryptedFileStore.open({ path: join(home, 'credentials.enc'), passphrase })
   * await file.set('schwab-main', 'clientSecret', secret)
   * ```
   */
  static async open(options: EncryptedFileStoreOptions): Promise<EncryptedFileStore> {
    const parsed = EncryptedFileStoreOptionsSchema.safeParse(options);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') || 'options';
      throw new ConfigError(`encrypted file store: ${field} ${issue?.message ?? 'is invalid'}`, { path: field });
    }
    const store = new EncryptedFileStore(parsed.data);
    const { header } = await store.#load();
    if (header?.version === LEGACY_FORMAT_VERSION) await store.#upgrade();
    return store;
  }

  async get(broker: string, key: string): Promise<string | undefined> {
    checkRef(broker, key);
    return (await this.#load()).entries[broker]?.[key];
  }

  async set(broker: string, key: string, value: string): Promise<void> {
    checkRef(broker, key);
    await this.#mutate((entries) => {
      (entries[broker] ??= {})[key] = value;
      return true;
    });
  }

  /** Writes several values in one atomic replacement of the file. */
  async setMany(broker: string, values: Readonly<Record<string, string>>): Promise<void> {
    for (const key of Object.keys(values)) checkRef(broker, key);
    await this.#mutate((entries) => {
      Object.assign((entries[broker] ??= {}), values);
      return true;
    });
  }

  async delete(broker: string, key: string): Promise<boolean> {
    checkRef(broker, key);
    return this.#mutate((entries) => {
      const fields = entries[broker];
      if (!fields || !(key in fields)) return false;
      delete fields[key];
      if (Object.keys(fields).length === 0) delete entries[broker];
      return true;
    });
  }

  async list(broker?: string): Promise<CredentialRef[]> {
    const { entries } = await this.#load();
    const refs: CredentialRef[] = [];
    for (const [b, fields] of Object.entries(entries)) {
      if (broker !== undefined && b !== broker) continue;
      for (const key of Object.keys(fields)) refs.push({ broker: b, key });
    }
    return sortRefs(refs);
  }

  /**
   * Re-encrypts the file under a new passphrase (new salt, current cost parameters).
   *
   * @example
   * ```ts
   * await file.changePassphrase(newPassphrase)
   * ```
   */
  async changePassphrase(passphrase: string): Promise<void> {
    if (passphrase.length === 0) throw new ConfigError('encrypted file store: passphrase must not be empty', { path: 'passphrase' });
    await this.#serial(() =>
      this.#locked(async () => {
        const current = await this.#load();
        const next = Buffer.from(passphrase.normalize('NFC'), 'utf8');
        const header = newHeader(this.#newParams, newSalt());
        const key = await deriveKey(next, header.salt, header.params, this.path);
        const old = [...this.#keys.entries()];
        this.#keys.clear();
        this.#keys.set(keyId(header), key);
        const previous = this.#passphrase;
        this.#passphrase = next;
        try {
          await this.#write(current.entries, header, key);
        } catch (error) {
          // The file was not replaced: keep using the old passphrase.
          this.#passphrase = previous;
          key.fill(0);
          this.#keys.clear();
          for (const [id, k] of old) this.#keys.set(id, k);
          this.#snapshot = undefined;
          throw error;
        }
        previous.fill(0);
        for (const [, k] of old) k.fill(0);
      }),
    );
  }

  /** Drops the cached key and passphrase; the store cannot be used afterwards. */
  close(): void {
    this.#passphrase.fill(0);
    for (const k of this.#keys.values()) k.fill(0);
    this.#keys.clear();
    this.#snapshot = undefined;
  }

  /** Keeps the passphrase and values out of `console.log(store)`. */
  [inspect.custom](): string {
    return `EncryptedFileStore { path: ${JSON.stringify(this.path)} }`;
  }

  toJSON(): { kind: StoreKind; path: string } {
    return { kind: this.kind, path: this.path };
  }

  /** The current content, re-read only when the file changed since the last read. */
  async #load(): Promise<Snapshot> {
    // Fast path: one stat; the file is re-read only when another writer replaced it.
    const current = await stat(this.path, { bigint: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (current && this.#snapshot?.signature === fileSignature(current)) return this.#snapshot;
    let handle;
    try {
      handle = await open(this.path, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      this.#snapshot = { signature: 'missing', header: undefined, entries: {} };
      return this.#snapshot;
    }
    try {
      // The signature of the file actually read (it may have been replaced since the stat).
      const info = await handle.stat({ bigint: true });
      const signature = fileSignature(info);
      if (this.#snapshot?.signature === signature) return this.#snapshot;
      // Checked on the handle actually read, so a swap after the check cannot slip past it.
      checkPrivateMode(info, this.path, { allowInsecure: this.#allowInsecure, log: this.#log });
      const bytes = await handle.readFile();
      const header = decodeHeader(bytes, this.#minLog2N, this.path);
      const key = await this.#key(header);
      const plain = unseal(bytes, key, header, this.#storeId, this.path);
      let payload: unknown;
      try {
        payload = JSON.parse(plain.toString('utf8'));
      } catch {
        payload = undefined;
      } finally {
        plain.fill(0);
      }
      const parsed = PayloadSchema.safeParse(payload);
      if (!parsed.success) throw new AuthenticationError(`${this.path} decrypted, but its content is not a credential map`);
      this.#snapshot = { signature, header, entries: parsed.data.entries };
      return this.#snapshot;
    } finally {
      await handle.close();
    }
  }

  async #key(header: FileHeader): Promise<Buffer> {
    const id = keyId(header);
    let key = this.#keys.get(id);
    if (!key) {
      key = await deriveKey(this.#passphrase, header.salt, header.params, this.path);
      this.#keys.set(id, key);
    }
    return key;
  }

  /** Runs a read-modify-write of the entries under the in-process queue and the file lock. */
  #mutate<T>(change: (entries: Entries) => T): Promise<T> {
    return this.#serial(() =>
      this.#locked(async () => {
        const current = await this.#load();
        const entries = structuredClone(current.entries);
        const result = change(entries);
        if (result === false) return result;
        // Same salt and cost as the file (so the cached key serves), always a fresh IV.
        const header = current.header ? newHeader(current.header.params, current.header.salt) : newHeader(this.#newParams, newSalt());
        await this.#write(entries, header, await this.#key(header));
        return result;
      }),
    );
  }

  /**
   * Rewrites a format-1 file as format 2 (same salt and cost, so the same key; a fresh IV),
   * atomically and 0600 under the lock. The values were already read, so a failed rewrite (a
   * read-only directory, say) is logged and the store keeps working on the old file.
   */
  async #upgrade(): Promise<void> {
    try {
      await this.#serial(() =>
        this.#locked(async () => {
          const current = await this.#load();
          if (current.header?.version !== LEGACY_FORMAT_VERSION) return;
          const header = newHeader(current.header.params, current.header.salt);
          await this.#write(current.entries, header, await this.#key(header));
          this.#log.info('credential file upgraded to format 2', { path: this.path });
        }),
      );
    } catch (error) {
      this.#log.warn('credential file could not be upgraded to format 2; it stays readable', { path: this.path, error: (error as Error).message });
    }
  }

  async #write(entries: Entries, header: FileHeader, key: Buffer): Promise<void> {
    const plain = Buffer.from(JSON.stringify({ version: 1, entries }), 'utf8');
    const bytes = seal(plain, key, header, this.#storeId);
    plain.fill(0);
    await writeFileAtomic(this.path, bytes, { mode: 0o600 });
    this.#snapshot = undefined;
    await this.#load();
  }

  #serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #locked<T>(task: () => Promise<T>): Promise<T> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    // Core creates the lock with its owner's pid atomically and takes over a dead owner's lock.
    return withFileLock(this.path, task, { timeoutMs: this.#lockTimeoutMs ?? 10_000 });
  }
}

/** Identity of one version of the file: a replacement by rename changes the inode, an edit the times. */
function fileSignature(info: BigIntStats): string {
  return `${info.ino}:${info.size}:${info.mtimeNs}:${info.ctimeNs}`;
}

function keyId(header: FileHeader): string {
  return `${header.params.log2N}.${header.params.r}.${header.params.p}.${header.salt.toString('hex')}`;
}
