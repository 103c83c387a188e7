import { tdAmeritradeOAuth2Provider } from '@invest/auth';
import {
  ConfigError,
  Redactor,
  type AccountInfo,
  type BrokerAdapter,
  type Capabilities,
  type HttpClient,
  type Logger,
  type PluginContext,
  type Position,
  type Quote,
} from '@invest/broker-core';
import { OrderDeskBroker, openOAuthSession, openOrderDesk, toCorePosition, type OrderDesk, type OrderJsonTuning } from '@invest/broker-schwab';
import { TD_CAPABILITIES, TD_DIALECT } from './capabilities.ts';
import { TD_ENV_NAMES, tdEndpoints, type TdConfig, type TdEndpoints } from './config.ts';
import { toTdAccount } from './map/account.ts';
import { toTdQuote } from './map/quote.ts';
import { TdAccountSchema, type TdAccount } from './schemas/account.ts';
import { TdQuoteResponseSchema } from './schemas/quote.ts';

/** What `connect` says: the API is kept for its documented contract, and Schwab took it over. */
export const TD_RETIRED_NOTICE =
  "TD Ameritrade's API was retired on 2024-05-10; Charles Schwab is its successor (use the schwab broker type, @invest/broker-schwab). This adapter keeps TD's documented contract.";

/**
 * TD Ameritrade (its REST API, OAuth 2.0) as a core `BrokerAdapter`, on the order JSON, order flow
 * and OAuth plumbing it shares with `@invest/broker-schwab`. The API was retired on 2024-05-10:
 * `connect` says so (a warning in the log, and the text on `notices`), and Schwab is
 * the successor to use. Live only (`paper: false`). Orders: the id from `Location`, checked to
 * name the account; a lost answer matched among recent orders, never resent.
 *
 * @example
 * ```ts
 * const td = withValidation(new TdBroker(TdConfigSchema.parse({ paper: false, clientId, refreshToken, accountId }), ctx))
 * await td.connect() // logs the retirement notice
 * ```
 */
export class TdBroker extends OrderDeskBroker implements BrokerAdapter {
  readonly type = 'td';
  readonly name: string;
  readonly capabilities: Capabilities = TD_CAPABILITIES;
  readonly paper = false;
  readonly endpoints: TdEndpoints;
  /** What `connect` told the user (the retirement notice). */
  readonly notices: string[] = [];
  readonly #config: TdConfig;
  readonly #ctx: PluginContext;
  readonly #tuning: OrderJsonTuning;
  readonly #log: Logger;
  protected readonly desk: OrderDesk;
  readonly #redactor = new Redactor();
  #open: Promise<HttpClient> | undefined;

  constructor(config: TdConfig, ctx: PluginContext, tuning: OrderJsonTuning = {}) {
    super();
    this.#config = config;
    this.#ctx = ctx;
    this.#tuning = tuning;
    this.name = ctx.name;
    this.endpoints = tdEndpoints(config);
    this.#log = ctx.logger.child({ broker: 'td', name: ctx.name });
    this.desk = openOrderDesk({
      dialect: TD_DIALECT,
      http: () => this.#api(),
      account: async () => this.#accountId(),
      ordersPerMinute: config.ordersPerMinute,
      ctx,
      logger: this.#log,
      tuning,
    });
  }

  /** States that the API was retired (Schwab is its successor), then checks the login by reading the account. */
  async connect(): Promise<void> {
    if (this.connected) return;
    this.#log.warn(TD_RETIRED_NOTICE, { successor: 'schwab' });
    this.notices.push(TD_RETIRED_NOTICE);
    await this.#account();
    this.markConnected();
  }

  async getAccount(): Promise<AccountInfo> {
    return toTdAccount(await this.#account());
  }

  async getPositions(): Promise<Position[]> {
    return ((await this.#account()).securitiesAccount.positions ?? []).flatMap((p) => toCorePosition(p) ?? []);
  }

  async getQuote(symbol: string): Promise<Quote> {
    const { data } = await (await this.#api()).get(`/marketdata/${encodeURIComponent(symbol)}/quotes`, { schema: TdQuoteResponseSchema });
    return toTdQuote(data, symbol);
  }

  #accountId(): string {
    const id = this.#config.accountId;
    if (id === undefined) throw new ConfigError(`td (${this.name}): no accountId: set ${TD_ENV_NAMES.accountId}`, { broker: 'td', path: 'accountId' });
    return id;
  }

  async #account(): Promise<TdAccount> {
    const { data } = await (await this.#api()).get(`/accounts/${this.#accountId()}`, { query: { fields: 'positions' }, schema: TdAccountSchema });
    return data;
  }

  /** The API client, made on first use (client id from the config or store, tokens from the store or `TD_REFRESH_TOKEN`). */
  #api(): Promise<HttpClient> {
    if (!this.#open) {
      const config = this.#config;
      const pending = openOAuthSession({
        provider: (e) => tdAmeritradeOAuth2Provider({ authorizationEndpoint: e.authorization, tokenEndpoint: e.token }),
        endpoints: this.endpoints,
        client: { broker: 'td', clientId: config.clientId, env: TD_ENV_NAMES, needsSecret: false },
        baseUrls: { api: this.endpoints.api },
        requestsPerMinute: config.requestsPerMinute,
        timeoutMs: config.timeoutMs,
        ctx: this.#ctx,
        logger: this.#log,
        tuning: this.#tuning,
        redactor: this.#redactor,
        seedRefreshToken: config.refreshToken,
      }).then((s) => s.http.api);
      this.#open = pending;
      pending.catch(() => {
        if (this.#open === pending) this.#open = undefined;
      });
    }
    return this.#open;
  }
}
