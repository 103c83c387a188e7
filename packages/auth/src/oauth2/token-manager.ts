import { ReauthRequiredError, silentLogger, systemClock, type Clock, type Logger } from '@invest/broker-core';
import type { CredentialStore } from '../stores/credential-store.ts';
import { isGrantRefusal, type OAuth2TokenClient } from './token-client.ts';
import { TokenSetSchema, tokenSetFromResponse, type TokenSet } from './token-set.ts';

/** Store key the token set is saved under, next to the broker's other credentials. */
export const OAUTH2_TOKENS_KEY = 'oauth2.tokens';

export interface OAuth2TokenManagerOptions {
  client: OAuth2TokenClient;
  /** Where the token set lives (encrypted file or keyring); each save is one atomic write. */
  store: CredentialStore;
  /** Broker instance name the tokens belong to (`schwab-main`). */
  broker: string;
  clock?: Clock;
  /** Refresh this long before the access token expires. Default 60 s. */
  refreshSkewMs?: number;
  /** Command that starts a new login, named in `ReauthRequiredError`. Default `invest auth login <broker>`. */
  loginCommand?: string;
  logger?: Logger;
}

/** Expiry times of the stored login, without any token. */
export interface TokenStatus {
  loggedIn: boolean;
  accessTokenExpiresAt?: number;
  refreshTokenExpiresAt?: number;
  loginAt?: number;
}

/**
 * Hands out a valid access token: refreshes it before it expires (with clock skew), runs one
 * refresh at a time however many callers ask, persists a rotated refresh token in the same
 * atomic write as the new access token, and raises `ReauthRequiredError` (naming the login
 * command) once the refresh token has expired or been refused.
 */
export class OAuth2TokenManager {
  readonly broker: string;
  readonly client: OAuth2TokenClient;
  readonly loginCommand: string;
  readonly #store: CredentialStore;
  readonly #clock: Clock;
  readonly #skewMs: number;
  readonly #log: Logger;
  #tokens: TokenSet | undefined;
  #unsaved = false;
  #refreshing: Promise<TokenSet> | undefined;

  /**
   * @example
   * ```ts
   * const tokens = new OAuth2TokenManager({ client, store: fileStore, broker: 'schwab-main' })
   * const headers = { authorization: await tokens.authorization() }
   * ```
   */
  constructor(options: OAuth2TokenManagerOptions) {
    this.broker = options.broker;
    this.client = options.client;
    this.loginCommand = options.loginCommand ?? `invest auth login ${options.broker}`;
    this.#store = options.store;
    this.#clock = options.clock ?? systemClock;
    this.#skewMs = options.refreshSkewMs ?? 60_000;
    this.#log = options.logger ?? silentLogger;
  }

  /** Exchanges the code from a login redirect and saves the tokens. */
  async completeLogin(input: { code: string; redirectUri: string; codeVerifier?: string }): Promise<TokenStatus> {
    const sentAt = this.#clock.now();
    const answer = await this.client.exchangeCode(input);
    const tokens = tokenSetFromResponse(answer, sentAt, this.client.provider);
    await this.#save(tokens);
    this.#log.info('oauth2 login complete', { broker: this.broker });
    return this.status();
  }

  /** A valid access token, refreshed first if it expires within the skew. */
  async accessToken(): Promise<string> {
    if (this.#unsaved && this.#tokens) await this.#save(this.#tokens).catch(() => undefined);
    const current = this.#tokens ?? (await this.#read());
    if (current && this.#fresh(current)) return current.accessToken;
    return (await this.refresh()).accessToken;
  }

  /**
   * The `Authorization` header value for an API call.
   *
   * @example
   * ```ts
   * await fetch(url, { headers: { authorization: await tokens.authorization() } })
   * ```
   */
  async authorization(): Promise<string> {
    const token = await this.accessToken();
    const type = this.#tokens?.tokenType;
    return `${!type || type.toLowerCase() === 'bearer' ? 'Bearer' : type} ${token}`;
  }

  /**
   * Refreshes now (joining a refresh already running). `rejected` is an access token the provider
   * just refused (HTTP 401) although it had not expired yet: a stored token that is still fresh is
   * used instead of refreshing only when it is another one (another caller or process refreshed).
   *
   * @example
   * ```ts
   * await tokens.refresh({ rejected: tokenThatGot401 })
   * ```
   */
  refresh(options: { rejected?: string } = {}): Promise<TokenSet> {
    this.#refreshing ??= this.#doRefresh(options.rejected).finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  /** Expiry times of the stored login; never a token. */
  async status(): Promise<TokenStatus> {
    const tokens = this.#tokens ?? (await this.#read());
    if (!tokens) return { loggedIn: false };
    const out: TokenStatus = { loggedIn: true, accessTokenExpiresAt: tokens.accessTokenExpiresAt, loginAt: tokens.loginAt };
    if (tokens.refreshTokenExpiresAt !== undefined) out.refreshTokenExpiresAt = tokens.refreshTokenExpiresAt;
    return out;
  }

  /** Forgets the stored tokens. */
  async logout(): Promise<void> {
    await this.#store.delete(this.broker, OAUTH2_TOKENS_KEY);
    this.#tokens = undefined;
  }

  async #doRefresh(rejected?: string): Promise<TokenSet> {
    // Another process may have refreshed (and rotated) since this one read the store.
    const stored = await this.#read();
    if (stored && this.#fresh(stored) && stored.accessToken !== rejected) return stored;
    const current = stored ?? this.#tokens;
    const now = this.#clock.now();
    if (!current?.refreshToken) throw this.#reauth(current ? 'there is no refresh token' : 'there is no stored login');
    if (current.refreshTokenExpiresAt !== undefined && now >= current.refreshTokenExpiresAt) {
      throw this.#reauth(`the refresh token expired at ${new Date(current.refreshTokenExpiresAt).toISOString()}`);
    }
    let answer;
    try {
      answer = await this.client.refresh(current.refreshToken);
    } catch (error) {
      if (isGrantRefusal(error)) throw this.#reauth('the provider refused the refresh token', error);
      throw error;
    }
    const next = tokenSetFromResponse(answer, now, this.client.provider, current);
    try {
      await this.#save(next);
    } catch (error) {
      // The provider may already have retired the old refresh token: keep the new set in memory,
      // use it, and retry the save on the next call rather than fail this caller.
      this.#tokens = next;
      this.#unsaved = true;
      this.#log.error('oauth2 tokens refreshed but could not be saved; will retry', { broker: this.broker, error });
    }
    this.#log.debug('oauth2 access token refreshed', { broker: this.broker, rotated: next.refreshToken !== current.refreshToken });
    return next;
  }

  #fresh(tokens: TokenSet): boolean {
    return this.#clock.now() < tokens.accessTokenExpiresAt - this.#skewMs;
  }

  #reauth(why: string, cause?: unknown): ReauthRequiredError {
    return new ReauthRequiredError(`${this.client.provider.name} login for ${this.broker} must be renewed: ${why}. Run \`${this.loginCommand}\``, {
      broker: this.client.provider.name,
      command: this.loginCommand,
      ...(cause === undefined ? {} : { cause }),
    });
  }

  async #read(): Promise<TokenSet | undefined> {
    const raw = await this.#store.get(this.broker, OAUTH2_TOKENS_KEY);
    if (raw === undefined) return undefined;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      json = undefined;
    }
    const parsed = TokenSetSchema.safeParse(json);
    if (!parsed.success) {
      this.#log.warn('stored oauth2 tokens are unreadable; a new login is needed', { broker: this.broker });
      return undefined;
    }
    // Never go back to an older set than the one in memory (a save that failed is newer).
    if (this.#tokens && this.#unsaved && this.#tokens.obtainedAt > parsed.data.obtainedAt) return this.#tokens;
    this.#tokens = parsed.data;
    return parsed.data;
  }

  async #save(tokens: TokenSet): Promise<void> {
    await this.#store.set(this.broker, OAUTH2_TOKENS_KEY, JSON.stringify(tokens));
    this.#tokens = tokens;
    this.#unsaved = false;
  }
}
