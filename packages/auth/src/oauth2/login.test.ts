import { request } from 'node:http';
import { AuthenticationError, ManualClock } from '@invest/broker-core';
import { http, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CANARY_SECRET } from '../../../../tools/test-setup/canary.ts';
import { createTokenMockState, tokenEndpointMock, type TokenMockState } from '../../test/fixtures/oauth2-token-mock.ts';
import { schwabOAuth2Provider } from '../providers/schwab.ts';
import { MemoryStore } from '../stores/memory-store.ts';
import { loginManually, loginWithLoopback } from './login.ts';
import type { OAuth2Provider } from './provider.ts';
import { OAuth2TokenClient } from './token-client.ts';
import { OAuth2TokenManager } from './token-manager.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

let clock: ManualClock;
let mock: TokenMockState;
beforeEach(() => {
  clock = new ManualClock(Date.parse('2026-02-02T14:30:00Z'));
  mock = createTokenMockState();
});

function manager(provider: OAuth2Provider): OAuth2TokenManager {
  server.use(
    tokenEndpointMock({ tokenEndpoint: provider.tokenEndpoint, clock, clientId: 'app-key', clientSecret: CANARY_SECRET }, mock),
    // The browser's request to our own loopback listener is real traffic, not a mocked host.
    http.get(/^http:\/\/127\.0\.0\.1:\d+\//, () => passthrough()),
  );
  const client = new OAuth2TokenClient({ provider, clientId: 'app-key', clientSecret: CANARY_SECRET });
  return new OAuth2TokenManager({ client, store: new MemoryStore(), broker: 'schwab-main', clock });
}

/** What the browser does after the user approves: follow the redirect to the listener. */
function browserFollows(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(url, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    })
      .on('error', reject)
      .end();
  });
}

describe('loginWithLoopback', () => {
  it('authorization URL -> browser -> one redirect to 127.0.0.1 -> code exchange with PKCE -> tokens saved', async () => {
    const tokens = manager({ ...schwabOAuth2Provider(), pkce: true });
    let browser: Promise<number> = Promise.resolve(0);
    const status = await loginWithLoopback({
      tokens,
      open: async (authorizationUrl) => {
        const params = new URL(authorizationUrl).searchParams;
        const redirectUri = params.get('redirect_uri') ?? '';
        expect(redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
        // The provider remembers the code for this redirect URI and challenge.
        mock.codes.set('the-code', { redirectUri, challenge: params.get('code_challenge') ?? '' });
        browser = browserFollows(`${redirectUri}?code=the-code&state=${params.get('state')}`);
      },
    });
    expect(status.loggedIn).toBe(true);
    expect(await tokens.accessToken()).toBe('at-1');
    expect(mock.exchangeCalls).toBe(1);
    expect(await browser).toBe(200);
  });

  it('a redirect with another state is refused and no code is exchanged', async () => {
    const tokens = manager(schwabOAuth2Provider());
    const error = await loginWithLoopback({
      tokens,
      open: async (authorizationUrl) => {
        const redirectUri = new URL(authorizationUrl).searchParams.get('redirect_uri') ?? '';
        mock.codes.set('the-code', { redirectUri });
        void browserFollows(`${redirectUri}?code=the-code&state=attacker`);
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(mock.exchangeCalls).toBe(0);
    expect((await tokens.status()).loggedIn).toBe(false);
  });
});

describe('loginManually (headless)', () => {
  it('prints the URL, takes the pasted redirect URL, checks state, exchanges the code', async () => {
    const tokens = manager(schwabOAuth2Provider());
    const status = await loginManually({
      tokens,
      redirectUri: 'https://127.0.0.1',
      prompt: async (authorizationUrl) => {
        const state = new URL(authorizationUrl).searchParams.get('state');
        mock.codes.set('C0.pasted@', { redirectUri: 'https://127.0.0.1' });
        // What the browser's address bar shows on the page that did not load.
        return `https://127.0.0.1/?code=C0.pasted%40&session=abc&state=${state}`;
      },
    });
    expect(status.loggedIn).toBe(true);
    expect(mock.exchangeCalls).toBe(1);
  });

  it('a pasted URL with a wrong state is refused before any exchange', async () => {
    const tokens = manager(schwabOAuth2Provider());
    mock.codes.set('x', { redirectUri: 'https://127.0.0.1' });
    await expect(loginManually({ tokens, redirectUri: 'https://127.0.0.1', prompt: async () => 'https://127.0.0.1/?code=x&state=old' })).rejects.toThrow(/state does not match/);
    expect(mock.exchangeCalls).toBe(0);
  });
});
