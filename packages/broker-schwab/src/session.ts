import { schwabOAuth2Provider, type OAuth2TokenManager } from '@invest/auth';
import { ConfigError, Redactor, type HttpClient, type Logger, type PluginContext } from '@invest/broker-core';
import { SCHWAB_ENV_NAMES, type SchwabConfig, type SchwabEndpoints } from './config.ts';
import { openOAuthSession } from './oauth/open-session.ts';
import { SchwabAccountNumbersSchema } from './schemas/account.ts';
import type { OrderJsonTuning } from './tuning.ts';

/** The clients of one Schwab account. */
export interface SchwabHttp {
  trader: HttpClient;
  marketData: HttpClient;
}

/** An open session: the clients, the token manager and the app key the budgets are kept under. */
interface Opened {
  http: SchwabHttp;
  tokens: OAuth2TokenManager;
}

/**
 * One Schwab account's connection, made on first use: the app key and secret (config or
 * credential store), the OAuth tokens (credential store, after `invest auth login NAME`), the HTTP
 * clients, and the account hash every account call takes (`GET /accounts/accountNumbers`, once).
 *
 * @example
 * ```ts
 * const session = new SchwabSession(config, ctx, tuning, endpoints, logger)
 * const hash = await session.accountHash()
 * ```
 */
export class SchwabSession {
  readonly redactor = new Redactor();
  readonly #config: SchwabConfig;
  readonly #ctx: PluginContext;
  readonly #tuning: OrderJsonTuning;
  readonly #endpoints: SchwabEndpoints;
  readonly #log: Logger;
  #open: Promise<Opened> | undefined;
  #hash: Promise<string> | undefined;

  constructor(config: SchwabConfig, ctx: PluginContext, tuning: OrderJsonTuning, endpoints: SchwabEndpoints, logger: Logger) {
    this.#config = config;
    this.#ctx = ctx;
    this.#tuning = tuning;
    this.#endpoints = endpoints;
    this.#log = logger;
  }

  async http(): Promise<SchwabHttp> {
    return (await this.#opened()).http;
  }

  async tokens(): Promise<OAuth2TokenManager> {
    return (await this.#opened()).tokens;
  }

  /** The hash of the configured account (or of the only one the login sees); asked once. */
  accountHash(): Promise<string> {
    if (!this.#hash) {
      const pending = this.#lookUpHash();
      this.#hash = pending;
      pending.catch(() => {
        if (this.#hash === pending) this.#hash = undefined;
      });
    }
    return this.#hash;
  }

  async #lookUpHash(): Promise<string> {
    const { trader } = await this.http();
    const { data } = await trader.get('/accounts/accountNumbers', { schema: SchwabAccountNumbersSchema });
    const wanted = this.#config.accountNumber;
    const found = wanted !== undefined ? data.find((a) => a.accountNumber === wanted) : data.length === 1 ? data[0] : undefined;
    if (!found) {
      const why = wanted !== undefined
        ? `account ${mask(wanted)} is not among the ${data.length} account(s) this login sees`
        : `this login sees ${data.length} accounts; choose one with accountNumber (${SCHWAB_ENV_NAMES.accountNumber})`;
      throw new ConfigError(`schwab (${this.#ctx.name}): ${why}`, { broker: 'schwab', path: 'accountNumber' });
    }
    return found.hashValue;
  }

  #opened(): Promise<Opened> {
    if (!this.#open) {
      const pending = this.#make();
      this.#open = pending;
      pending.catch(() => {
        if (this.#open === pending) this.#open = undefined;
      });
    }
    return this.#open;
  }

  #make(): Promise<Opened> {
    const config = this.#config;
    return openOAuthSession({
      provider: (e) => schwabOAuth2Provider({ authorizationEndpoint: e.authorization, tokenEndpoint: e.token }),
      endpoints: this.#endpoints,
      client: { broker: 'schwab', clientId: config.clientId, clientSecret: config.clientSecret, env: SCHWAB_ENV_NAMES, needsSecret: true },
      baseUrls: { trader: this.#endpoints.trader, marketData: this.#endpoints.marketData },
      requestsPerMinute: config.requestsPerMinute,
      timeoutMs: config.timeoutMs,
      ctx: this.#ctx,
      logger: this.#log,
      tuning: this.#tuning,
      redactor: this.redactor,
    });
  }
}

/** `12345678` -> `…5678`: enough to recognise an account in a message. */
function mask(accountNumber: string): string {
  return `…${accountNumber.slice(-4)}`;
}
