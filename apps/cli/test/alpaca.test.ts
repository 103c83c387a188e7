// `invest test NAME` on an Alpaca account: the real adapter, keys from the environment, talking
// to a loopback server that answers like Alpaca's paper trading API (no real host is reachable).
import { createServer, type Server } from 'node:http';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANARY_SECRET } from '../../../tools/test-setup/canary.ts';
import { freshHome, invest } from './run-cli.ts';

let server: Server;
let baseUrl = '';
const seen: { path: string; key?: string }[] = [];

beforeAll(async () => {
  const account = await readFile(new URL('../../../packages/broker-alpaca/test/fixtures/alpaca-account.json', import.meta.url), 'utf8');
  server = createServer((req, res) => {
    seen.push({ path: req.url ?? '', key: req.headers['apca-api-key-id'] as string | undefined });
    const authorized = req.headers['apca-api-key-id'] === 'PKTEST' && req.headers['apca-api-secret-key'] === CANARY_SECRET;
    if (!authorized) {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 40110000, message: 'request is not authorized' }));
    } else if (req.url === '/v2/account') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(account);
    } else {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 40410000, message: 'not found' }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function alpacaHome(): Promise<string> {
  const home = await freshHome();
  await writeFile(join(home, 'brokers.json'), JSON.stringify({
    default_broker: 'alpaca-paper',
    brokers: { 'alpaca-paper': { type: 'alpaca', paper_trading: true, baseUrl, dataUrl: baseUrl, streaming: false } },
  }));
  return home;
}

describe('invest with the Alpaca adapter', () => {
  it('is a built-in type', async () => {
    const types = JSON.parse((await invest(await freshHome(), ['list-types', '--json'])).stdout).types.map((t: { type: string }) => t.type);
    expect(types).toEqual(expect.arrayContaining(['sim', 'alpaca']));
  });

  it('test NAME checks the credentials and prints the account', async () => {
    const home = await alpacaHome();
    const r = await invest(home, ['test', 'alpaca-paper', '--json'], { ALPACA_API_KEY: 'PKTEST', ALPACA_SECRET_KEY: CANARY_SECRET });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ broker: 'alpaca-paper', ok: true, account: { paper: true, currency: 'USD' } });
    expect(seen.some((s) => s.path === '/v2/account' && s.key === 'PKTEST')).toBe(true);
  });

  it('wrong keys: an authentication error (exit 4) that never shows the secret', async () => {
    const home = await alpacaHome();
    const r = await invest(home, ['test', 'alpaca-paper'], { ALPACA_API_KEY: 'PKTEST', ALPACA_SECRET_KEY: `${CANARY_SECRET}-wrong` });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/not authorized/);
    expect(`${r.stdout}${r.stderr}`).not.toContain(CANARY_SECRET);
    const [logFile] = await readdir(join(home, 'logs'));
    const logs = await readFile(join(home, 'logs', logFile!), 'utf8');
    expect(logs).toMatch(/command failed/);
    expect(logs).not.toContain(CANARY_SECRET);
  });
});
