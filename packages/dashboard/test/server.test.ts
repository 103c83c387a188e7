// The server as another local program or a web page would meet it: only the printed URL, with its
// token and its Host, is answered; nothing but reads; nothing off loopback.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDashboard, type Dashboard, type PortfolioSnapshot } from '../src/index.ts';
import { threeAccounts, type Accounts } from './support/accounts.ts';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request, so the Host and Origin headers are exactly what a test says. */
function get(url: URL, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: url.port, path, method, headers: { host: url.host, ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the dashboard server', () => {
  let accounts: Accounts;
  let dashboard: Dashboard;
  let url: URL;
  let token: string;

  beforeAll(async () => {
    accounts = await threeAccounts();
    dashboard = await startDashboard({ source: accounts.manager, pollMs: 100 });
    url = new URL(dashboard.url);
    token = url.searchParams.get('token')!;
  });
  afterAll(async () => {
    await dashboard?.close();
    await accounts?.manager.disconnectAll();
  });

  it('prints a loopback URL on a free port with a long random token', () => {
    expect(url.hostname).toBe('127.0.0.1');
    expect(dashboard.port).toBeGreaterThan(0);
    expect(token).toMatch(/^[0-9a-f]{48}$/);
  });

  it('serves the page with its token and a strict content security policy', async () => {
    const r = await get(url, `/?token=${token}`);
    expect(r.status).toBe(200);
    expect(r.body).toContain(`/assets/page.js?token=${token}`);
    expect(r.headers['content-security-policy']).toMatch(/default-src 'none'; script-src 'self'/);
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    expect((await get(url, `/assets/page.js?token=${token}`)).status).toBe(200);
  });

  it('refuses a request without the token, or with another one: 403', async () => {
    for (const path of ['/', '/api/snapshot', '/assets/page.js', '/api/events', '/nothing']) {
      const r = await get(url, path);
      expect(r.status, path).toBe(403);
      expect(r.body).not.toContain('equity');
    }
    const wrong = `${token.slice(0, -1)}${token.endsWith('0') ? '1' : '0'}`;
    expect((await get(url, `/api/snapshot?token=${wrong}`)).status).toBe(403);
    expect((await get(url, `/api/snapshot?token=${'f'.repeat(48)}`)).status).toBe(403);
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin, token or not: 403', async () => {
    for (const host of [`evil.example:${url.port}`, `localhost:${url.port}`, '127.0.0.1', `127.0.0.1:${Number(url.port) + 1}`]) {
      const r = await get(url, `/api/snapshot?token=${token}`, { host });
      expect(r.status, host).toBe(403);
    }
    expect((await get(url, `/api/snapshot?token=${token}`, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await get(url, `/api/snapshot?token=${token}`, { origin: `http://${url.host}` })).status).toBe(200);
  });

  it('answers only reads: POST, PUT and DELETE are refused and change nothing', async () => {
    const before = await accounts.manager.get('paper-a').listOrders({ status: 'all' });
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      expect((await get(url, `/api/snapshot?token=${token}`, {}, method)).status, method).toBe(405);
    }
    expect(await accounts.manager.get('paper-a').listOrders({ status: 'all' })).toEqual(before);
  });

  it('answers the portfolio as JSON, with no raw broker objects', async () => {
    const r = await get(url, `/api/snapshot?token=${token}`);
    const s = JSON.parse(r.body) as PortfolioSnapshot;
    expect(s.accounts.map((a) => [a.name, a.state])).toEqual([['paper-a', 'connected'], ['paper-b', 'connected'], ['paper-down', 'error']]);
    expect(r.body).not.toContain('"raw"');
    expect(s.errors).toEqual([{ broker: 'paper-down', error: expect.stringMatching(/ECONNREFUSED/) }]);
  });

  it('streams changes as server-sent events, reconnecting within a second', async () => {
    const res = await fetch(`${dashboard.url.replace('/?', '/api/events?')}`);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    const until = async (pattern: RegExp): Promise<void> => {
      while (!pattern.test(text)) {
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        text += value;
      }
    };
    await until(/event: snapshot\ndata: .*\n\n/);
    expect(text).toMatch(/^retry: (\d+)\n\n/);
    expect(Number(/^retry: (\d+)/.exec(text)![1])).toBeLessThanOrEqual(1_000);
    text = '';
    const order = await accounts.manager.submitOrder('paper-b', { symbol: 'MSFT', side: 'buy', quantity: 1 });
    await until(new RegExp(`"orderId":"${order.id}","symbol":"MSFT"`));
    await reader.cancel();
  });

  it('stops answering when closed', async () => {
    const other = await startDashboard({ source: accounts.manager });
    await other.close();
    await expect(fetch(other.url)).rejects.toThrow();
  });
});
