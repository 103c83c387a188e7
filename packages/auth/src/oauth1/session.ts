import { ConfigError, ReauthRequiredError, silentLogger, systemClock, type Clock, type Logger } from '@invest/broker-core';
import { z } from 'zod';
import type { CredentialStore } from '../stores/credential-store.ts';
import type { OAuth1Client, OAuth1Token } from './flow.ts';
import type { OAuthParam } from './signer.ts';

/** What is persisted for an OAuth 1.0a login: the access token and its clock. */
export const OAuth1SessionSchema = z.object({
  token: z.string().min(1),
  tokenSecret: z.string(),
  /** When the access token was obtained (epoch ms). */
  issuedAt: z.number(),
  /** Last request signed with it, or last renewal (epoch ms). */
  lastUsedAt: z.number(),
  /** When it stops working for good (epoch ms); absent where the provider has no daily end. */
  expiresAt: z.number().optional(),
});
export type OAuth1Session = z.infer<typeof OAuth1SessionSchema>;

/** Store key the session is saved under, next to the broker's other credentials. */
export const OAUTH1_SESSION_KEY = 'oauth1.session';

export interface OAuth1SessionManagerOptions {
  client: OAuth1Client;
  /** Where the access token is kept (encrypted file or keyring). */
  store: CredentialStore;
  /** Broker instance name the session belongs to (`etrade-main`). */
  broker: string;
  /** Renew when the token has been idle this long. Default: the provider's idle timeout less one minute. */
  renewAfterIdleMs?: number;
  /** Command that starts a new login, named in `ReauthRequiredError`. Default `invest auth login <broker>`. */
  loginCommand?: string;
  /** Time source for idle and expiry checks; use the client's clock. */
  clock?: Clock;
  logger?: Logger;
}

/**
 * Keeps an OAuth 1.0a access token usable: signs requests with it, renews it when it has been
 * idle (E*TRADE: 2 hours), and raises `ReauthRequiredError` once it has expired for good
 * (E*TRADE: midnight US/Eastern), naming the command to log in again. Renewals are single-flight.
 */
export class OAuth1SessionManager {
  readonly broker: string;
  readonly loginCommand: string;
  readonly #client: OAuth1Client;
  readonly #store: CredentialStore;
  readonly #renewAfterIdleMs: number | undefined;
  readonly #log: Logger;
  readonly #now: () => number;
  #session: OAuth1Session | undefined;
  #renewing: Promise<OAuth1Session> | undefined;

  /**
   * @example
   * ```ts
   * const session = new OAuth1SessionManager({ client, store: fileStore, broker: 'etrade-main' })
   * const authorization = await session.authorization('GET', 'https://apisb.etrade.com/v1/accounts/list.json')
   * ```
   */
  constructor(options: OAuth1SessionManagerOptions) {
    this.broker = options.broker;
    this.loginCommand = options.loginCommand ?? `invest auth login ${options.broker}`;
    this.#client = options.client;
    this.#store = options.store;
    const idle = options.client.provider.idleTimeoutMs;
    this.#renewAfterIdleMs = options.renewAfterIdleMs ?? (idle === undefined ? undefined : Math.max(0, idle - 60_000));
    this.#log = options.logger ?? silentLogger;
    const clock = options.clock ?? systemClock;
    this.#now = () => clock.now();
  }

  /**
   * Runs the whole login: request token, then `approve` shows the authorize URL to the user and
   * resolves to the verifier they were given, then the access token is saved to the store.
   */
  async login(approve: (authorizeUrl: string) => Promise<string>): Promise<OAuth1Session> {
    const request = await this.#client.requestToken();
    const verifier = await approve(this.#client.authorizeUrl(request.token));
    if (verifier.trim().length === 0) throw new ConfigError('no verifier was entered', { path: 'verifier' });
    const access = await this.#client.accessToken(request, verifier);
    const now = this.#now();
    const expiresAt = this.#client.provider.accessTokenExpiresAt?.(now);
    const session: OAuth1Session = { ...access, issuedAt: now, lastUsedAt: now, ...(expiresAt === undefined ? {} : { expiresAt }) };
    await this.#save(session);
    this.#log.info('oauth1 login complete', { broker: this.broker });
    return session;
  }

  /** A usable access token: renewed first if idle, `ReauthRequiredError` if expired or absent. */
  async token(): Promise<OAuth1Token> {
    let session = await this.#load();
    const now = this.#now();
    this.#assertNotExpired(session, now);
    if (this.#renewAfterIdleMs !== undefined && now - session.lastUsedAt >= this.#renewAfterIdleMs) {
      session = await this.#renew(session);
    }
    session.lastUsedAt = Math.max(session.lastUsedAt, now);
    return { token: session.token, tokenSecret: session.tokenSecret };
  }

  /**
   * The `Authorization` header for one data request, after the checks of `token()`.
   *
   * @example
   * ```ts
   * await fetch(url, { headers: { authorization: await session.authorization('GET', url) } })
   * ```
   */
  async authorization(method: string, url: string, form?: Iterable<OAuthParam>): Promise<string> {
    return this.#client.authorization(method, url, await this.token(), form);
  }

  /** Revokes the access token at the provider and removes it from the store. */
  async logout(): Promise<void> {
    const session = await this.#load().catch(() => undefined);
    if (session) await this.#client.revoke(session);
    await this.#store.delete(this.broker, OAUTH1_SESSION_KEY);
    this.#session = undefined;
  }

  #assertNotExpired(session: OAuth1Session, now: number): void {
    if (session.expiresAt !== undefined && now >= session.expiresAt) {
      throw new ReauthRequiredError(
        `${this.#client.provider.name} access token for ${this.broker} expired at ${new Date(session.expiresAt).toISOString()} (midnight US/Eastern); log in again with \`${this.loginCommand}\``,
        { broker: this.#client.provider.name, command: this.loginCommand },
      );
    }
  }

  #renew(session: OAuth1Session): Promise<OAuth1Session> {
    this.#renewing ??= (async () => {
      try {
        try {
          await this.#client.renew(session);
        } catch (error) {
          if (!(error instanceof ReauthRequiredError)) throw error;
          throw new ReauthRequiredError(`${this.#client.provider.name} refused to renew the access token for ${this.broker}; log in again with \`${this.loginCommand}\``, {
            broker: error.broker,
            command: this.loginCommand,
            ...(error.brokerCode === undefined ? {} : { brokerCode: error.brokerCode }),
            ...(error.status === undefined ? {} : { status: error.status }),
            cause: error,
          });
        }
        const renewed: OAuth1Session = { ...session, lastUsedAt: this.#now() };
        await this.#save(renewed);
        this.#log.info('oauth1 access token renewed after idle', { broker: this.broker });
        return renewed;
      } finally {
        this.#renewing = undefined;
      }
    })();
    return this.#renewing;
  }

  async #load(): Promise<OAuth1Session> {
    if (this.#session) return this.#session;
    const raw = await this.#store.get(this.broker, OAUTH1_SESSION_KEY);
    const parsed = raw === undefined ? undefined : OAuth1SessionSchema.safeParse(safeJson(raw));
    if (!parsed?.success) {
      throw new ReauthRequiredError(`no ${this.#client.provider.name} session for ${this.broker}; log in with \`${this.loginCommand}\``, {
        broker: this.#client.provider.name,
        command: this.loginCommand,
      });
    }
    this.#session = parsed.data;
    return parsed.data;
  }

  async #save(session: OAuth1Session): Promise<void> {
    await this.#store.set(this.broker, OAUTH1_SESSION_KEY, JSON.stringify(session));
    this.#session = session;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
