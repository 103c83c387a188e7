// `invest auth login schwab` (the paste flow) and `invest auth login td` (the loopback listener),
// then `invest buy --broker schwab --dry-run`, a real `buy` and `invest test td`, as a user runs
// them: child processes of the built CLI against the stateful Schwab / TD fakes served from a
// loopback server (token endpoints included). Every request the CLI sends and every answer the
// fakes give is checked against the derived contracts.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { EncryptedFileStore } from '@invest/auth';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CANARY_SECRET } from '../../../tools/test-setup/canary.ts';
import { FakeNetwork } from '../../../packages/broker-schwab/test/fake/network.ts';
import { FakeNetwork as FakeTdNetwork } from '../../../packages/broker-td/test/fake/network.ts';
import { freshHome, invest } from './run-cli.ts';
import { startInvest } from './pty.ts';

const PASSPHRASE = 'correct horse battery staple';
const REDIRECT = 'https://127.0.0.1:8182';
let network = new FakeNetwork();
/** The fake the loopback server answers for (Schwab's, or TD's in the TD test). */
let serving: { respond(request: Request): Promise<Response> } = network;
let server: Server;
let base = '';

async function toRequest(req: IncomingMessage): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(key, value);
  return new Request(`${base}${req.url ?? '/'}`, { method: req.method ?? 'GET', headers, ...(body.length > 0 ? { body } : {}) });
}

beforeAll(async () => {
  server = createServer((req, res) => {
    void toRequest(req).then(async (request) => {
      const answer = await serving.respond(request);
      res.writeHead(answer.status, Object.fromEntries(answer.headers));
      res.end(Buffer.from(await answer.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => expect(network.guard.violations.splice(0), 'contract violations').toEqual([]));

async function schwabHome(): Promise<string> {
  const home = await freshHome();
  await writeFile(join(home, 'brokers.json'), JSON.stringify({
    default_broker: 'schwab',
    brokers: {
      schwab: {
        type: 'schwab', paper_trading: false, clientId: network.clientId, redirectUri: REDIRECT,
        baseUrl: `${base}/trader/v1`, marketDataUrl: `${base}/marketdata/v1`, tokenUrl: `${base}/v1/oauth/token`, authorizationUrl: `${base}/v1/oauth/authorize`,
      },
    },
  }));
  const store = await EncryptedFileStore.open({ path: join(home, 'credentials.enc'), passphrase: PASSPHRASE });
  await store.set('schwab', 'clientSecret', CANARY_SECRET);
  return home;
}

const env = { INVEST_PASSPHRASE: PASSPHRASE };

describe('invest with the Schwab adapter', () => {
  it('is refused without paper_trading: false, saying Schwab has no paper environment', async () => {
    const home = await freshHome();
    await writeFile(join(home, 'brokers.json'), JSON.stringify({ brokers: { schwab: { type: 'schwab' } } }));
    const r = await invest(home, ['test', 'schwab']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/no paper environment/);
  });

  it('auth login (manual paste flow), then buy --dry-run (Schwab preview) and a real buy', async () => {
    network = new FakeNetwork();
    serving = network;
    const home = await schwabHome();
    const login = startInvest(home, ['auth', 'login', 'schwab', '--store', 'file'], env);
    await login.answer(/Paste the full address/, '');
    const url = new URL(/(http:\/\/127\.0\.0\.1:\d+\/v1\/oauth\/authorize\?\S+)/.exec(login.screen())![1]!);
    expect(url.searchParams.get('client_id')).toBe(network.clientId);
    expect(url.searchParams.get('redirect_uri')).toBe(REDIRECT);
    network.codes.set('good-code', REDIRECT);
    login.type(`${REDIRECT}/?code=good-code&state=${url.searchParams.get('state')}\r`);
    expect(await login.exit, login.screen()).toBe(0);
    expect(login.screen()).toMatch(/Logged in to schwab \(schwab\); log in again before/);
    expect(login.screen()).not.toContain(CANARY_SECRET);

    const dry = await invest(home, ['buy', '--broker', 'schwab', '--symbol', 'AAPL', '--quantity', '2', '--limit', '50', '--dry-run', '--json'], env);
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, broker: 'schwab', preview: { accepted: true, request: { orderType: 'LIMIT', price: 50 } } });
    expect(network.fake.book.orders.size).toBe(0);

    const live = await invest(home, ['buy', '--broker', 'schwab', '--symbol', 'AAPL', '--quantity', '2', '--limit', '50'], env);
    expect(live.code).toBe(3);
    expect(live.stderr).toMatch(/--live/);
    const buy = await invest(home, ['--live', 'buy', '--broker', 'schwab', '--symbol', 'AAPL', '--quantity', '2', '--limit', '50', '--json'], env);
    expect(buy.code, buy.stderr).toBe(0);
    const [placed] = [...network.fake.book.orders.values()];
    expect(JSON.parse(buy.stdout)).toMatchObject({ broker: 'schwab', id: String(placed!.id), symbol: 'AAPL', status: 'accepted', quantity: 2, limit: 50 });
  });

  it('buy --dry-run on a broker without a preview answers with the local checks and the request', async () => {
    const home = await freshHome();
    await writeFile(join(home, 'brokers.json'), JSON.stringify({ default_broker: 'paper', brokers: { paper: { type: 'sim' } } }));
    const r = await invest(home, ['buy', '--symbol', 'AAPL', '--quantity', '3', '--dry-run', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ dryRun: true, broker: 'paper', checks: 'passed', preview: null, request: { symbol: 'AAPL', side: 'buy', quantity: 3, type: 'market' } });
  });

  it('auth login td (loopback listener flow), then test td: the retired API still answers, tokens from the login', async () => {
    const td = new FakeTdNetwork();
    serving = td;
    const port = await freePort();
    const redirectUri = `http://127.0.0.1:${port}/callback`;
    const home = await freshHome();
    await writeFile(join(home, 'brokers.json'), JSON.stringify({
      brokers: {
        td: { type: 'td_ameritrade', paper_trading: false, client_id: td.clientId, account_id: td.fake.accountId, redirect_uri: redirectUri, baseUrl: `${base}/v1`, tokenUrl: `${base}/v1/oauth2/token`, authorizationUrl: `${base}/auth` },
      },
    }));
    const login = startInvest(home, ['auth', 'login', 'td', '--store', 'file'], env);
    let url: URL | undefined;
    const deadline = Date.now() + 15_000;
    while (!url && Date.now() < deadline) {
      const m = /(http:\/\/127\.0\.0\.1:\d+\/auth\?\S+)/.exec(login.screen());
      if (m) url = new URL(m[1]!);
      else await new Promise((r) => setTimeout(r, 20));
    }
    expect(url?.searchParams.get('client_id')).toBe(`${td.clientId}@AMER.OAUTHAP`);
    expect(url?.searchParams.get('redirect_uri')).toBe(redirectUri);
    td.codes.set('td-code', redirectUri);
    const callback = await fetch(`${redirectUri}?code=td-code&state=${url!.searchParams.get('state')}`);
    expect(callback.status).toBe(200);
    expect(await login.exit, login.screen()).toBe(0);
    expect(login.screen()).toMatch(/Logged in to td \(td\)/);
    const r = await invest(home, ['test', 'td', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ broker: 'td', ok: true, account: { accountId: td.fake.accountId, paper: false } });
    expect(td.guard.violations.splice(0)).toEqual([]);
  });
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
