import { ConfigError, type EnvMap } from '@invest/broker-core';
import { checkRef, sortRefs, type CredentialRef, type CredentialStore, type StoreKind } from './credential-store.ts';

export interface EnvStoreOptions {
  /**
   * Broker instance name -> the plugin's `envNames` (config key -> variable), e.g.
   * `{ 'alpaca-main': alpacaPlugin.envNames }` reads `ALPACA_API_KEY` as `alpaca-main / apiKey`.
   * Variables are per broker type, so bind them to the one instance that should read them.
   */
  brokers: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Where to read; default `process.env`, read at each call so a test or a shell change is seen. */
  env?: EnvMap;
}

/**
 * Reads credentials from environment variables named by each plugin (`ALPACA_API_KEY`,
 * `TD_REFRESH_TOKEN`, ...). Read-only: writing tells the user which variable to set.
 */
export class EnvStore implements CredentialStore {
  readonly kind: StoreKind = 'env';
  readonly writable = false;
  readonly #brokers: ReadonlyMap<string, ReadonlyMap<string, string>>;
  readonly #env: EnvMap | undefined;

  /**
   * @example
   * ```ts
   * const env = new EnvStore({ brokers: { 'alpaca-main': alpacaPlugin.envNames } })
   * await env.get('alpaca-main', 'apiKey') // process.env.ALPACA_API_KEY
   * ```
   */
  constructor(options: EnvStoreOptions) {
    const brokers = new Map<string, Map<string, string>>();
    for (const [broker, names] of Object.entries(options.brokers)) {
      const fields = new Map<string, string>();
      for (const [key, variable] of Object.entries(names)) {
        checkRef(broker, key);
        fields.set(key, variable);
      }
      brokers.set(broker, fields);
    }
    this.#brokers = brokers;
    this.#env = options.env;
  }

  /** The variable that holds `(broker, key)`, if this store knows one. */
  variableFor(broker: string, key: string): string | undefined {
    return this.#brokers.get(broker)?.get(key);
  }

  async get(broker: string, key: string): Promise<string | undefined> {
    checkRef(broker, key);
    const variable = this.variableFor(broker, key);
    return variable === undefined ? undefined : this.#read(variable);
  }

  async set(broker: string, key: string): Promise<void> {
    throw this.#readOnly(broker, key);
  }

  async delete(broker: string, key: string): Promise<boolean> {
    throw this.#readOnly(broker, key);
  }

  async list(broker?: string): Promise<CredentialRef[]> {
    const refs: CredentialRef[] = [];
    for (const [b, fields] of this.#brokers) {
      if (broker !== undefined && b !== broker) continue;
      for (const [key, variable] of fields) if (this.#read(variable) !== undefined) refs.push({ broker: b, key });
    }
    return sortRefs(refs);
  }

  #read(variable: string): string | undefined {
    const value = (this.#env ?? process.env)[variable];
    return value === undefined || value === '' ? undefined : value;
  }

  #readOnly(broker: string, key: string): ConfigError {
    const variable = this.variableFor(broker, key);
    return new ConfigError(
      variable
        ? `environment variables are read-only here: set ${variable} in the environment, or write ${broker}/${key} to the keyring or the encrypted file`
        : `environment variables are read-only, and none is bound to ${broker}/${key}`,
      { path: variable ?? `${broker}.${key}` },
    );
  }
}
