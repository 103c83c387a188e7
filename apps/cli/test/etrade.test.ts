// `invest auth login` and `invest buy` on an E*TRADE account, as child processes: the real adapter
// talking to the E*TRADE fake of @invest/broker-etrade's tests, served on a loopback port (every
// request's OAuth 1.0a signature recomputed there, independently of the signer).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { EncryptedFileStore } from '@invest/auth';
import { systemClock } from '@invest/broker-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeNetwork } from '../../../packages/broker-etrade/test/fake/network.ts';
import { startInvest } from './pty.ts';
import { freshHome, invest } from './run-cli.ts';

const PASSPHRASE = 'correct horse battery staple';
const env = { INVEST_PASSPHRASE: PASSPHRASE };
let server: Server;
let base = '';
let network: FakeNetwork | undefined;

beforeAll(async () => {
  server = createServer((req, res) => void bridge(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => expect(network?.violations.splice(0) ?? [], 'OAuth and contract violations').toEqual([]));

/** Hands one loopback request to the fake's msw handlers and writes their answer back. */
async function bridge(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const request = new Request(`${base}${req.url}`, { method: req.method!, headers, ...(hasBody ? { body: Buffer.concat(chunks) } : {}) });
  const response = await network?.respond(request);
  if (!response) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}

async function etradeHome(): Promise<{ home: string; network: FakeNetwork }> {
  const fake = new FakeNetwork(systemClock, { host: base });
  network = fake;
  const home = await freshHome();
  await writeFile(join(home, 'brokers.json'), JSON.stringify({
    default_broker: 'etrade-sbx',
    brokers: { 'etrade-sbx': { type: 'etrade', baseUrl: base, timeoutMs: 5000 } },
  }));
  const store = await EncryptedFileStore.open({ path: join(home, 'credentials.enc'), passphrase: PASSPHRASE });
  await store.set('etrade-sbx', 'consumerKey', fake.tokens.consumerKey);
  await store.set('etrade-sbx', 'consumerSecret', fake.tokens.consumerSecret);
  return { home, network: fake };
}

describe('invest with the E*TRADE adapter', () => {
  it('is a built-in type', async () => {
    const types = JSON.parse((await invest(await freshHome(), ['list-types', '--json'])).stdout).types.map((t: { type: string }) => t.type);
    expect(types).toEqual(expect.arrayContaining(['sim', 'alpaca', 'etrade']));
  });

  it('auth login shows the authorize URL, takes the pasted verifier, stores the access token; buy then previews and places', async () => {
    const { home, network } = await etradeHome();
    const s = startInvest(home, ['auth', 'login', 'etrade-sbx', '--store', 'file'], env);
    await s.answer(/Verification code/, `${network.tokens.request.verifier}\r`);
    expect(await s.exit).toBe(0);
    expect(s.screen()).toContain(`https://us.etrade.com/e/t/etws/authorize?key=${network.tokens.consumerKey}&token=req%2Btoken`);
    expect(s.screen()).toMatch(/Logged in to etrade-sbx/);
    const store = await EncryptedFileStore.open({ path: join(home, 'credentials.enc'), passphrase: PASSPHRASE });
    expect((await store.list('etrade-sbx')).map((r) => r.key).sort()).toEqual(['consumerKey', 'consumerSecret', 'oauth1.session']);

    const r = await invest(home, ['buy', '--symbol', 'AAPL', '--quantity', '2', '--type', 'limit', '--limit', '100', '--broker', 'etrade-sbx', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(network.fake.orders.size).toBe(1);
    const order = [...network.fake.orders.values()][0]!;
    expect(order.body).toMatchObject({ priceType: 'LIMIT', limitPrice: 100, Instrument: [{ orderAction: 'BUY', quantity: 2, Product: { symbol: 'AAPL' } }] });
    const orderPaths = network.requests.map((q) => q.path).filter((p) => p.includes('/orders/'));
    expect(orderPaths.map((p) => p.split('/').pop())).toEqual(['preview', 'place']);
    expect(r.stdout).toContain(String(order.orderId));

    // --dry-run is E*TRADE's preview: the verdict and the preview request, nothing placed.
    const dry = await invest(home, ['buy', '--symbol', 'AAPL', '--quantity', '3', '--type', 'limit', '--limit', '99', '--broker', 'etrade-sbx', '--dry-run', '--json'], env);
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, broker: 'etrade-sbx', preview: { accepted: true, rejects: [], request: { PreviewOrderRequest: expect.anything() } } });
    expect(network.fake.orders.size).toBe(1);
    const afterDry = network.requests.map((q) => q.path).filter((p) => p.includes('/orders/'));
    expect(afterDry.map((p) => p.split('/').pop())).toEqual(['preview', 'place', 'preview']);
  });
});
