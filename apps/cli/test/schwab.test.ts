// `invest auth login schwab`, then `invest buy --broker schwab --dry-run` and a real `buy`, as a
// user runs them: child processes of the built CLI against the stateful Schwab fake served from a
// loopback server (its token endpoint included). Every request the CLI sends and every answer the
// fake gives is checked against Schwab's derived contract.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { EncryptedFileStore } from '@invest/auth';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CANARY_SECRET } from '../../../tools/test-setup/canary.ts';
import { FakeNetwork } from '../../../packages/broker-schwab/test/fake/network.ts';
import { freshHome, invest } from './run-cli.ts';
import { startInvest } from './pty.ts';

const PASSPHRASE = 'correct horse battery staple';
const REDIRECT = 'https://127.0.0.1:8182';
let network = new FakeNetwork();
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
      const answer = await network.respond(request);
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
});
