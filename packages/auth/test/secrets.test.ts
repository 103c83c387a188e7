// Canary secrets (keys, tokens, Authorization headers, oauth_signature) must never reach an
// error message, a log line or a snapshot. The shared secret watch already fails any test that
// leaks one; these tests drive the failure paths on purpose and check the output explicitly.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ERROR_CHANNEL, ManualClock, Redactor, createLogger, type LogRecord } from '@invest/broker-core';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CANARIES, CANARY_SECRET, CANARY_TOKEN } from '../../../tools/test-setup/canary.ts';
import {
  AuthManager,
  EncryptedFileStore,
  EnvStore,
  MemoryStore,
  OAuth1Client,
  OAuth2TokenClient,
  OAuth2TokenManager,
  etradeOAuth1Provider,
  parseRedirect,
  schwabOAuth2Provider,
} from '../src/index.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await files(full)));
    else out.push(full);
  }
  return out;
}

describe('secrets never leave', () => {
  it('no snapshot, fixture or test file holds a canary value (tests import them by name only)', async () => {
    const root = join(import.meta.dirname, '..');
    const all = [...(await files(join(root, 'src'))), ...(await files(join(root, 'test')))];
    const leaking: string[] = [];
    for (const file of all) {
      const text = await readFile(file, 'utf8');
      if (CANARIES.some((c) => text.includes(c))) leaking.push(file);
    }
    expect(leaking).toEqual([]);
    expect(all.some((f) => f.endsWith('.test.ts'))).toBe(true);
  });

  it('every error raised on the failure paths is free of secrets', async () => {
    const seen: string[] = [];
    const onError = (error: unknown): void => {
      const e = error as Error & { brokerMessage?: string };
      seen.push([e.message, e.stack, e.brokerMessage, JSON.stringify(e)].join('\n'));
    };
    subscribe(ERROR_CHANNEL, onError);
    const dir = await mkdtemp(join(tmpdir(), 'invest-secrets-'));
    try {
      const clock = new ManualClock(Date.parse('2026-03-03T15:00:00Z'));
      // Wrong passphrase, tampered file.
      const path = join(dir, 'c.enc');
      const store = await EncryptedFileStore.open({ path, passphrase: CANARY_SECRET, insecureTestOnlyKdf: { log2N: 10 } });
      await store.set(CANARY_TOKEN.slice(0, 6), 'k', CANARY_TOKEN);
      await EncryptedFileStore.open({ path, passphrase: CANARY_TOKEN, insecureTestOnlyKdf: { log2N: 10 } }).catch(() => undefined);
      const bytes = await readFile(path);
      bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 1;
      await writeFile(path, bytes);
      await EncryptedFileStore.open({ path, passphrase: CANARY_SECRET, insecureTestOnlyKdf: { log2N: 10 } }).catch(() => undefined);

      // Env store write; a missing credential.
      const env = new EnvStore({ env: { ALPACA_SECRET_KEY: CANARY_SECRET }, brokers: { a: { secretKey: 'ALPACA_SECRET_KEY' } } });
      await env.set('a', 'secretKey').catch(() => undefined);
      await new AuthManager({ stores: [env] }).require('a', 'apiKey').catch(() => undefined);

      // OAuth 2.0: refused refresh whose answer echoes the token and the secret; bad redirect.
      const provider = schwabOAuth2Provider();
      server.use(
        http.post(provider.tokenEndpoint, () =>
          HttpResponse.json({ error: 'invalid_grant', error_description: `bad token ${CANARY_TOKEN} for ${CANARY_SECRET}` }, { status: 400 }),
        ),
      );
      const tokensStore = new MemoryStore({
        s: { 'oauth2.tokens': JSON.stringify({ accessToken: CANARY_TOKEN, tokenType: 'Bearer', accessTokenExpiresAt: 0, refreshToken: CANARY_TOKEN, loginAt: 0, obtainedAt: 0 }) },
      });
      const client = new OAuth2TokenClient({ provider, clientId: 'id', clientSecret: CANARY_SECRET });
      await new OAuth2TokenManager({ client, store: tokensStore, broker: 's', clock }).accessToken().catch(() => undefined);
      try {
        parseRedirect(`https://127.0.0.1/?code=${CANARY_TOKEN}&state=${CANARY_SECRET}`, { state: 'other' });
      } catch {
        // expected
      }

      // OAuth 1.0a: refused steps.
      const etrade = etradeOAuth1Provider('sandbox');
      server.use(http.get(/etrade\.com\/oauth\//, () => new HttpResponse(`oauth_problem=signature_invalid&oauth_token=${CANARY_TOKEN}`, { status: 401 })));
      const oauth1 = new OAuth1Client({ provider: etrade, consumerKey: CANARY_TOKEN, consumerSecret: CANARY_SECRET, clock });
      await oauth1.requestToken().catch(() => undefined);
      await oauth1.accessToken({ token: CANARY_TOKEN, tokenSecret: CANARY_SECRET }, CANARY_TOKEN).catch(() => undefined);
      await oauth1.renew({ token: CANARY_TOKEN, tokenSecret: CANARY_SECRET }).catch(() => undefined);
    } finally {
      unsubscribe(ERROR_CHANNEL, onError);
      await rm(dir, { recursive: true, force: true });
    }
    expect(seen.length).toBeGreaterThanOrEqual(9);
    for (const text of seen) for (const canary of CANARIES) expect(text).not.toContain(canary);
  });

  it('headers logged through a redactor the package fed show no token and no signature', async () => {
    const redactor = new Redactor();
    const records: LogRecord[] = [];
    const log = createLogger({ redactor, sink: (r) => records.push(r) });
    const clock = new ManualClock(Date.parse('2026-03-03T15:00:00Z'));
    const oauth1 = new OAuth1Client({ provider: etradeOAuth1Provider('sandbox'), consumerKey: 'consumer-key-1', consumerSecret: CANARY_SECRET, clock, nonce: () => 'fixed-nonce', redactor });
    const authorization = oauth1.authorization('GET', 'https://apisb.etrade.com/v1/accounts/list.json', { token: CANARY_TOKEN, tokenSecret: CANARY_SECRET });
    log.info('request', { method: 'GET', headers: { Authorization: authorization }, note: `Authorization: ${authorization}` });
    log.info(`sent Authorization: Bearer ${CANARY_TOKEN}`);
    expect(records.map(({ time: _t, ...r }) => r)).toMatchInlineSnapshot(`
      [
        {
          "headers": {
            "Authorization": "[REDACTED]",
          },
          "level": "info",
          "method": "GET",
          "msg": "request",
          "note": "Authorization: [REDACTED]",
        },
        {
          "level": "info",
          "msg": "sent Authorization: [REDACTED]",
        },
      ]
    `);
  });
});
