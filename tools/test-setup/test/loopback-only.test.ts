// The guard every CLI child process of the tests runs under: a connection to anything but
// loopback fails before it is tried (no DNS lookup, no packet); loopback still works.
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { expect, it } from 'vitest';

const GUARD = new URL('../loopback-only.mjs', import.meta.url).pathname;

function run(script: string): Promise<string> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', GUARD, '--input-type=module', '-e', script], { timeout: 20_000 }, (_e, stdout, stderr) => resolve(stdout + stderr));
  });
}

it('refuses fetch and raw sockets to a public host, before any lookup', async () => {
  const out = await run(`
    import net from 'node:net';
    try { await fetch('https://paper-api.alpaca.markets/v2/account'); console.log('reached'); } catch (e) { console.log('fetch:', e.cause?.message ?? e.message); }
    const s = net.connect(443, 'api.alpaca.markets');
    s.on('lookup', () => console.log('looked up'));
    s.on('error', (e) => console.log('socket:', e.code, e.message));
  `);
  expect(out).toMatch(/fetch: test network guard: connection to paper-api\.alpaca\.markets refused/);
  expect(out).toMatch(/socket: ECONNREFUSED test network guard: connection to api\.alpaca\.markets refused/);
  expect(out).not.toMatch(/reached|looked up/);
});

it('refuses the TWS / IB Gateway API ports even on loopback (a local TWS is a real broker)', async () => {
  const out = await run(`
    import net from 'node:net';
    for (const port of [7497, 7496, 4002, 4001]) net.connect(port, '127.0.0.1').on('error', (e) => console.log('socket:', e.code, e.message));
  `);
  for (const port of [7497, 7496, 4002, 4001]) expect(out).toContain(`socket: ECONNREFUSED test network guard: connection to 127.0.0.1:${port} refused (a TWS / IB Gateway API port`);
});

it('lets loopback through', async () => {
  const server = createServer((socket) => socket.end('hello'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const out = await run(`
    import net from 'node:net';
    const s = net.connect(${port}, '127.0.0.1');
    s.on('data', (d) => console.log('got', d.toString()));
    s.on('error', (e) => console.log('error', e.message));
  `);
  server.close();
  expect(out).toMatch(/got hello/);
});
