// A real listener on a real socket: no msw here, requests go through node:http to 127.0.0.1.
import { request } from 'node:http';
import { AuthenticationError } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { LOOPBACK_HOST, startLoopbackListener } from './loopback-listener.ts';

interface Answer {
  status: number;
  body: string;
}

/** GET over a fresh connection; rejects with the socket error (ECONNREFUSED once closed). */
function get(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, agent: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('loopback listener', () => {
  it('binds 127.0.0.1 only, accepts one matching redirect, answers a page, then refuses connections', async () => {
    const listener = await startLoopbackListener({ state: 'st4te' });
    expect(listener.address.address).toBe(LOOPBACK_HOST);
    expect(listener.address.family).toBe('IPv4');
    expect(listener.address.port).toBeGreaterThan(0);
    expect(listener.redirectUri).toBe(`http://127.0.0.1:${listener.address.port}/callback`);

    const answer = await get(`${listener.redirectUri}?code=abc%40def&state=st4te`);
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('Login complete');
    expect(answer.body).not.toContain('abc');
    await expect(listener.result).resolves.toEqual({ code: 'abc@def' });

    const second = await get(`${listener.redirectUri}?code=again&state=st4te`).catch((e: NodeJS.ErrnoException) => e);
    expect(second).toBeInstanceOf(Error);
    expect((second as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
  });

  it('is not reachable on other interfaces', async () => {
    const listener = await startLoopbackListener({ state: 's' });
    try {
      const { networkInterfaces } = await import('node:os');
      const others = Object.values(networkInterfaces())
        .flat()
        .filter((i) => i && i.family === 'IPv4' && !i.internal)
        .map((i) => i?.address as string);
      for (const address of others) {
        const error = await get(`http://${address}:${listener.address.port}/callback`).catch((e: NodeJS.ErrnoException) => e);
        expect((error as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
      }
      const v6 = await get(`http://[::1]:${listener.address.port}/callback`).catch((e: NodeJS.ErrnoException) => e);
      expect(v6).toBeInstanceOf(Error);
    } finally {
      await listener.close();
    }
  });

  it('a wrong state is refused, ends the login and closes the listener', async () => {
    const listener = await startLoopbackListener({ state: 'expected' });
    const answer = await get(`${listener.redirectUri}?code=abc&state=forged`);
    expect(answer.status).toBe(400);
    expect(answer.body).toContain('Login failed');
    const error = await listener.result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toMatch(/state does not match/);
    await expect(get(listener.redirectUri)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('a provider error in the redirect is refused with its code', async () => {
    const listener = await startLoopbackListener({ state: 's' });
    await get(`${listener.redirectUri}?error=access_denied&state=s`);
    await expect(listener.result).rejects.toMatchObject({ code: 'AUTHENTICATION', brokerCode: 'access_denied' });
  });

  it('ignores other paths, requests that are not redirects, and foreign Host headers, and keeps waiting', async () => {
    const listener = await startLoopbackListener({ state: 's', path: '/cb' });
    const base = `http://127.0.0.1:${listener.address.port}`;
    expect((await get(`${base}/favicon.ico`)).status).toBe(404);
    expect((await get(`${base}/cb`)).status).toBe(400);
    // DNS rebinding: a page on evil.example resolving to 127.0.0.1 sends its own Host.
    expect((await get(`${base}/cb?code=x&state=s`, { host: `evil.example:${listener.address.port}` })).status).toBe(400);
    expect((await get(`${base}/cb?code=real&state=s`)).status).toBe(200);
    await expect(listener.result).resolves.toEqual({ code: 'real' });
  });

  it('uses a configured port', async () => {
    const probe = await startLoopbackListener({ state: 's' });
    const port = probe.address.port;
    await probe.close();
    await expect(probe.result).rejects.toBeInstanceOf(AuthenticationError);
    const listener = await startLoopbackListener({ state: 's', port });
    expect(listener.address.port).toBe(port);
    // The port is taken now: a second listener says so.
    await expect(startLoopbackListener({ state: 's', port })).rejects.toMatchObject({ code: 'CONFIG', path: 'port' });
    await listener.close();
  });

  it('gives up after the timeout and closes', async () => {
    const listener = await startLoopbackListener({ state: 's', timeoutMs: 50 });
    await expect(listener.result).rejects.toThrow(/no login redirect arrived/);
    await expect(get(listener.redirectUri)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('can be cancelled with an AbortSignal', async () => {
    const controller = new AbortController();
    const listener = await startLoopbackListener({ state: 's', signal: controller.signal });
    controller.abort();
    await expect(listener.result).rejects.toThrow('login cancelled');
  });
});
