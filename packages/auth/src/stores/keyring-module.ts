import { createRequire } from 'node:module';
import { ConfigError } from '@invest/broker-core';

/** The part of keytar's API the keyring store uses; `@napi-rs/keyring` is adapted to it. */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

/**
 * Keyring modules tried, in this order: `keytar` (the design's choice, archived upstream), its
 * maintained fork `@github/keytar`, then `@napi-rs/keyring` (maintained, prebuilt). All are
 * optional peer dependencies. On Linux the keytar family and `@napi-rs/keyring` label Secret
 * Service items differently, so one does not see the other's entries: keep to one module.
 */
export const KEYRING_MODULES = ['keytar', '@github/keytar', '@napi-rs/keyring'] as const;
export type KeyringModuleName = (typeof KEYRING_MODULES)[number];

/**
 * No keyring module is installed (as opposed to one that is installed and broken). `AuthManager`
 * treats it as "no keyring here" while reading, unless the keyring is the store it writes to.
 */
export class KeyringModuleMissingError extends ConfigError {
  static override readonly kind: string = 'KeyringModuleMissingError';
}

/** What `npm install` line the error names. */
export const KEYRING_INSTALL_COMMAND = 'npm install @napi-rs/keyring';

export interface LoadedKeyringModule {
  name: KeyringModuleName;
  keytar: KeytarLike;
}

export interface LoadKeyringModuleOptions {
  /** Use only this module instead of the first one installed. */
  module?: KeyringModuleName;
  /** Loads a module by name; default `require` from this package. Tests pass a stand-in. */
  load?: (specifier: string) => unknown;
}

const requireFromHere = createRequire(import.meta.url);

/**
 * Loads the first installed keytar-compatible module, only when a keyring is first used. Where
 * none is installed the `ConfigError` names the command that installs one.
 *
 * @example
 * ```ts
 * const { name, keytar } = await loadKeyringModule()
 * await keytar.setPassword('invest', 'alpaca-main:apiKey', key)
 * ```
 */
export async function loadKeyringModule(options: LoadKeyringModuleOptions = {}): Promise<LoadedKeyringModule> {
  const load = options.load ?? requireFromHere;
  const candidates = options.module ? [options.module] : KEYRING_MODULES;
  for (const name of candidates) {
    let mod: unknown;
    try {
      mod = load(name);
    } catch (error) {
      if (isNotInstalled(error, name)) continue;
      throw new ConfigError(`keyring module ${name} is installed but failed to load (${errorCode(error)}); reinstall it, or install another: ${KEYRING_INSTALL_COMMAND}`, {
        path: 'keyring.module',
        cause: error,
      });
    }
    const keytar = name === '@napi-rs/keyring' ? adaptNapiKeyring(mod) : asKeytar(mod, name);
    return { name, keytar };
  }
  const which = options.module ? `the keyring module ${options.module} is not installed` : `no keyring module is installed (tried ${KEYRING_MODULES.join(', ')})`;
  const command = options.module ? `npm install ${options.module}` : `${KEYRING_INSTALL_COMMAND} (or: npm install keytar)`;
  throw new KeyringModuleMissingError(`${which}. Install one with: ${command}`, { path: 'keyring.module' });
}

function isNotInstalled(error: unknown, name: string): boolean {
  const e = error as NodeJS.ErrnoException | undefined;
  return (e?.code === 'MODULE_NOT_FOUND' || e?.code === 'ERR_MODULE_NOT_FOUND') && String(e.message).includes(`'${name}'`);
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.name : 'unknown error';
}

function unwrapDefault(mod: unknown): Record<string, unknown> {
  const m = mod as Record<string, unknown> | undefined;
  if (m && typeof m.getPassword !== 'function' && typeof m.default === 'object' && m.default !== null) return m.default as Record<string, unknown>;
  return m ?? {};
}

function asKeytar(mod: unknown, name: string): KeytarLike {
  const m = unwrapDefault(mod);
  for (const fn of ['getPassword', 'setPassword', 'deletePassword', 'findCredentials']) {
    if (typeof m[fn] !== 'function') throw new ConfigError(`keyring module ${name} does not have ${fn}(); it is not keytar-compatible`, { path: 'keyring.module' });
  }
  return m as unknown as KeytarLike;
}

interface NapiAsyncEntry {
  getPassword(): Promise<string | null>;
  setPassword(password: string): Promise<void>;
  deletePassword(): Promise<boolean>;
}
interface NapiKeyring {
  AsyncEntry: new (service: string, account: string, options?: { linux?: { store?: 'secret-service' | 'keyutils' } }) => NapiAsyncEntry;
  // A module-level function, not a method: it is called detached from the module object.
  findCredentialsAsync: (service: string) => Promise<Array<{ account: string; password: string }>>;
}

/**
 * `@napi-rs/keyring` ships a keytar-shaped wrapper, but on Linux it falls back silently to the
 * kernel keyring (lost at logout or reboot) when no Secret Service answers. Entries are pinned
 * to the Secret Service instead, so a missing one is an error the user sees, not a lost secret.
 */
function adaptNapiKeyring(mod: unknown): KeytarLike {
  const m = unwrapDefault(mod) as unknown as Partial<NapiKeyring>;
  if (typeof m.AsyncEntry !== 'function' || typeof m.findCredentialsAsync !== 'function') {
    throw new ConfigError('keyring module @napi-rs/keyring does not have AsyncEntry / findCredentialsAsync (version 2 or later is needed)', { path: 'keyring.module' });
  }
  const { AsyncEntry, findCredentialsAsync } = m as NapiKeyring;
  const options = process.platform === 'linux' ? { linux: { store: 'secret-service' as const } } : undefined;
  const entry = (service: string, account: string): NapiAsyncEntry => new AsyncEntry(service, account, options);
  return {
    getPassword: async (service, account) => entry(service, account).getPassword(),
    setPassword: async (service, account, password) => entry(service, account).setPassword(password),
    deletePassword: async (service, account) => entry(service, account).deletePassword(),
    findCredentials: async (service) => findCredentialsAsync(service),
  };
}
