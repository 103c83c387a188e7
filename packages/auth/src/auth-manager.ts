import { ConfigError, silentLogger, type CredentialField, type CredentialSource, type Logger, type Redactor } from '@invest/broker-core';
import { checkRef, STORE_PRECEDENCE, type CredentialRef, type CredentialStore, type StoreKind } from './stores/credential-store.ts';
import { KeyringModuleMissingError } from './stores/keyring-module.ts';

export interface AuthManagerOptions {
  /** The stores to use, any order: they are read in the fixed precedence env > keyring > file > memory. */
  stores: readonly CredentialStore[];
  /**
   * Where `set` and `delete` go when no store is named. Default: the only writable store, if
   * there is one. Naming `keyring` here also makes a missing keyring module an error on reads;
   * otherwise reads skip a keyring whose module is not installed (with a debug log).
   */
  writeTo?: StoreKind;
  /** Every secret value read or written is added to it, so loggers built with it never print one. */
  redactor?: Redactor;
  /**
   * The plugin's credential fields per broker instance. A field declared `secret: false` (a host,
   * a paper flag) is not added to the redactor; anything not declared is treated as secret.
   */
  fields?: Readonly<Record<string, readonly CredentialField[]>>;
  logger?: Logger;
}

/** One stored credential as `list` shows it: where it is, never what it is. */
export interface CredentialListing {
  broker: string;
  key: string;
  /** Every store that holds a value, in precedence order. */
  storedIn: StoreKind[];
  /** The store `get` reads it from (the first of `storedIn`). */
  readFrom: StoreKind;
  secret: boolean;
}

/**
 * The front door to stored credentials. Reads go through the stores in one documented
 * precedence (environment variables, then the OS keyring, then the encrypted file), writes go
 * to the store the user chose, and `list` tells what is stored where without revealing a value.
 * It is a core `CredentialSource`, so it can be passed to a plugin as `ctx.credentials`.
 */
export class AuthManager implements CredentialSource {
  readonly #stores: CredentialStore[];
  readonly #writeTo: StoreKind | undefined;
  readonly #chosen: StoreKind | undefined;
  #skipNoted = false;
  readonly #redactor: Redactor | undefined;
  readonly #fields: Readonly<Record<string, readonly CredentialField[]>>;
  readonly #log: Logger;

  /**
   * @example
   * ```ts
   * const auth = new AuthManager({
   *   stores: [new EnvStore({ brokers: { 'alpaca-main': alpacaPlugin.envNames } }), await EncryptedFileStore.open({ path, passphrase })],
   *   writeTo: 'file',
   *   redactor,
   * })
   * const key = await auth.get('alpaca-main', 'apiKey')
   * ```
   */
  constructor(options: AuthManagerOptions) {
    const seen = new Set<StoreKind>();
    for (const store of options.stores) {
      if (seen.has(store.kind)) throw new ConfigError(`two ${store.kind} stores given to AuthManager; give one store of each kind`, { path: 'stores' });
      seen.add(store.kind);
    }
    this.#stores = [...options.stores].sort((a, b) => STORE_PRECEDENCE.indexOf(a.kind) - STORE_PRECEDENCE.indexOf(b.kind));
    const writable = this.#stores.filter((s) => s.writable);
    if (options.writeTo !== undefined) {
      const target = this.#stores.find((s) => s.kind === options.writeTo);
      if (!target) throw new ConfigError(`writeTo is ${options.writeTo}, but no ${options.writeTo} store was given`, { path: 'writeTo' });
      if (!target.writable) throw new ConfigError(`writeTo is ${options.writeTo}, which is read-only`, { path: 'writeTo' });
    }
    this.#writeTo = options.writeTo ?? (writable.length === 1 ? writable[0]?.kind : undefined);
    this.#chosen = options.writeTo;
    this.#redactor = options.redactor;
    this.#fields = options.fields ?? {};
    this.#log = options.logger ?? silentLogger;
  }

  /** The kinds of the stores in read order. */
  get precedence(): StoreKind[] {
    return this.#stores.map((s) => s.kind);
  }

  /** The store `set` writes to by default, if one is set or implied. */
  get writeTo(): StoreKind | undefined {
    return this.#writeTo;
  }

  /** The store of this kind, if one was given. */
  store(kind: StoreKind): CredentialStore | undefined {
    return this.#stores.find((s) => s.kind === kind);
  }

  /** The value of `(broker, key)` from the first store, in precedence order, that has one. */
  async get(broker: string, key: string): Promise<string | undefined> {
    return (await this.lookup(broker, key))?.value;
  }

  /** Like `get`, and says which store answered. */
  async lookup(broker: string, key: string): Promise<{ value: string; store: StoreKind } | undefined> {
    checkRef(broker, key);
    for (const store of this.#stores) {
      const value = await this.#read(store, () => store.get(broker, key), undefined);
      if (value === undefined) continue;
      this.#note(broker, key, value);
      this.#log.debug('credential read', { broker, field: key, store: store.kind });
      return { value, store: store.kind };
    }
    return undefined;
  }

  /**
   * A value that must exist; the `ConfigError` says where it can be put (the environment
   * variable, when the plugin declares one, and the `set-creds` command).
   */
  async require(broker: string, key: string): Promise<string> {
    const found = await this.get(broker, key);
    if (found !== undefined) return found;
    const env = this.#field(broker, key)?.env;
    throw new ConfigError(`no credential ${key} for ${broker}: set ${env ? `${env} or ` : ''}run \`invest set-creds ${broker}\``, { path: `${broker}.${key}` });
  }

  /** The required fields of `fields` that no store holds (for `invest test` and friendly errors). */
  async missing(broker: string, fields: readonly CredentialField[]): Promise<CredentialField[]> {
    const out: CredentialField[] = [];
    for (const field of fields) if (field.required && (await this.lookup(broker, field.key)) === undefined) out.push(field);
    return out;
  }

  /** Writes to the named store, or to `writeTo`. */
  async set(broker: string, key: string, value: string, options: { store?: StoreKind } = {}): Promise<void> {
    checkRef(broker, key);
    const store = this.#target(options.store);
    this.#note(broker, key, value);
    await store.set(broker, key, value);
    this.#log.info('credential stored', { broker, field: key, store: store.kind });
  }

  /**
   * Removes `(broker, key)` from the named store (default `writeTo`), or with
   * `{ everywhere: true }` from every writable store. Resolves to the stores it was removed from.
   */
  async delete(broker: string, key: string, options: { store?: StoreKind; everywhere?: boolean } = {}): Promise<StoreKind[]> {
    checkRef(broker, key);
    const targets = options.everywhere ? this.#stores.filter((s) => s.writable) : [this.#target(options.store)];
    const removed: StoreKind[] = [];
    for (const store of targets) if (await store.delete(broker, key)) removed.push(store.kind);
    if (removed.length > 0) this.#log.info('credential deleted', { broker, field: key, stores: removed });
    return removed;
  }

  /** What is stored, where, and which store wins; values are never read into the listing. */
  async list(broker?: string): Promise<CredentialListing[]> {
    const byRef = new Map<string, CredentialListing>();
    for (const store of this.#stores) {
      for (const ref of await this.#read(store, () => store.list(broker), [] as CredentialRef[])) {
        const id = JSON.stringify([ref.broker, ref.key]);
        let entry = byRef.get(id);
        if (!entry) {
          entry = { broker: ref.broker, key: ref.key, storedIn: [], readFrom: store.kind, secret: this.#isSecret(ref.broker, ref.key) };
          byRef.set(id, entry);
        }
        entry.storedIn.push(store.kind);
      }
    }
    return [...byRef.values()].sort((a, b) => (a.broker === b.broker ? (a.key < b.key ? -1 : 1) : a.broker < b.broker ? -1 : 1));
  }

  /**
   * Runs a read on `store`. An optional keyring without a module answers `absent` instead of
   * failing: keys kept in the file must not become unreachable (nor "no apiKey: set
   * ALPACA_API_KEY" be hidden) because a module the user never chose is not installed.
   */
  async #read<T>(store: CredentialStore, read: () => Promise<T>, absent: T): Promise<T> {
    try {
      return await read();
    } catch (error) {
      if (!(error instanceof KeyringModuleMissingError) || store.kind !== 'keyring' || this.#chosen === 'keyring') throw error;
      if (!this.#skipNoted) this.#log.debug('keyring skipped: no keyring module is installed', { store: store.kind });
      this.#skipNoted = true;
      return absent;
    }
  }

  #target(kind: StoreKind | undefined): CredentialStore {
    const want = kind ?? this.#writeTo;
    if (want === undefined) {
      throw new ConfigError('no store chosen for writing: pass { store } or set writeTo (keyring or file)', { path: 'writeTo' });
    }
    const store = this.#stores.find((s) => s.kind === want);
    if (!store) throw new ConfigError(`no ${want} store is configured`, { path: 'writeTo' });
    if (!store.writable) throw new ConfigError(`the ${want} store is read-only`, { path: 'writeTo' });
    return store;
  }

  #field(broker: string, key: string): CredentialField | undefined {
    return this.#fields[broker]?.find((f) => f.key === key);
  }

  #isSecret(broker: string, key: string): boolean {
    return this.#field(broker, key)?.secret ?? true;
  }

  #note(broker: string, key: string, value: string): void {
    if (this.#redactor && this.#isSecret(broker, key)) this.#redactor.add(value);
  }
}
