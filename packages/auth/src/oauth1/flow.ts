import {
  AuthenticationError,
  BrokerProtocolError,
  ConnectionError,
  ReauthRequiredError,
  systemClock,
  type Clock,
  type Redactor,
} from '@invest/broker-core';
import { z } from 'zod';
import { createNonce } from './nonce.ts';
import { decodeForm } from './percent-encoding.ts';
import type { OAuth1Provider } from './provider.ts';
import { signRequest, type OAuthParam } from './signer.ts';

/** A token and its secret (temporary credentials or token credentials). */
export const OAuth1TokenSchema = z.object({ token: z.string().min(1), tokenSecret: z.string() });
export type OAuth1Token = z.infer<typeof OAuth1TokenSchema>;

export interface OAuth1ClientOptions {
  provider: OAuth1Provider;
  consumerKey: string;
  consumerSecret: string;
  /** Source of `oauth_timestamp`; inject a `ManualClock` in tests. */
  clock?: Clock;
  fetch?: typeof globalThis.fetch;
  /** Source of `oauth_nonce`; default 128 random bits. */
  nonce?: () => string;
  /** Consumer secret and every token received are added to it. */
  redactor?: Redactor;
  /** Command that starts a new login, named in `ReauthRequiredError`. */
  loginCommand?: string;
  /** Per-request timeout. Default 30 s. */
  timeoutMs?: number;
}

/**
 * The OAuth 1.0a token steps of one consumer: request token, authorize URL, access token, renew
 * and revoke, each signed with HMAC-SHA1 with a fresh nonce and the injected clock's time.
 */
export class OAuth1Client {
  readonly provider: OAuth1Provider;
  readonly #consumerKey: string;
  readonly #consumerSecret: string;
  readonly #clock: Clock;
  readonly #fetch: typeof globalThis.fetch;
  readonly #nonce: () => string;
  readonly #redactor: Redactor | undefined;
  readonly #loginCommand: string | undefined;
  readonly #timeoutMs: number;

  /**
   * @example
   * ```ts
   * const client = new OAuth1Client({ provider: etradeOAuth1Provider('sandbox'), consumerKey, consumerSecret })
   * const request = await client.requestToken()
   * console.log(`open ${client.authorizeUrl(request.token)}`)
   * const access = await client.accessToken(request, verifier)
   * ```
   */
  constructor(options: OAuth1ClientOptions) {
    this.provider = options.provider;
    this.#consumerKey = options.consumerKey;
    this.#consumerSecret = options.consumerSecret;
    this.#clock = options.clock ?? systemClock;
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#nonce = options.nonce ?? createNonce;
    this.#redactor = options.redactor;
    this.#loginCommand = options.loginCommand;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#redactor?.add(options.consumerSecret);
    this.#redactor?.add(options.consumerKey);
  }

  /** Step 1: temporary credentials, with `oauth_callback` (E*TRADE: always `oob`). */
  async requestToken(): Promise<OAuth1Token & { callbackConfirmed: boolean }> {
    const body = await this.#tokenStep('request token', this.provider.requestTokenUrl, undefined, { oauth_callback: this.provider.callback });
    return { ...this.#token(body, 'request token'), callbackConfirmed: body.get('oauth_callback_confirmed') === 'true' };
  }

  /** Step 2: the page where the user approves the request token and is shown a verifier. */
  authorizeUrl(requestToken: string): string {
    return this.provider.authorizeUrl(this.#consumerKey, requestToken);
  }

  /** Step 3: exchanges the approved request token and the verifier for an access token. */
  async accessToken(requestToken: OAuth1Token, verifier: string): Promise<OAuth1Token> {
    this.#redactor?.add(verifier);
    const body = await this.#tokenStep('access token', this.provider.accessTokenUrl, requestToken, { oauth_verifier: verifier.trim() });
    return this.#token(body, 'access token');
  }

  /** Reactivates an access token that went idle. */
  async renew(access: OAuth1Token): Promise<void> {
    if (!this.provider.renewAccessTokenUrl) throw new AuthenticationError(`${this.provider.name} has no renew endpoint`, { broker: this.provider.name });
    await this.#tokenStep('renew', this.provider.renewAccessTokenUrl, access);
  }

  /** Revokes an access token (logout). */
  async revoke(access: OAuth1Token): Promise<void> {
    if (!this.provider.revokeAccessTokenUrl) throw new AuthenticationError(`${this.provider.name} has no revoke endpoint`, { broker: this.provider.name });
    await this.#tokenStep('revoke', this.provider.revokeAccessTokenUrl, access);
  }

  /**
   * The `Authorization` header for a data request signed with the access token. Query
   * parameters and form fields are signed; JSON and XML bodies are not (OAuth 1.0a).
   *
   * @example
   * ```ts
   * const authorization = client.authorization('GET', 'https://apisb.etrade.com/v1/accounts/list.json', access)
   * ```
   */
  authorization(method: string, url: string, token?: OAuth1Token, form?: Iterable<OAuthParam>, extra?: Record<string, string>): string {
    return signRequest({
      method,
      url,
      consumerKey: this.#consumerKey,
      consumerSecret: this.#consumerSecret,
      ...(token ? { token: token.token, tokenSecret: token.tokenSecret } : {}),
      ...(form ? { form } : {}),
      ...(extra ? { extra } : {}),
      ...(this.provider.realm !== undefined ? { realm: this.provider.realm } : {}),
      nonce: this.#nonce(),
      timestamp: Math.floor(this.#clock.now() / 1000),
    }).authorization;
  }

  async #tokenStep(step: string, url: string, token: OAuth1Token | undefined, extra?: Record<string, string>): Promise<URLSearchParams> {
    const broker = this.provider.name;
    const method = this.provider.method;
    let response: Response;
    try {
      response = await this.#fetch(url, {
        method,
        headers: { authorization: this.authorization(method, url, token, undefined, extra), accept: 'application/x-www-form-urlencoded, text/plain, */*' },
        signal: AbortSignal.timeout(this.#timeoutMs),
        redirect: 'manual',
      });
    } catch (error) {
      throw new ConnectionError(`${broker} ${step} request failed: ${error instanceof Error ? error.name : 'network error'}`, { broker, cause: error });
    }
    const text = await response.text().catch(() => '');
    if (response.ok) return new URLSearchParams(text.trim());
    const problem = oauthProblem(text);
    const options = { broker, status: response.status, ...(problem ? { brokerCode: problem } : {}) };
    if (response.status >= 500) throw new ConnectionError(`${broker} ${step} failed with HTTP ${response.status}`, { ...options, retryable: true });
    if (token && (step === 'renew' || problem === 'token_expired' || problem === 'token_revoked')) {
      throw new ReauthRequiredError(`${broker} ${step} refused (HTTP ${response.status}${problem ? `, ${problem}` : ''}): the access token is no longer valid; log in again${this.#loginCommand ? ` with \`${this.#loginCommand}\`` : ''}`, {
        ...options,
        ...(this.#loginCommand ? { command: this.#loginCommand } : {}),
      });
    }
    throw new AuthenticationError(`${broker} ${step} refused with HTTP ${response.status}${problem ? ` (${problem})` : ''}`, options);
  }

  #token(body: URLSearchParams, step: string): OAuth1Token {
    // URLSearchParams has decoded the values once (E*TRADE sends them URL-encoded).
    const parsed = OAuth1TokenSchema.safeParse({ token: body.get('oauth_token') ?? '', tokenSecret: body.get('oauth_token_secret') ?? '' });
    if (!parsed.success || !body.has('oauth_token_secret')) {
      throw new BrokerProtocolError(`${this.provider.name} ${step} answer has no oauth_token / oauth_token_secret`, { broker: this.provider.name });
    }
    this.#redactor?.add(parsed.data.token);
    this.#redactor?.add(parsed.data.tokenSecret);
    return parsed.data;
  }
}

/** The `oauth_problem` code of an error body (a fixed vocabulary, safe to show), if there is one. */
function oauthProblem(text: string): string | undefined {
  const match = /oauth_problem=([a-z_]{1,40})/i.exec(text);
  if (match) return match[1];
  const pairs = decodeForm(text.trim().slice(0, 500));
  const found = pairs.find(([k]) => k === 'oauth_problem')?.[1];
  return found && /^[a-z_]{1,40}$/i.test(found) ? found : undefined;
}
