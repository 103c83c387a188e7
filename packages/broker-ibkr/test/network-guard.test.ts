// No test can reach a real TWS: every socket goes through a guard (installed for every test file
// by vitest.config.ts) that refuses TWS's real ports and every host but loopback.
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { IbkrConfigSchema } from '../src/config.ts';
import { IbkrBroker } from '../src/ibkr-broker.ts';
import { silentLogger, systemClock } from '@invest/broker-core';
import { guardProblem, refusedConnections } from './fake/network.ts';

describe('network guard', () => {
  it('the adapter with its defaults (127.0.0.1:7497, a real paper TWS port) connects nowhere', async () => {
    const adapter = new IbkrBroker(IbkrConfigSchema.parse({ connectTimeoutMs: 500, reconnect: { initialDelayMs: 10, maxDelayMs: 10 } }), { name: 'guarded', logger: silentLogger, clock: systemClock });
    expect(adapter.port).toBe(7497);
    const before = refusedConnections.length;
    await expect(adapter.connect()).rejects.toMatchObject({ code: 'CONNECTION' });
    expect(refusedConnections.slice(before)).toEqual(['127.0.0.1:7497 is a real TWS / IB Gateway port']);
  });

  it('refuses remote hosts and the live and gateway ports outright', async () => {
    const refused = await new Promise<Error>((resolve) => net.connect({ host: 'example.com', port: 7496 }).on('error', resolve));
    expect(refused.message).toMatch(/refused by the test network guard: example\.com:7496 is not loopback/);
    for (const port of [7496, 4001, 4002]) expect(guardProblem('127.0.0.1', port)).toMatch(/real TWS/);
    expect(guardProblem('127.0.0.1', 45_678)).toBeUndefined();
  });
});
