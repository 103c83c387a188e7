import { createHmac } from 'node:crypto';
import { decodeForm, percentEncode } from './percent-encoding.ts';

/** A request parameter, decoded: name and value as the application sees them. */
export type OAuthParam = readonly [name: string, value: string];

export interface OAuth1Credentials {
  consumerKey: string;
  consumerSecret: string;
  /** The temporary (request) or token credentials, when the step has one. */
  token?: string;
  tokenSecret?: string;
}

export interface SignRequestInput extends OAuth1Credentials {
  method: string;
  /** Full URL; its query parameters are signed. */
  url: string;
  /** Decoded parameters of an `application/x-www-form-urlencoded` body; JSON or XML bodies are never signed. */
  form?: Iterable<OAuthParam>;
  /** Further `oauth_*` protocol parameters for this step, e.g. `oauth_callback`, `oauth_verifier`. */
  extra?: Readonly<Record<string, string>>;
  nonce: string;
  /** Seconds since the epoch. */
  timestamp: number;
  /** `realm` for the Authorization header; never signed. */
  realm?: string;
}

export interface SignedRequest {
  /** Value of the `Authorization` header. */
  authorization: string;
  /** The signature (base64), also inside `authorization`. */
  signature: string;
  /** The protocol parameters sent, signature included. */
  oauthParams: OAuthParam[];
}

/**
 * The base string URI of RFC 5849 §3.4.1.2: lower-case scheme and host, the port only when it is
 * not the scheme's default, the path as sent; no query, no fragment.
 *
 * @example
 * ```ts
 * baseStringUri('http://EXAMPLE.COM:80/r%20v/X?id=123') // 'http://example.com/r%20v/X'
 * ```
 */
export function baseStringUri(url: string | URL): string {
  const u = typeof url === 'string' ? new URL(url) : url;
  return `${u.protocol}//${u.host}${u.pathname || '/'}`;
}

/**
 * The normalized parameter string of RFC 5849 §3.4.1.3.2: every name and value encoded, sorted
 * by name then value in byte order, joined with `=` and `&`.
 *
 * @example
 * ```ts
 * normalizeParameters([['b', '2'], ['a', 'x y']]) // 'a=x%20y&b=2'
 * ```
 */
export function normalizeParameters(params: Iterable<OAuthParam>): string {
  const encoded: Array<[string, string]> = [];
  for (const [name, value] of params) {
    const encodedName = percentEncode(name, 'a parameter name');
    encoded.push([encodedName, percentEncode(value, name)]);
  }
  // Encoded strings are ASCII, so code-unit order is byte order.
  encoded.sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) : a[0] < b[0] ? -1 : 1));
  let out = '';
  for (let i = 0; i < encoded.length; i++) {
    const pair = encoded[i] as [string, string];
    out += `${i === 0 ? '' : '&'}${pair[0]}=${pair[1]}`;
  }
  return out;
}

/**
 * The signature base string of RFC 5849 §3.4.1.1: method, base string URI and normalized
 * parameters, each encoded, joined with `&`.
 *
 * @example
 * ```ts
 * signatureBaseString('get', 'https://api.etrade.com/oauth/request_token', params)
 * ```
 */
export function signatureBaseString(method: string, url: string | URL, params: Iterable<OAuthParam>): string {
  return `${method.toUpperCase()}&${percentEncode(baseStringUri(url))}&${percentEncode(normalizeParameters(params))}`;
}

/**
 * HMAC-SHA1 of a base string (RFC 5849 §3.4.2) with the key `encode(consumerSecret)&encode(tokenSecret)`;
 * the `&` is there even when the token secret is empty. Returns base64.
 *
 * @example
 * ```ts
 * hmacSha1Signature(baseString, consumerSecret, tokenSecret)
 * ```
 */
export function hmacSha1Signature(baseString: string, consumerSecret: string, tokenSecret = ''): string {
  return createHmac('sha1', `${percentEncode(consumerSecret, 'consumerSecret')}&${percentEncode(tokenSecret, 'tokenSecret')}`).update(baseString).digest('base64');
}

/**
 * Every parameter that enters the signature (RFC 5849 §3.4.1.3.1): the URL's query, the protocol
 * parameters and the form body; `realm` and `oauth_signature` excluded.
 *
 * @example
 * ```ts
 * collectParameters(url, [['status', 'hi']], oauthParams)
 * ```
 */
export function collectParameters(url: string | URL, form: Iterable<OAuthParam> = [], protocol: Iterable<OAuthParam> = []): OAuthParam[] {
  const u = typeof url === 'string' ? new URL(url) : url;
  // The order of §3.4.1.3.1's own example: query, protocol parameters, body. (Sorting makes it moot for the signature.)
  const out: OAuthParam[] = decodeForm(u.search);
  for (const p of protocol) if (p[0] !== 'realm' && p[0] !== 'oauth_signature') out.push(p);
  for (const p of form) out.push(p);
  return out;
}

/**
 * Signs one request with HMAC-SHA1 and builds its `Authorization: OAuth ...` header.
 *
 * @example
 * ```ts
 * const { authorization } = signRequest({
 *   method: 'GET', url: 'https://api.etrade.com/v1/accounts/list',
 *   consumerKey, consumerSecret, token, tokenSecret,
 *   nonce: createNonce(), timestamp: Math.floor(clock.now() / 1000),
 * })
 * ```
 */
export function signRequest(input: SignRequestInput): SignedRequest {
  const protocol: OAuthParam[] = [
    ['oauth_consumer_key', input.consumerKey],
    ['oauth_nonce', input.nonce],
    ['oauth_signature_method', 'HMAC-SHA1'],
    ['oauth_timestamp', String(Math.floor(input.timestamp))],
  ];
  if (input.token !== undefined) protocol.push(['oauth_token', input.token]);
  protocol.push(['oauth_version', '1.0']);
  for (const [name, value] of Object.entries(input.extra ?? {})) protocol.push([name, value]);
  const url = new URL(input.url);
  const base = signatureBaseString(input.method, url, collectParameters(url, input.form, protocol));
  const signature = hmacSha1Signature(base, input.consumerSecret, input.tokenSecret);
  const oauthParams: OAuthParam[] = [...protocol, ['oauth_signature', signature]];
  return { authorization: authorizationHeader(oauthParams, input.realm), signature, oauthParams };
}

/**
 * `OAuth realm="...",name="value",...` with every name and value percent-encoded (RFC 5849 §3.5.1).
 *
 * @example
 * ```ts
 * authorizationHeader([['oauth_token', 't']], '') // 'OAuth realm="",oauth_token="t"'
 * ```
 */
export function authorizationHeader(oauthParams: Iterable<OAuthParam>, realm?: string): string {
  const parts: string[] = realm === undefined ? [] : [`realm="${realm.replace(/["\\]/g, '')}"`];
  for (const [name, value] of oauthParams) parts.push(`${percentEncode(name, 'a parameter name')}="${percentEncode(value, name)}"`);
  return `OAuth ${parts.join(',')}`;
}
