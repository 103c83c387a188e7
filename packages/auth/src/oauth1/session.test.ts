import { AuthenticationError, ManualClock, ReauthRequiredError, Redactor, createLogger, type LogRecord } from '@invest/broker-core';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CANARY_SECRET, CANARY_TOKEN } from '../../../../tools/test-setup/canary.ts';
import { etradeOAuthMock, type EtradeMockState } from '../../test/fixtures/etrade-oauth-mock.ts';
import { etradeOAuth1Provider } from '../providers/etrade.ts';
import { MemoryStore } from '../stores/memory-store.ts';
import { OAuth1Client } from './flow.ts';
import { OAUTH1_SESSION_KEY, OAuth1SessionManager } from './session.ts';

const HOUR = 3_600_000;
// 10:00 EST on a Monday: the token will expire at 2026-01-13T05:00Z (midnight US/Eastern).
const START = Date.parse('2026-01-12T15:00:00Z');
// Token values as E*TRADE sends them: URL-encoded, with characters that need decoding.
const REQUEST: [string, string] = ['req+tok/en=', 'req-secret'];
const ACCESS: [string, string] = ['acc+tok/en=', CANARY_TOKEN];
const VERIFIER = 'V3R1F';

let clock: ManualClock;
let state: EtradeMockState;
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

beforeEach(() => {
  clock = new ManualClock(START);
  state = { consumerKey: 'ck-123', consumerSecret: CANARY_SECRET, calls: [], nonces: new Set(), requestTokens: new Map(), accessTokens: new Map() };
  server.use(...etradeOAuthMock(state, clock, { request: REQUEST, access: ACCESS, verifier: VERIFIER }));
});

function setup(options: { oauthHost?: string; redactor?: Redactor } = {}) {
  const provider = etradeOAuth1Provider('sandbox', options.oauthHost ? { oauthHost: options.oauthHost } : {});
  const client = new OAuth1Client({ provider, consumerKey: 'ck-123', consumerSecret: CANARY_SECRET, clock, ...(options.redactor ? { redactor: options.redactor } : {}) });
  const store = new MemoryStore();
  const session = new OAuth1SessionManager({ client, store, broker: 'etrade-main', clock });
  return { client, store, session, provider };
}

describe('E*TRADE OAuth 1.0a flow', () => {
  it('request token -> authorize URL -> access token, every step signed and accepted', async () => {
    const { client } = setup();
    const request = await client.requestToken();
    expect(request).toEqual({ token: REQUEST[0], tokenSecret: REQUEST[1], callbackConfirmed: false });
    expect(client.authorizeUrl(request.token)).toBe(`https://us.etrade.com/e/t/etws/authorize?key=ck-123&token=${encodeURIComponent(REQUEST[0])}`);
    const access = await client.accessToken(request, VERIFIER);
    expect(access).toEqual({ token: ACCESS[0], tokenSecret: ACCESS[1] });
    expect(state.calls.map((c) => c.step)).toEqual(['request_token', 'access_token']);
    expect(state.calls[0]?.params).toMatchObject({ oauth_callback: 'oob', realm: '' });
    expect(state.calls[1]?.params).toMatchObject({ oauth_token: REQUEST[0], oauth_verifier: VERIFIER });
  });

  it('uses the sandbox host by default, and either host when told (the sandbox OAuth host is unconfirmed)', async () => {
    await setup().client.requestToken();
    await setup({ oauthHost: 'https://api.etrade.com' }).client.requestToken();
    expect(state.calls.map((c) => c.host)).toEqual(['apisb.etrade.com', 'api.etrade.com']);
    expect(etradeOAuth1Provider('production').requestTokenUrl).toBe('https://api.etrade.com/oauth/request_token');
  });

  it('sends a unique nonce and the clock time with every request', async () => {
    const { session } = setup();
    await session.login(async () => VERIFIER);
    for (let i = 0; i < 5; i++) {
      const url = 'https://apisb.etrade.com/v1/accounts/list.json';
      const res = await fetch(url, { headers: { authorization: await session.authorization('GET', url) } });
      expect(res.status).toBe(200);
      await clock.advance(1000);
    }
    const nonces = state.calls.map((c) => c.params.oauth_nonce);
    expect(new Set(nonces).size).toBe(nonces.length);
    expect(state.calls.map((c) => Number(c.params.oauth_timestamp))).toEqual([0, 0, 0, 1, 2, 3, 4].map((s) => START / 1000 + s));
  });

  it('a wrong verifier is an AuthenticationError that names the problem, not the secrets', async () => {
    const { session } = setup();
    const error = await session.login(async () => 'WRONG').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).not.toBeInstanceOf(ReauthRequiredError);
    expect((error as AuthenticationError).brokerCode).toBe('verifier_invalid');
  });

  it('a signature made with the wrong secret is refused by the mock', async () => {
    const provider = etradeOAuth1Provider('sandbox');
    const client = new OAuth1Client({ provider, consumerKey: 'ck-123', consumerSecret: 'not-the-secret', clock });
    await expect(client.requestToken()).rejects.toMatchObject({ code: 'AUTHENTICATION', brokerCode: 'signature_invalid', status: 401 });
  });
});

describe('E*TRADE session lifetime', () => {
  it('persists the session in the store', async () => {
    const { session, store } = setup();
    await session.login(async () => VERIFIER);
    const saved = JSON.parse((await store.get('etrade-main', OAUTH1_SESSION_KEY)) ?? '{}');
    expect(saved).toMatchObject({ token: ACCESS[0], issuedAt: START, lastUsedAt: START, expiresAt: Date.parse('2026-01-13T05:00:00Z') });
  });

  it('does not renew while the token is in use', async () => {
    const { session } = setup();
    await session.login(async () => VERIFIER);
    for (let i = 0; i < 6; i++) {
      await clock.advance(HOUR);
      await session.token();
    }
    expect(state.calls.filter((c) => c.step === 'renew_access_token')).toHaveLength(0);
  });

  it('renews after 2 hours idle, once however many callers ask, before signing', async () => {
    const { session } = setup();
    await session.login(async () => VERIFIER);
    await clock.advance(HOUR + 58 * 60_000);
    await session.token();
    expect(state.calls.filter((c) => c.step === 'renew_access_token')).toHaveLength(0);

    await clock.advance(2 * HOUR);
    for (const access of state.accessTokens.values()) access.active = false; // E*TRADE's idle cut-off
    const url = 'https://apisb.etrade.com/v1/accounts/list.json';
    const headers = await Promise.all(Array.from({ length: 10 }, () => session.authorization('GET', url)));
    expect(state.calls.filter((c) => c.step === 'renew_access_token')).toHaveLength(1);
    const res = await fetch(url, { headers: { authorization: headers[0] as string } });
    expect(res.status).toBe(200);
  });

  it('after midnight US/Eastern: ReauthRequiredError naming the login command, and nothing is sent', async () => {
    const { session } = setup();
    await session.login(async () => VERIFIER);
    await clock.set(Date.parse('2026-01-13T04:59:59Z'));
    await expect(session.token()).resolves.toBeDefined();
    await clock.set(Date.parse('2026-01-13T05:00:00Z'));
    const before = state.calls.length;
    const error = await session.token().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReauthRequiredError);
    expect((error as ReauthRequiredError).command).toBe('invest auth login etrade-main');
    expect((error as Error).message).toContain('invest auth login etrade-main');
    expect(state.calls.length).toBe(before);
  });

  it('in summer the token ends at 04:00Z (EDT)', async () => {
    await clock.set(Date.parse('2026-07-01T20:00:00Z'));
    const { session, store } = setup();
    await session.login(async () => VERIFIER);
    const saved = JSON.parse((await store.get('etrade-main', OAUTH1_SESSION_KEY)) ?? '{}');
    expect(new Date(saved.expiresAt).toISOString()).toBe('2026-07-02T04:00:00.000Z');
  });

  it('a renewal the server refuses is ReauthRequiredError', async () => {
    const { session } = setup();
    await session.login(async () => VERIFIER);
    for (const access of state.accessTokens.values()) access.revoked = true;
    await clock.advance(3 * HOUR);
    await expect(session.token()).rejects.toMatchObject({ code: 'REAUTH_REQUIRED', command: 'invest auth login etrade-main', brokerCode: 'token_expired' });
  });

  it('no stored session is ReauthRequiredError', async () => {
    const { session } = setup();
    await expect(session.token()).rejects.toBeInstanceOf(ReauthRequiredError);
  });

  it('logout revokes at the provider and forgets the token', async () => {
    const { session, store } = setup();
    await session.login(async () => VERIFIER);
    await session.logout();
    expect(state.calls.at(-1)?.step).toBe('revoke_access_token');
    expect(await store.get('etrade-main', OAUTH1_SESSION_KEY)).toBeUndefined();
  });

  it('feeds the redactor: a log line with the header shows neither the token nor the signature', async () => {
    const redactor = new Redactor();
    const records: LogRecord[] = [];
    const log = createLogger({ redactor, sink: (r) => records.push(r) });
    const { session } = setup({ redactor });
    await session.login(async () => VERIFIER);
    const header = await session.authorization('GET', 'https://apisb.etrade.com/v1/accounts/list.json');
    log.info(`sending Authorization: ${header}`, { headers: { authorization: header }, tokenSecret: CANARY_TOKEN });
    const line = JSON.stringify(records);
    expect(line).not.toContain(CANARY_TOKEN);
    expect(line).not.toContain(ACCESS[0]);
    expect(line).not.toMatch(/oauth_signature="[^[]/);
  });
});
