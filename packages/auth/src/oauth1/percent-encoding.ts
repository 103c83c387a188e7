import { ConfigError } from '@invest/broker-core';

/**
 * RFC 5849 §3.6 percent-encoding: UTF-8, then every byte except `A-Z a-z 0-9 - . _ ~` as `%XX`
 * with upper-case hex. `encodeURIComponent` leaves `! ' ( ) *` alone, which §3.6 does not.
 *
 * A string that is not well-formed UTF-16 (a lone surrogate such as `'\uD800'`) has no UTF-8
 * form: that is a `ConfigError` whose `path` is `what` (the parameter's name), never a raw
 * `URIError`, and the value itself is never quoted since it may be a secret.
 *
 * @example
 * ```ts
 * percentEncode('Hello Ladies + Gentlemen!') // 'Hello%20Ladies%20%2B%20Gentlemen%21'
 * ```
 */
export function percentEncode(value: string, what = 'an OAuth parameter'): string {
  // Most names and values need no encoding at all; signing encodes dozens of them per request.
  if (UNRESERVED_ONLY.test(value)) return value;
  let encoded: string;
  try {
    encoded = encodeURIComponent(value);
  } catch (cause) {
    throw new ConfigError(`OAuth 1.0a: ${what} is not well-formed Unicode (it holds a lone surrogate) and cannot be signed`, { path: what, cause });
  }
  return SUB_DELIMS.test(encoded) ? encoded.replace(SUB_DELIMS_ALL, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`) : encoded;
}

const UNRESERVED_ONLY = /^[A-Za-z0-9\-._~]*$/;
const SUB_DELIMS = /[!'()*]/;
const SUB_DELIMS_ALL = /[!'()*]/g;

/**
 * Splits an `application/x-www-form-urlencoded` string (a query or a form body) into decoded
 * name/value pairs, keeping order and duplicates; `+` is a space (RFC 5849 §3.4.1.3.1).
 *
 * @example
 * ```ts
 * decodeForm('a3=2+q&c2') // [['a3', '2 q'], ['c2', '']]
 * ```
 */
export function decodeForm(form: string): Array<[string, string]> {
  const text = form.startsWith('?') ? form.slice(1) : form;
  return text.length === 0 ? [] : [...new URLSearchParams(text)];
}
