import { OAuth1Client, OAuth1SessionManager, etradeOAuth1Provider, type OAuth1Token } from '@invest/auth';
import { ConfigError, Redactor, type HttpClient, type Logger, type PluginContext } from '@invest/broker-core';
import type { EtradeConfig, EtradeEndpoints } from './config.ts';
import { resolveEtradeConsumer, sessionStore } from './credentials.ts';
import { createEtradeHttp, ETRADE_JSON_HEADERS } from './http/client.ts';
import { hintingClient } from './http/login-hint.ts';
import { EtradeAccountListSchema, type EtradeAccount } from './schemas/account.ts';
import type { EtradeTuning } from './tuning.ts';

/** What one account's requests need: the signed client and the account's `accountIdKey`. */
export interface EtradeLink {
  http: HttpClient;
  /** The chosen account, from `GET /v1/accounts/list`. */
  account: EtradeAccount;
  /** `/v1/accounts/{accountIdKey}`: where every account request goes. */
  accountPath: string;
}

export interface EtradeSessionOptions {
  config: EtradeConfig;
  ctx: PluginContext;
  endpoints: EtradeEndpoints;
  tuning: EtradeTuning;
  logger: Logger;
}

/**
 * Picks the configured account: `account` names an accountId or accountIdKey; without it the only
 * account, or the first active brokerage account.
 *
 * @example
 * ```ts
 * chooseAccount(accounts, '83405188').accountIdKey
 * ```
 */
export function chooseAccount(accounts: readonly EtradeAccount[], wanted: string | undefined): EtradeAccount {
  if (wanted !== undefined) {
    const found = accounts.find((a) => a.accountId === wanted || a.accountIdKey === wanted);
    if (found) return found;
    throw new ConfigError(`etrade.account: ${wanted} is not one of this login's accounts (${accounts.map((a) => a.accountId).join(', ') || 'none'})`, { path: 'account', broker: 'etrade' });
  }
  const usable = accounts.filter((a) => a.accountStatus !== 'CLOSED');
  const chosen = usable.length === 1 ? usable[0] : (usable.find((a) => a.institutionType === undefined || a.institutionType === 'BROKERAGE') ?? usable[0]);
  if (!chosen) throw new ConfigError('etrade.account: this login has no open account', { path: 'account', broker: 'etrade' });
  return chosen;
}

/**
 * One account's connection: the consumer key pair, the access token (from the stored login
 * session, renewed after 2 hours idle and refused after midnight US/Eastern with
 * `ReauthRequiredError`; or given in the config), the signed HTTP client, and the account chosen
 * from the account list. Made on first use; made again after a failure.
 *
 * @example
 * ```ts
 * const session = new EtradeSession({ config, ctx, endpoints, tuning, logger })
 * const { http, accountPath } = await session.link()
 * ```
 */
export class EtradeSession {
  readonly #o: EtradeSessionOptions;
  readonly loginCommand: string;
  #link: Promise<EtradeLink> | undefined;

  constructor(options: EtradeSessionOptions) {
    this.#o = options;
    this.loginCommand = `invest auth login ${options.ctx.name}`;
  }

  link(): Promise<EtradeLink> {
    if (!this.#link) {
      const pending = this.#open();
      this.#link = pending;
      pending.catch(() => {
        if (this.#link === pending) this.#link = undefined;
      });
    }
    return this.#link;
  }

  async #open(): Promise<EtradeLink> {
    const { config, ctx, endpoints, tuning, logger } = this.#o;
    const consumer = await resolveEtradeConsumer(config, ctx.name, ctx.credentials);
    const redactor = new Redactor([consumer.consumerSecret, consumer.consumerKey]);
    const client = new OAuth1Client({
      provider: etradeOAuth1Provider(config.paper ? 'sandbox' : 'production', { oauthHost: endpoints.oauth }),
      consumerKey: consumer.consumerKey,
      consumerSecret: consumer.consumerSecret,
      clock: ctx.clock,
      redactor,
      loginCommand: this.loginCommand,
      timeoutMs: config.timeoutMs,
      ...(ctx.fetch ? { fetch: ctx.fetch } : {}),
      ...(tuning.nonce ? { nonce: tuning.nonce } : {}),
    });
    let token: () => Promise<OAuth1Token>;
    if (config.accessToken !== undefined && config.accessTokenSecret !== undefined) {
      const fixed = { token: config.accessToken, tokenSecret: config.accessTokenSecret };
      redactor.add(fixed.token);
      redactor.add(fixed.tokenSecret);
      token = async () => fixed;
    } else {
      const session = new OAuth1SessionManager({ client, store: sessionStore(ctx.credentials), broker: ctx.name, clock: ctx.clock, logger, loginCommand: this.loginCommand });
      token = async () => {
        const t = await session.token();
        redactor.add(t.token);
        redactor.add(t.tokenSecret);
        return t;
      };
    }
    const http = hintingClient(createEtradeHttp({
      baseUrl: endpoints.api,
      consumerKey: consumer.consumerKey,
      sign: async (method, url) => client.authorization(method, url, await token()),
      rateLimitPerSecond: config.rateLimitPerSecond,
      timeoutMs: config.timeoutMs,
      clock: ctx.clock,
      logger,
      redactor,
      fetch: ctx.fetch,
      retry: tuning.retry,
      random: tuning.random,
    }), this.loginCommand);
    const { data } = await http.get('/v1/accounts/list', { schema: EtradeAccountListSchema, headers: ETRADE_JSON_HEADERS });
    const account = chooseAccount(data.AccountListResponse.Accounts.Account, config.account);
    redactor.add(account.accountIdKey);
    return { http, account, accountPath: `/v1/accounts/${encodeURIComponent(account.accountIdKey)}` };
  }
}
