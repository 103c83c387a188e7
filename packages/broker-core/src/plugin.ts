import type { z } from 'zod';
import type { BrokerAdapter } from './broker.ts';
import type { Clock } from './clock.ts';
import type { Logger } from './logging/logger.ts';

/** A credential a plugin needs, as `invest set-creds` asks for it. */
export interface CredentialField {
  /** Key in the plugin's config, e.g. `apiKey`. */
  key: string;
  /** Label shown to the user. */
  label: string;
  /** Secret values are masked on input and never printed or logged. */
  secret: boolean;
  /** Environment variable that holds it, e.g. `ALPACA_API_KEY`. */
  env?: string;
  required: boolean;
}

/** Reads stored credentials (the auth package provides stores; tests pass a map). */
export interface CredentialSource {
  get(broker: string, key: string): Promise<string | undefined>;
}

/** Kinds of credential store, in read precedence (first wins). */
export type CredentialStoreKind = 'env' | 'keyring' | 'file' | 'memory';

/**
 * A credential store: `CredentialSource` plus write, delete and a listing that names what is
 * stored without ever returning a value. `@invest/auth` implements it for environment variables,
 * an encrypted file and the OS keyring.
 */
export interface CredentialStore extends CredentialSource {
  readonly kind: CredentialStoreKind;
  /** False for stores that cannot be written (environment variables). */
  readonly writable: boolean;
  set(broker: string, key: string, value: string): Promise<void>;
  /** Removes one credential; resolves true when something was removed. */
  delete(broker: string, key: string): Promise<boolean>;
  /** Names of the stored credentials (never their values), optionally for one broker. */
  list(broker?: string): Promise<{ broker: string; key: string }[]>;
}

/** What a plugin's interactive `login` (OAuth) gets from the CLI or any other host. */
export interface LoginContext {
  /** Instance name, e.g. `schwab-main`; credentials and tokens are stored under it. */
  name: string;
  /** Where the login's results (tokens, sessions) are written, and its inputs (client id, secret) read. */
  store: CredentialStore;
  /** Asks the user; `secret` answers are never echoed. */
  prompt(message: string, options?: { secret?: boolean }): Promise<string>;
  /** Tells the user something (a URL to open, progress). */
  print(text: string): void;
  clock: Clock;
  logger: Logger;
}

/** What a plugin's `create` receives besides its config. */
export interface PluginContext {
  /** Instance name, e.g. `alpaca-main`. */
  name: string;
  logger: Logger;
  clock: Clock;
  credentials?: CredentialSource;
  /** fetch to use for HTTP (tests pass one bound to a mock server). */
  fetch?: typeof globalThis.fetch;
  /** The invest home (`INVEST_HOME`, default `~/.invest`); plugins that keep state put it under here. */
  home?: string;
}

export type EnvMap = Record<string, string | undefined>;

/**
 * A broker adapter as a plain object: the user imports it and registers it. Nothing registers
 * itself on import.
 *
 * @example
 * ```ts
 * registry.register(simPlugin)
 * const broker = registry.create('sim', { initialCash: 100_000 })
 * ```
 */
export interface BrokerPlugin<C = unknown> {
  type: string;
  displayName: string;
  description?: string;
  /** Validates config before `create`; its errors become `ConfigError` naming the field. */
  configSchema: z.ZodType<C, unknown>;
  /** Environment variable names this plugin reads, config key -> variable. */
  envNames: Readonly<Record<string, string>>;
  /** Builds a config input (not yet validated) from environment variables. */
  fromEnv(env: EnvMap): unknown;
  credentials: readonly CredentialField[];
  /**
   * Makes the adapter. It receives parsed input only: the registry wraps it in `withValidation`
   * (parse once, capabilities checked) before anyone can call it.
   */
  create(config: C, ctx: PluginContext): BrokerAdapter;
  /**
   * For brokers that log in interactively (OAuth 2.0 / 1.0a): runs the login and stores what it
   * yields in `ctx.store`. `invest auth login NAME` calls it. Brokers with API keys have none.
   */
  login?(config: C, ctx: LoginContext): Promise<{ message?: string }>;
}
