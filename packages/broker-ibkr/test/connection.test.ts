// Connecting to the fake TWS: handshake, version check, account choice, events, reconnects.
import type { FakeTws } from '@invest/fake-tws';
import { afterEach, describe, expect, it } from 'vitest';
import type { IbkrBroker } from '../src/ibkr-broker.ts';
import { eventually, startFake, testAdapter } from './fake/harness.ts';

let tws: FakeTws | undefined;
const adapters: IbkrBroker[] = [];

function adapter(fake: FakeTws, config: Parameters<typeof testAdapter>[1] = {}): IbkrBroker {
  const a = testAdapter(fake, config);
  adapters.push(a);
  return a;
}

afterEach(async () => {
  for (const a of adapters.splice(0)) await a.disconnect();
  await tws?.stop();
  tws = undefined;
});

describe('connect and disconnect', () => {
  it('connects with the handshake, picks the only account, and emits connected / disconnected', async () => {
    tws = await startFake();
    const a = adapter(tws);
    const events: string[] = [];
    a.events.on('connected', () => events.push('connected'));
    a.events.on('disconnected', (reason) => events.push(`disconnected: ${reason}`));
    await a.connect();
    expect(a.connected).toBe(true);
    expect(a.account).toBe('DU1234567');
    expect(a.serverVersion).toBe(193);
    await a.disconnect();
    expect(a.connected).toBe(false);
    expect(events).toEqual(['connected', 'disconnected: disconnect requested']);
  });

  it('takes the configured account among several, and refuses to guess', async () => {
    tws = await startFake({ accounts: ['DU111', 'DU222'] });
    const chosen = adapter(tws, { account: 'DU222', clientId: 1 });
    await chosen.connect();
    expect(chosen.account).toBe('DU222');
    await expect(adapter(tws, { clientId: 2 }).connect()).rejects.toMatchObject({ code: 'CONFIG', message: expect.stringMatching(/manages several accounts \(DU111, DU222\)/) });
    await expect(adapter(tws, { clientId: 3, account: 'DU999' }).connect()).rejects.toMatchObject({ code: 'CONFIG', message: expect.stringMatching(/DU999 is not managed/) });
  });

  it('refuses a TWS older than the oldest server version it speaks', async () => {
    tws = await startFake();
    tws.forcedVersion = 150;
    const error = await adapter(tws).connect().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CONNECTION', message: expect.stringMatching(/server version 150 is older than 163/) });
  });

  it('a client id already in use is a ConfigError naming clientId', async () => {
    tws = await startFake();
    await adapter(tws, { clientId: 5 }).connect();
    await expect(adapter(tws, { clientId: 5 }).connect()).rejects.toMatchObject({ code: 'CONFIG', path: 'clientId', brokerCode: 326 });
  });

  it('nothing listening is a ConnectionError', async () => {
    tws = await startFake();
    const port = tws.port;
    await tws.stop();
    tws = undefined;
    const fake = { port } as FakeTws;
    await expect(adapter(fake).connect()).rejects.toMatchObject({ code: 'CONNECTION' });
  });

  it('reconnects after a drop, with connected / disconnected events, and reads work again', async () => {
    tws = await startFake();
    const a = adapter(tws);
    const events: string[] = [];
    a.events.on('connected', () => events.push('connected'));
    a.events.on('disconnected', () => events.push('disconnected'));
    await a.connect();
    tws.dropConnections();
    await eventually(() => events.length === 3, 3000, 'reconnect');
    expect(events).toEqual(['connected', 'disconnected', 'connected']);
    expect(a.connected).toBe(true);
    expect((await a.getAccount()).accountId).toBe('DU1234567');
  });

  it('keeps trying with growing delays while TWS is down (the daily restart)', async () => {
    tws = await startFake();
    const a = adapter(tws);
    await a.connect();
    await tws.restart({ downMs: 300 });
    await eventually(() => a.connected, 5000, 'reconnect after restart');
    expect(a.state).toBe('connected');
  });
});
