import { AuthenticationError } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { parseRedirect } from './redirect.ts';

describe('parseRedirect', () => {
  it('reads the code from a pasted URL or a bare query', () => {
    expect(parseRedirect('https://127.0.0.1/?code=C0.abc%40&session=x&state=s', { state: 's' })).toEqual({ code: 'C0.abc@' });
    expect(parseRedirect('  code=abc&state=s  ', { state: 's' })).toEqual({ code: 'abc' });
  });

  it.each([
    ['a wrong state', 'https://127.0.0.1/?code=abc&state=t', /does not match/],
    ['no state', 'https://127.0.0.1/?code=abc', /is missing/],
    ['no code', 'https://127.0.0.1/?state=s', /no authorization code/],
    ['a provider error', 'https://127.0.0.1/?error=access_denied&state=s', /access_denied/],
  ])('refuses %s with AuthenticationError', (_what, url, message) => {
    const error = (() => {
      try {
        parseRedirect(url, { state: 's' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('abc');
  });
});
