// An OAuth 1.0a HMAC-SHA1 check written from RFC 5849 for these tests, independent of the signer
// under test (@invest/auth): it rebuilds the signature base string from the request as received
// and recomputes the HMAC with node:crypto and the test's own secrets.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** RFC 5849 §3.6: every byte but unreserved characters as %XX, upper-case hex. */
export function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The `Authorization: OAuth ...` parameters, decoded. */
export function authorizationParams(header: string | null): Map<string, string> {
  const out = new Map<string, string>();
  if (!header || !/^OAuth\s/i.test(header)) return out;
  for (const m of header.slice(6).matchAll(/\s*([^=,\s]+)="([^"]*)"\s*,?/g)) out.set(decodeURIComponent(m[1]!), decodeURIComponent(m[2]!));
  return out;
}

/** Query pairs of a URL, decoded (`+` is a space, RFC 5849 §3.4.1.3.1). */
function queryPairs(url: URL): Array<[string, string]> {
  const search = url.search.slice(1);
  if (search === '') return [];
  return search.split('&').map((pair) => {
    const [name = '', value = ''] = pair.split('=');
    const dec = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
    return [dec(name), dec(value)];
  });
}

export interface OAuthCheck {
  ok: boolean;
  /** The oauth_problem a server would answer with when not ok. */
  problem?: string;
  params: Map<string, string>;
}

/**
 * Verifies one request's OAuth 1.0a signature: base string from method, normalised URL (scheme and
 * host lower case, default port dropped, no query) and sorted, encoded parameters (query + oauth_*
 * without realm and signature); key `enc(consumerSecret)&enc(tokenSecret)`.
 */
export function checkOAuth(request: Request, consumerSecret: string, tokenSecretOf: (token: string | undefined) => string | undefined): OAuthCheck {
  const params = authorizationParams(request.headers.get('authorization'));
  if (params.size === 0) return { ok: false, problem: 'parameter_absent', params };
  if (params.get('oauth_signature_method') !== 'HMAC-SHA1') return { ok: false, problem: 'signature_method_rejected', params };
  const tokenSecret = tokenSecretOf(params.get('oauth_token'));
  if (tokenSecret === undefined) return { ok: false, problem: 'token_rejected', params };
  const url = new URL(request.url);
  const defaultPort = (url.protocol === 'https:' && url.port === '443') || (url.protocol === 'http:' && url.port === '80') || url.port === '';
  const baseUri = `${url.protocol.toLowerCase()}//${url.hostname.toLowerCase()}${defaultPort ? '' : `:${url.port}`}${url.pathname}`;
  const pairs: Array<[string, string]> = [...queryPairs(url)];
  for (const [name, value] of params) if (name !== 'realm' && name !== 'oauth_signature') pairs.push([name, value]);
  const encoded = pairs.map(([n, v]) => [rfc3986(n), rfc3986(v)] as const).sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) : a[0] < b[0] ? -1 : 1));
  const normalized = encoded.map(([n, v]) => `${n}=${v}`).join('&');
  const base = `${request.method.toUpperCase()}&${rfc3986(baseUri)}&${rfc3986(normalized)}`;
  const expected = createHmac('sha1', `${rfc3986(consumerSecret)}&${rfc3986(tokenSecret)}`).update(base).digest();
  const sent = Buffer.from(params.get('oauth_signature') ?? '', 'base64');
  const ok = sent.length === expected.length && timingSafeEqual(sent, expected);
  return ok ? { ok, params } : { ok, problem: 'signature_invalid', params };
}
