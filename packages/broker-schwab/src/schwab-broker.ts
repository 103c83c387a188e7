import type { AccountInfo, BrokerAdapter, Capabilities, Logger, ParsedOrderRequest, PluginContext, Position, Quote } from '@invest/broker-core';
import { SCHWAB_CAPABILITIES } from './capabilities.ts';
import { schwabEndpoints, type SchwabConfig, type SchwabEndpoints } from './config.ts';
import { toCoreAccount } from './map/account.ts';
import { toCorePosition } from './map/position.ts';
import { toCoreQuote } from './map/quote.ts';
import { SCHWAB_DIALECT } from './order-json/request-body.ts';
import type { OrderDesk } from './orders/order-desk.ts';
import { OrderDeskBroker } from './orders/order-desk-broker.ts';
import { openOrderDesk } from './orders/open-order-desk.ts';
import { toOrderPreview, type OrderPreview } from './orders/preview.ts';
import { SchwabAccountSchema } from './schemas/account.ts';
import { SchwabPreviewSchema } from './schemas/preview.ts';
import { SchwabQuoteResponseSchema } from './schemas/quote.ts';
import { SchwabSession } from './session.ts';
import type { OrderJsonTuning } from './tuning.ts';

/**
 * Charles Schwab (Trader API, Market Data API, OAuth 2.0) as a core `BrokerAdapter`. It takes
 * trusted input: get it through `schwabPlugin` and the registry, or wrap it in `withValidation`.
 *
 * - Live only: Schwab has no paper environment, so the config must say `paper: false`.
 * - OAuth 2.0 through `@invest/auth`: log in once with `invest auth login NAME`; the access token
 *   (30 min) is refreshed before it expires, a 401 costs one refresh, and after the refresh token's
 *   7 days every call is `ReauthRequiredError` naming the login command.
 * - Account calls take the account's hash, read once from `/accounts/accountNumbers`.
 * - Orders go through core's `submitWithRecovery` (see `OrderDesk`): the order id comes from
 *   `Location`, checked to name this account; a lost answer is found among recent orders, never
 *   resent. `previewOrder` is the dry run: Schwab checks the order and places nothing.
 * - One request budget per app key, and the app's order budget per account.
 *
 * @example
 * ```ts
 * const adapter = new SchwabBroker(SchwabConfigSchema.parse({ paper: false }), { name: 'schwab-main', logger, clock: systemClock, credentials })
 * const schwab = withValidation(adapter)
 * await schwab.connect()
 * await schwab.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 1, type: 'limit', limitPrice: 150 })
 * ```
 */
export class SchwabBroker extends OrderDeskBroker implements BrokerAdapter {
  readonly type = 'schwab';
  readonly name: string;
  readonly capabilities: Capabilities = SCHWAB_CAPABILITIES;
  /** Always false: Schwab trades real money only. */
  readonly paper = false;
  /** The hosts this instance talks to. */
  readonly endpoints: SchwabEndpoints;
  readonly #log: Logger;
  readonly #session: SchwabSession;
  protected readonly desk: OrderDesk;

  constructor(config: SchwabConfig, ctx: PluginContext, tuning: OrderJsonTuning = {}) {
    super();
    this.name = ctx.name;
    this.endpoints = schwabEndpoints(config);
    this.#log = ctx.logger.child({ broker: 'schwab', name: ctx.name });
    this.#session = new SchwabSession(config, ctx, tuning, this.endpoints, this.#log);
    this.desk = openOrderDesk({
      dialect: SCHWAB_DIALECT,
      http: async () => (await this.#session.http()).trader,
      account: () => this.#session.accountHash(),
      ordersPerMinute: config.ordersPerMinute,
      ctx,
      logger: this.#log,
      tuning,
    });
  }

  /** Checks the login and finds the account (its hash); rejects with `ReauthRequiredError` when a new login is needed. */
  async connect(): Promise<void> {
    if (this.connected) return;
    await this.#session.accountHash();
    this.markConnected();
  }

  async getAccount(): Promise<AccountInfo> {
    return toCoreAccount(await this.#account(), { paper: false });
  }

  async getPositions(): Promise<Position[]> {
    const account = await this.#account();
    return (account.securitiesAccount.positions ?? []).flatMap((p) => toCorePosition(p) ?? []);
  }

  async getQuote(symbol: string): Promise<Quote> {
    const { marketData } = await this.#session.http();
    const { data } = await marketData.get(`/${encodeURIComponent(symbol)}/quotes`, { query: { fields: 'quote' }, schema: SchwabQuoteResponseSchema });
    return toCoreQuote(data, symbol, 'schwab');
  }

  /**
   * A dry run (`POST /accounts/{hash}/previewOrder`): Schwab checks the order as it would place it
   * and answers its verdict and projected figures; nothing is placed. Takes a parsed request, like
   * `submitOrder` (`withValidation` does not know this method: parse with `parseOrderRequest`).
   *
   * @example
   * ```ts
   * const preview = await adapter.previewOrder(parseOrderRequest({ symbol: 'AAPL', side: 'buy', quantity: 1 }))
   * if (!preview.accepted) console.log(preview.rejects)
   * ```
   */
  async previewOrder(req: ParsedOrderRequest): Promise<OrderPreview> {
    const body = this.desk.body(req);
    const [{ trader }, hash] = await Promise.all([this.#session.http(), this.#session.accountHash()]);
    const { data } = await trader.post(`/accounts/${hash}/previewOrder`, { json: body, schema: SchwabPreviewSchema });
    return toOrderPreview(body, data);
  }

  async #account() {
    const [{ trader }, hash] = await Promise.all([this.#session.http(), this.#session.accountHash()]);
    const { data } = await trader.get(`/accounts/${hash}`, { query: { fields: 'positions' }, schema: SchwabAccountSchema });
    return data;
  }
}
