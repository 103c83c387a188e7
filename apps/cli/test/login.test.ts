import { createServer, type Server } from 'node:http';
import { writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { EncryptedFileStore } from '@invest/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANARY_SECRET } from '../../../tools/test-setup/canary.ts';
import { freshHome, invest } from './run-cli.ts';
import { startInvest } from './pty.ts';

const PASSPHRASE = 'correct horse battery staple';
const plugin = new URL('./fixtures/oauth-plugin.mjs', import.meta.url).href;
let server: Server;
let tokenUrl = '';
const exchanges: URLSearchParams[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      exchanges.push(form);
      const ok = req.url === '/token' && form.get('code') === 'good-code' && form.get('client_secret') === CANARY_SECRET && form.get('code_verifier');
      res.writeHead(ok ? 200 : 400, { 'content-type': 'application/json' });
      res.end(JSON.stringify(ok
        ? { access_token: 'at-1', refresh_token: 'rt-1', token_type: 'Bearer', expires_in: 1800 }
        : { error: 'invalid_grant', error_description: 'bad code' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  tokenUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function homeWithOAuthBroker(): Promise<string> {
  const home = await freshHome();
  await writeFile(join(home, 'brokers.json'), JSON.stringify({
    plugins: [plugin],
    brokers: { 'oauth-acct': { type: 'oauth-demo', authorizeUrl: 'https://auth.example.test/authorize', tokenUrl, clientId: 'demo-client' } },
  }));
  return home;
}

const env = { INVEST_PASSPHRASE: PASSPHRASE };

describe('credentials and OAuth logins through a real terminal', () => {
  it('set-creds asks for the secret with masked input, never echoes it, and stores it', async () => {
    const home = await homeWithOAuthBroker();
    const s = startInvest(home, ['set-creds', 'oauth-acct', '--store', 'file'], env);
    await s.answer(/Client secret/, `${CANARY_SECRET}\r`);
    expect(await s.exit).toBe(0);
    expect(s.screen()).not.toContain(CANARY_SECRET);
    expect(s.screen()).toMatch(/\*{8,}/);
    expect(s.screen()).toMatch(/Stored clientSecret for oauth-acct in the file store/);
    const store = await EncryptedFileStore.open({ path: join(home, 'credentials.enc'), passphrase: PASSPHRASE });
    expect(await store.get('oauth-acct', 'clientSecret')).toBe(CANARY_SECRET);
  });

  it('auth login runs the broker\'s OAuth flow: URL with state, pasted redirect, code exchange, tokens stored', async () => {
    const home = await homeWithOAuthBroker();
    const store = await EncryptedFileStore.open({ path: join(home, 'credentials.enc'), passphrase: PASSPHRASE });
    await store.set('oauth-acct', 'clientSecret', CANARY_SECRET);
    const s = startInvest(home, ['auth', 'login', 'oauth-acct', '--store', 'file'], env);
    await s.answer(/Paste the redirect URL/, '');
    const url = new URL(/Open (https:\/\/auth\.example\.test\/authorize\?\S+)/.exec(s.screen())![1]!);
    expect(url.searchParams.get('client_id')).toBe('demo-client');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    const state = url.searchParams.get('state')!;
    s.type(`https://127.0.0.1/callback?code=good-code&state=${state}\r`);
    expect(await s.exit).toBe(0);
    expect(s.screen()).toMatch(/Logged in to oauth-acct/);
    const after = await EncryptedFileStore.open({ path: join(home, 'credentials.enc'), passphrase: PASSPHRASE });
    expect((await after.list('oauth-acct')).map((r) => r.key).sort()).toEqual(['clientSecret', 'oauth2.tokens']);
  });

  it('auth login refuses a redirect with the wrong state (exit 4) and stores nothing', async () => {
    const home = await homeWithOAuthBroker();
    const store = await EncryptedFileStore.open({ path: join(home, 'credentials.enc'), passphrase: PASSPHRASE });
    await store.set('oauth-acct', 'clientSecret', CANARY_SECRET);
    const before = exchanges.length;
    const s = startInvest(home, ['auth', 'login', 'oauth-acct', '--store', 'file'], env);
    await s.answer(/Paste the redirect URL/, 'https://127.0.0.1/callback?code=good-code&state=forged\r');
    expect(await s.exit).toBe(4);
    expect(s.screen()).toMatch(/state/i);
    expect(exchanges.length).toBe(before); // the code was never exchanged
    const after = await EncryptedFileStore.open({ path: join(home, 'credentials.enc'), passphrase: PASSPHRASE });
    expect((await after.list('oauth-acct')).map((r) => r.key)).toEqual(['clientSecret']);
  });

  it('auth login on a broker with API keys says there is nothing to log in to', async () => {
    const home = await freshHome();
    await invest(home, ['init']);
    const r = await invest(home, ['auth', 'login', 'paper-1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/paper-1 \(sim\) has no interactive login/);
  });
});
