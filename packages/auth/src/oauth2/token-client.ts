import { AuthenticationError, BrokerProtocolError, ConfigError, ConnectionError, RateLimitError, type Redactor } from '@invest/broker-core';
import type { OAuth2Provider } from './provider.ts';
import { TokenResponseSchema, type TokenResponse } from './token-set.ts';

export interface OAuth2TokenClientOptions {
  provider: OAuth2Provider;
  clientId: string;
  /** Needed by confidential clients (`clientAuth` `basic` or `body`). */
  clientSecret?: string;
  fetch?: typeof globalThis.fetch;
  /** Per-request timeout. Default 30 s. */
  timeoutMs?: number;
  /** The client secret and every token received are added to it. */
  redactor?: Redactor;
}

/** OAuth error codes that mean the client itself is wrong, not the grant. */
const CLIENT_ERRORS: ReadonlySet<string> = new Set(['invalid_client', 'unauthorized_client', 'unsupported_grant_type', 'invalid_scope']);

/**
 * Talks to a token endpoint: the authorization-code exchange and the refresh grant, with the
 * provider's client authentication. Failures map to core errors: network and 5xx to
 * `ConnectionError` (retryable), 429 to `RateLimitError`, refusals to `AuthenticationError` whose `brokerCode` is the
 * OAuth `error`, unreadable answers to `BrokerProtocolError`. No token, code or secret is ever
 * put in a message.
 */
export class OAuth2TokenClient {
  readonly provider: OAuth2Provider;
  readonly clientId: string;
  readonly #clientSecret: string | undefined;
  readonly #fetch: typeof globalThis.fetch;
  readonly #timeoutMs: number;
  readonly #redactor: Redactor | undefined;

  /**
   * @example
   * ```ts
   * const client = new OAuth2TokenClient({ provider: schwabOAuth2Provider(), clientId, clientSecret })
   * const answer = await client.exchangeCode({ code, redirectUri })
   * ```
   */
  constructor(options: OAuth2TokenClientOptions) {
    this.provider = options.provider;
    this.clientId = options.clientId;
    this.#clientSecret = options.clientSecret;
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#redactor = options.redactor;
    this.#redactor?.add(options.clientSecret);
  }

  /** Exchanges an authorization code (RFC 6749 §4.1.3). */
  exchangeCode(input: { code: string; redirectUri: string; codeVerifier?: string }): Promise<TokenResponse> {
    const form: Record<string, string> = { grant_type: 'authorization_code', code: input.code, redirect_uri: input.redirectUri };
    if (input.codeVerifier !== undefined) form.code_verifier = input.codeVerifier;
    return this.#post('code exchange', form, [input.code]);
  }

  /** Uses a refresh token (RFC 6749 §6). */
  refresh(refreshToken: string): Promise<TokenResponse> {
    return this.#post('token refresh', { grant_type: 'refresh_token', refresh_token: refreshToken }, [refreshToken]);
  }

  async #post(step: string, fields: Record<string, string>, sentSecrets: string[]): Promise<TokenResponse> {
    const broker = this.provider.name;
    const clientId = `${this.clientId}${this.provider.clientIdSuffix ?? ''}`;
    const form = new URLSearchParams({ ...fields, ...this.provider.tokenParams });
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
    if (this.provider.clientAuth === 'basic') {
      // RFC 6749 §2.3.1: each part form-encoded before base64.
      const secret = this.#requireSecret();
      headers.authorization = `Basic ${Buffer.from(`${formEncode(clientId)}:${formEncode(secret)}`).toString('base64')}`;
    } else {
      form.set('client_id', clientId);
      if (this.provider.clientAuth === 'body') form.set('client_secret', this.#requireSecret());
    }
    let response: Response;
    try {
      response = await this.#fetch(this.provider.tokenEndpoint, {
        method: 'POST',
        headers,
        body: form.toString(),
        signal: AbortSignal.timeout(this.#timeoutMs),
        redirect: 'manual',
      });
    } catch (error) {
      throw new ConnectionError(`${broker} ${step} request failed: ${error instanceof Error ? error.name : 'network error'}`, { broker, cause: error });
    }
    const text = await response.text().catch(() => '');
    const requestId = response.headers.get('schwab-client-correlid') ?? response.headers.get('x-request-id') ?? undefined;
    const common = { broker, status: response.status, ...(requestId ? { requestId } : {}) };
    if (response.ok) {
      const parsed = TokenResponseSchema.safeParse(safeJson(text));
      if (!parsed.success) throw new BrokerProtocolError(`${broker} ${step} answer is not a token response`, common);
      this.#redactor?.add(parsed.data.access_token);
      this.#redactor?.add(parsed.data.refresh_token);
      return parsed.data;
    }
    if (response.status === 429) {
      const retryAfter = Number(response.headers.get('retry-after'));
      throw new RateLimitError(`${broker} ${step} was rate-limited (HTTP 429)`, { ...common, ...(Number.isFinite(retryAfter) && retryAfter >= 0 ? { retryAfterMs: retryAfter * 1000 } : {}) });
    }
    if (response.status >= 500) {
      throw new ConnectionError(`${broker} ${step} failed with HTTP ${response.status}`, { ...common, retryable: true });
    }
    const body = safeJson(text) as { error?: unknown; error_description?: unknown } | undefined;
    const code = typeof body?.error === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(body.error) ? body.error : undefined;
    const description = typeof body?.error_description === 'string' ? body.error_description.slice(0, 200) : undefined;
    const mentionsSecret = description !== undefined && [...sentSecrets, this.#clientSecret ?? ''].some((s) => s.length > 0 && description.includes(s));
    const hint = code && CLIENT_ERRORS.has(code) ? ': check the client id and secret of the app' : '';
    throw new AuthenticationError(`${broker} ${step} refused with HTTP ${response.status}${code ? ` (${code})` : ''}${hint}`, {
      ...common,
      ...(code ? { brokerCode: code } : {}),
      ...(description !== undefined && !mentionsSecret ? { brokerMessage: this.#redactor ? this.#redactor.text(description) : description } : {}),
    });
  }

  #requireSecret(): string {
    if (!this.#clientSecret) throw new ConfigError(`${this.provider.name} needs a client secret (app secret) for its token endpoint`, { broker: this.provider.name, path: 'clientSecret' });
    return this.#clientSecret;
  }
}

/** Whether an error from this client says the grant (code or refresh token) is no longer valid. */
export function isGrantRefusal(error: unknown): boolean {
  if (!(error instanceof AuthenticationError)) return false;
  if (typeof error.brokerCode === 'string' && CLIENT_ERRORS.has(error.brokerCode)) return false;
  return error.status === 400 || error.status === 401;
}

function formEncode(value: string): string {
  return encodeURIComponent(value).replace(/%20/g, '+');
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
