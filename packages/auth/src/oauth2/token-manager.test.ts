import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthenticationError, ConnectionError, ManualClock, ReauthRequiredError, Redactor, createLogger, type LogRecord } from '@invest/broker-core';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CANARY_SECRET, CANARY_TOKEN } from '../../../../tools/test-setup/canary.ts';
import { createTokenMockState, tokenEndpointMock, type TokenMockOptions, type TokenMockState } from '../../test/fixtures/oauth2-token-mock.ts';
import { schwabOAuth2Provider } from '../providers/schwab.ts';
import { tdAmeritradeOAuth2Provider } from '../providers/td-ameritrade.ts';
import { EncryptedFileStore } from '../stores/encrypted-file-store.ts';
import { MemoryStore } from '../stores/memory-store.ts';
import type { CredentialStore } from '../stores/credential-store.ts';
import { OAuth2TokenClient } from './token-client.ts';
import { OAUTH2_TOKENS_KEY, OAuth2TokenManager } from './token-manager.ts';

const MIN = 60_000;
const DAY = 86_400_000;
const START = Date.parse('2026-02-02T14:30:00Z');
const REDIRECT = 'https://127.0.0.1:8182';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

let clock: ManualClock;
let mock: TokenMockState;
let dir: string;
beforeEach(async () => {
  clock = new ManualClock(START);
  mock = createTokenMockState();
  dir = await mkdtemp(join(tmpdir(), 'invest-oauth2-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function schwab(store: CredentialStore, mockOptions: Partial<TokenMockOptions> = {}, redactor?: Redactor) {
  const provider = schwabOAuth2Provider();
  server.use(tokenEndpointMock({ tokenEndpoint: provider.tokenEndpoint, clock, clientId: 'app-key', clientSecret: CANARY_SECRET, refreshTtlMs: 7 * DAY, ...mockOptions }, mock));
  const client = new OAuth2TokenClient({ provider, clientId: 'app-key', clientSecret: CANARY_SECRET, ...(redactor ? { redactor } : {}) });
  return new OAuth2TokenManager({ client, store, broker: 'schwab-main', clock });
}

async function login(tokens: OAuth2TokenManager): Promise<void> {
  mock.codes.set('C0.code@', { redirectUri: REDIRECT });
  await tokens.completeLogin({ code: 'C0.code@', redirectUri: REDIRECT });
}

const fileStore = (): Promise<EncryptedFileStore> =>
  EncryptedFileStore.open({ path: join(dir, 'credentials.enc'), passphrase: 'pp', insecureTestOnlyKdf: { log2N: 10 } });

describe('OAuth2TokenManager (Schwab preset against a mock token endpoint)', () => {
  it('exchanges the code with HTTP Basic client auth and persists the tokens with their expiries', async () => {
    const store = new MemoryStore();
    const tokens = schwab(store);
    await login(tokens);
    expect(await tokens.status()).toEqual({
      loggedIn: true,
      loginAt: START,
      accessTokenExpiresAt: START + 30 * MIN,
      refreshTokenExpiresAt: START + 7 * DAY,
    });
    expect(await tokens.accessToken()).toBe('at-1');
    expect(JSON.parse((await store.get('schwab-main', OAUTH2_TOKENS_KEY)) ?? '{}')).toMatchObject({ accessToken: 'at-1', refreshToken: 'rt-1' });
  });

  it('refreshes before expiry, with clock skew, and not before', async () => {
    const tokens = schwab(new MemoryStore());
    await login(tokens);
    await clock.advance(28 * MIN + 59_000);
    expect(await tokens.accessToken()).toBe('at-1');
    expect(mock.refreshCalls).toBe(0);
    await clock.advance(1000); // 60 s before expiry: inside the skew
    expect(await tokens.accessToken()).toBe('at-2');
    expect(mock.refreshCalls).toBe(1);
    expect(await tokens.authorization()).toBe('Bearer at-2');
  });

  it('20 concurrent callers during expiry cause exactly one refresh', async () => {
    const tokens = schwab(new MemoryStore(), { refreshDelayMs: 30 });
    await login(tokens);
    await clock.advance(31 * MIN);
    const results = await Promise.all(Array.from({ length: 20 }, () => tokens.accessToken()));
    expect(mock.refreshCalls).toBe(1);
    expect(new Set(results)).toEqual(new Set(['at-2']));
  });

  it('a fresh access token the provider refused (401) is refreshed once when named as rejected, and not when another caller already did', async () => {
    const tokens = schwab(new MemoryStore());
    await login(tokens);
    expect((await tokens.refresh()).accessToken).toBe('at-1');
    expect(mock.refreshCalls).toBe(0);
    const [a, b] = await Promise.all([tokens.refresh({ rejected: 'at-1' }), tokens.refresh({ rejected: 'at-1' })]);
    expect([a.accessToken, b.accessToken]).toEqual(['at-2', 'at-2']);
    expect((await tokens.refresh({ rejected: 'at-1' })).accessToken).toBe('at-2');
    expect(mock.refreshCalls).toBe(1);
  });

  it('a rotated refresh token is persisted atomically and survives a restart', async () => {
    const first = schwab(await fileStore(), { rotate: true });
    await login(first);
    await clock.advance(31 * MIN);
    expect(await first.accessToken()).toBe('at-2');
    expect(mock.presented).toEqual(['rt-1']);

    // A new process: new store instance on the same file, new manager.
    const restarted = schwab(await fileStore(), { rotate: true });
    await clock.advance(31 * MIN);
    expect(await restarted.accessToken()).toBe('at-3');
    // It used the rotated token, not the one retired by the first refresh.
    expect(mock.presented).toEqual(['rt-1', 'rt-2']);
    const saved = JSON.parse((await (await fileStore()).get('schwab-main', OAUTH2_TOKENS_KEY)) ?? '{}');
    expect(saved).toMatchObject({ accessToken: 'at-3', refreshToken: 'rt-3', loginAt: START });
  });

  it('picks up a refresh another process already made instead of spending the retired token', async () => {
    const store = await fileStore();
    const a = schwab(store, { rotate: true });
    await login(a);
    const b = schwab(await fileStore(), { rotate: true });
    expect(await b.accessToken()).toBe('at-1');
    await clock.advance(31 * MIN);
    expect(await a.accessToken()).toBe('at-2');
    expect(await b.accessToken()).toBe('at-2');
    expect(mock.refreshCalls).toBe(1);
  });

  it('Schwab refresh token expiry (7 days from login): ReauthRequiredError naming the command, nothing sent', async () => {
    const tokens = schwab(new MemoryStore());
    await login(tokens);
    // Refreshing along the week does not extend the 7 days.
    for (let day = 1; day < 7; day++) {
      await clock.set(START + day * DAY);
      await tokens.accessToken();
    }
    const refreshes = mock.refreshCalls;
    await clock.set(START + 7 * DAY);
    const error = await tokens.accessToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReauthRequiredError);
    expect(error).toMatchObject({ code: 'REAUTH_REQUIRED', command: 'invest auth login schwab-main', broker: 'schwab' });
    expect((error as Error).message).toContain('`invest auth login schwab-main`');
    expect(mock.refreshCalls).toBe(refreshes);
  });

  it('a refresh token the provider refuses (invalid_grant) is ReauthRequiredError, and its echo in the answer is not shown', async () => {
    const tokens = schwab(new MemoryStore(), { refreshTtlMs: 2 * DAY, refreshTokenPrefix: `${CANARY_TOKEN}-` });
    await login(tokens);
    await clock.set(START + 3 * DAY); // the server's limit (2 days) is shorter than the preset's
    const error = await tokens.accessToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReauthRequiredError);
    expect((error as ReauthRequiredError).cause).toMatchObject({ code: 'AUTHENTICATION', brokerCode: 'invalid_grant', status: 400 });
    expect(((error as ReauthRequiredError).cause as AuthenticationError).brokerMessage).toBeUndefined();
  });

  it('no stored login is ReauthRequiredError', async () => {
    await expect(schwab(new MemoryStore()).accessToken()).rejects.toBeInstanceOf(ReauthRequiredError);
  });

  it('a wrong client secret is AuthenticationError (not a re-login)', async () => {
    const provider = schwabOAuth2Provider();
    server.use(tokenEndpointMock({ tokenEndpoint: provider.tokenEndpoint, clock, clientId: 'app-key', clientSecret: 'other' }, mock));
    const client = new OAuth2TokenClient({ provider, clientId: 'app-key', clientSecret: CANARY_SECRET });
    const error = await client.exchangeCode({ code: 'x', redirectUri: REDIRECT }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).not.toBeInstanceOf(ReauthRequiredError);
    expect((error as Error).message).toContain('invalid_client');
  });

  it('a 5xx or a network failure is a retryable ConnectionError and keeps the login', async () => {
    const store = new MemoryStore();
    const tokens = schwab(store);
    await login(tokens);
    await clock.advance(31 * MIN);
    server.use(http.post(schwabOAuth2Provider().tokenEndpoint, () => new HttpResponse('oops', { status: 503 })));
    await expect(tokens.accessToken()).rejects.toMatchObject({ code: 'CONNECTION', retryable: true, status: 503 });
    server.use(http.post(schwabOAuth2Provider().tokenEndpoint, () => HttpResponse.error()));
    await expect(tokens.accessToken()).rejects.toBeInstanceOf(ConnectionError);
    server.resetHandlers();
    schwab(store);
    expect(await tokens.accessToken()).toBe('at-2');
  });

  it('a 429 is a RateLimitError with Retry-After', async () => {
    const tokens = schwab(new MemoryStore());
    await login(tokens);
    await clock.advance(31 * MIN);
    server.use(http.post(schwabOAuth2Provider().tokenEndpoint, () => new HttpResponse(null, { status: 429, headers: { 'retry-after': '7' } })));
    await expect(tokens.accessToken()).rejects.toMatchObject({ code: 'RATE_LIMIT', retryAfterMs: 7000, retryable: true });
  });

  it('an unreadable 200 is a BrokerProtocolError', async () => {
    const tokens = schwab(new MemoryStore());
    await login(tokens);
    await clock.advance(31 * MIN);
    server.use(http.post(schwabOAuth2Provider().tokenEndpoint, () => HttpResponse.text('<html>maintenance</html>')));
    await expect(tokens.accessToken()).rejects.toMatchObject({ code: 'PROTOCOL' });
  });

  it('a store that fails to save does not fail the caller; the save is retried', async () => {
    const inner = new MemoryStore();
    let failSaves = false;
    const flaky: CredentialStore = {
      kind: 'memory',
      writable: true,
      get: (b, k) => inner.get(b, k),
      set: async (b, k, v) => {
        if (failSaves) throw new Error('disk full');
        await inner.set(b, k, v);
      },
      delete: (b, k) => inner.delete(b, k),
      list: (b) => inner.list(b),
    };
    const tokens = schwab(flaky, { rotate: true });
    await login(tokens);
    await clock.advance(31 * MIN);
    failSaves = true;
    expect(await tokens.accessToken()).toBe('at-2');
    failSaves = false;
    expect(await tokens.accessToken()).toBe('at-2');
    expect(JSON.parse((await inner.get('schwab-main', OAUTH2_TOKENS_KEY)) ?? '{}').refreshToken).toBe('rt-2');
  });

  it('logs nothing secret and feeds the redactor the tokens it receives', async () => {
    const redactor = new Redactor();
    const records: LogRecord[] = [];
    const logger = createLogger({ redactor, level: 'debug', sink: (r) => records.push(r) });
    const provider = schwabOAuth2Provider();
    server.use(
      tokenEndpointMock({ tokenEndpoint: provider.tokenEndpoint, clock, clientId: 'app-key', clientSecret: CANARY_SECRET, accessTokenPrefix: `${CANARY_TOKEN}-a`, refreshTokenPrefix: `${CANARY_TOKEN}-r` }, mock),
    );
    const client = new OAuth2TokenClient({ provider, clientId: 'app-key', clientSecret: CANARY_SECRET, redactor });
    const tokens = new OAuth2TokenManager({ client, store: new MemoryStore(), broker: 'schwab-main', clock, logger });
    await login(tokens);
    await clock.advance(31 * MIN);
    const header = await tokens.authorization();
    logger.info(`GET /accounts with Authorization: ${header}`, { authorization: header, token: header.slice(7) });
    const text = JSON.stringify(records);
    expect(text).not.toContain(CANARY_TOKEN);
    expect(text).not.toContain(CANARY_SECRET);
    expect(records.map((r) => r.msg)).toEqual(['oauth2 login complete', 'oauth2 access token refreshed', 'GET /accounts with Authorization: [REDACTED]']);
  });
});

describe('OAuth2TokenManager (TD preset: public client, rotation every refresh)', () => {
  it('sends client_id with @AMER.OAUTHAP and access_type=offline, and keeps the rotated token with its 90 days', async () => {
    const provider = tdAmeritradeOAuth2Provider();
    server.use(
      tokenEndpointMock(
        { tokenEndpoint: provider.tokenEndpoint, clock, clientId: 'TDKEY@AMER.OAUTHAP', rotate: true, sendRefreshExpiry: true, refreshTtlMs: 90 * DAY, requiredFields: { access_type: 'offline' } },
        mock,
      ),
    );
    const store = new MemoryStore();
    const tokens = new OAuth2TokenManager({ client: new OAuth2TokenClient({ provider, clientId: 'TDKEY' }), store, broker: 'td-main', clock });
    await login(tokens);
    await clock.advance(31 * MIN);
    expect(await tokens.accessToken()).toBe('at-2');
    const saved = JSON.parse((await store.get('td-main', OAUTH2_TOKENS_KEY)) ?? '{}');
    expect(saved.refreshToken).toBe('rt-2');
    expect(saved.refreshTokenExpiresAt).toBe(START + 90 * DAY);
  });
});
