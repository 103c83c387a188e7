import { timingSafeEqual } from 'node:crypto';
import { AuthenticationError } from '@invest/broker-core';

/**
 * Reads the authorization code out of a redirect (the URL the provider sent the browser to, or
 * just its query) after checking `state`. A provider `error`, a missing or different `state`, or
 * a missing `code` are `AuthenticationError`s; nothing from the URL but the error code is shown.
 *
 * @example
 * ```ts
 * const { code } = parseRedirect(pastedUrl, { state: request.state })
 * ```
 */
export function parseRedirect(redirect: string | URL, expected: { state: string; broker?: string }): { code: string } {
  const broker = expected.broker ?? 'invest';
  const params = redirectParams(redirect);
  const error = params.get('error');
  if (error !== null) {
    const code = /^[A-Za-z0-9_.-]{1,64}$/.test(error) ? error : 'invalid_error_code';
    throw new AuthenticationError(`login was not approved: the provider answered ${code}`, { broker, brokerCode: code });
  }
  const state = params.get('state');
  if (state === null || !sameString(state, expected.state)) {
    throw new AuthenticationError(
      `login refused: the redirect's state ${state === null ? 'is missing' : 'does not match'}, so it does not belong to this login (start the login again)`,
      { broker },
    );
  }
  const code = params.get('code');
  if (!code) throw new AuthenticationError('login refused: the redirect carries no authorization code', { broker });
  return { code };
}

function redirectParams(redirect: string | URL): URLSearchParams {
  if (redirect instanceof URL) return redirect.searchParams;
  const text = redirect.trim();
  try {
    return new URL(text).searchParams;
  } catch {
    const query = text.includes('?') ? text.slice(text.indexOf('?') + 1) : text;
    return new URLSearchParams(query.split('#')[0]);
  }
}

function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
