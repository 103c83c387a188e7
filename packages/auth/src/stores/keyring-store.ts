import { inspect } from 'node:util';
import { ConfigError } from '@invest/broker-core';
import { checkRef, sortRefs, type CredentialRef, type CredentialStore, type StoreKind } from './credential-store.ts';
import { loadKeyringModule, type KeyringModuleName, type KeytarLike, type LoadKeyringModuleOptions } from './keyring-module.ts';

export interface KeyringStoreOptions {
  /** Keyring service name every entry is filed under. Default `invest`. */
  service?: string;
  /** Use only this keyring module (default: the first installed, see `KEYRING_MODULES`). */
  module?: KeyringModuleName;
  /** A keytar-compatible module already loaded (skips the lazy loader). */
  keytar?: KeytarLike;
  /** Passed to the lazy loader (tests use it to pretend a module is missing). */
  load?: LoadKeyringModuleOptions['load'];
}

/**
 * Credentials in the OS keyring (macOS Keychain, Windows Credential Manager, Secret Service on
 * Linux) through a keytar-compatible module that is loaded on first use. Each credential is one
 * keyring item: service `invest`, account `<broker>:<key>` (both parts URI-encoded).
 */
export class KeyringStore implements CredentialStore {
  readonly kind: StoreKind = 'keyring';
  readonly writable = true;
  readonly service: string;
  readonly #options: KeyringStoreOptions;
  #module: Promise<{ name: string; keytar: KeytarLike }> | undefined;

  /**
   * Nothing is loaded until the first call, so creating one is free even where no keyring
   * module is installed.
   *
   * @example
   * ```ts
   * const keyring = new KeyringStore({ module: '@napi-rs/keyring' })
   * await keyring.set('etrade-main', 'consumerSecret', secret)
   * ```
   */
  constructor(options: KeyringStoreOptions = {}) {
    this.service = options.service ?? 'invest';
    if (this.service.length === 0) throw new ConfigError('keyring service name must not be empty', { path: 'keyring.service' });
    this.#options = options;
  }

  /** Name of the module in use (loads it if needed). */
  async moduleName(): Promise<string> {
    return (await this.#keytar()).name;
  }

  async get(broker: string, key: string): Promise<string | undefined> {
    checkRef(broker, key);
    const { keytar } = await this.#keytar();
    const value = await this.#call('read', broker, key, () => keytar.getPassword(this.service, accountName(broker, key)));
    return value ?? undefined;
  }

  async set(broker: string, key: string, value: string): Promise<void> {
    checkRef(broker, key);
    const { keytar } = await this.#keytar();
    await this.#call('write', broker, key, () => keytar.setPassword(this.service, accountName(broker, key), value), value);
  }

  async delete(broker: string, key: string): Promise<boolean> {
    checkRef(broker, key);
    const { keytar } = await this.#keytar();
    return this.#call('delete', broker, key, () => keytar.deletePassword(this.service, accountName(broker, key)));
  }

  async list(broker?: string): Promise<CredentialRef[]> {
    const { keytar } = await this.#keytar();
    const found = await this.#call('list', broker ?? '*', '*', () => keytar.findCredentials(this.service));
    const refs: CredentialRef[] = [];
    // Only account names leave this loop; the passwords findCredentials returns are dropped.
    for (const { account } of found) {
      const ref = parseAccountName(account);
      if (ref && (broker === undefined || ref.broker === broker)) refs.push(ref);
    }
    return sortRefs(refs);
  }

  [inspect.custom](): string {
    return `KeyringStore { service: ${JSON.stringify(this.service)} }`;
  }

  #keytar(): Promise<{ name: string; keytar: KeytarLike }> {
    if (this.#options.keytar) return Promise.resolve({ name: 'custom', keytar: this.#options.keytar });
    if (!this.#module) {
      const loading = loadKeyringModule({
        ...(this.#options.module ? { module: this.#options.module } : {}),
        ...(this.#options.load ? { load: this.#options.load } : {}),
      });
      this.#module = loading;
      // A failed load is not kept, so installing a module fixes a long-running process.
      loading.catch(() => {
        if (this.#module === loading) this.#module = undefined;
      });
    }
    return this.#module;
  }

  /**
   * Turns a keyring failure into a `ConfigError` that says what failed and how to fix a missing
   * Secret Service. The module's own error stays as `cause`; its text is shown only when it
   * does not contain anything this call was given.
   */
  async #call<T>(action: string, broker: string, key: string, fn: () => Promise<T>, secret?: string): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      const raw = error instanceof Error ? error.message : String(error);
      const text = secret && raw.includes(secret) ? 'the module reported an error' : raw.slice(0, 200);
      const hint = /dbus|secret service|org\.freedesktop|DISPLAY/i.test(text)
        ? ' No Secret Service is reachable: on Linux run gnome-keyring-daemon (or KeePassXC) in a D-Bus session, or use the encrypted file store.'
        : '';
      throw new ConfigError(`OS keyring could not ${action} ${broker}/${key}: ${text}.${hint}`, { path: 'keyring', cause: error });
    }
  }
}

/** Keyring account name of a credential: `<broker>:<key>`, each part URI-encoded. */
function accountName(broker: string, key: string): string {
  return `${encodeURIComponent(broker)}:${encodeURIComponent(key)}`;
}

function parseAccountName(account: string): CredentialRef | undefined {
  const parts = account.split(':');
  if (parts.length !== 2) return undefined;
  try {
    return { broker: decodeURIComponent(parts[0] ?? ''), key: decodeURIComponent(parts[1] ?? '') };
  } catch {
    return undefined;
  }
}
