// No test can reach a real Alpaca host: the fetch handed to the adapter refuses every host but the
// fakes', and msw fails any frame no handler takes.
import { ConnectionError, silentLogger, systemClock, withValidation } from '@invest/broker-core';
import { AlpacaConfigSchema } from '../src/config.ts';
import { describe, expect, it } from 'vitest';
import { CANARY_SECRET } from '../../../tools/test-setup/canary.ts';
import { alpacaPlugin } from '../src/plugin.ts';
import { guardedFetch, mockNetwork } from './fake/network.ts';

const net = mockNetwork();

describe('network guard', () => {
  it('the adapter built with the real paper host sends nothing there', async () => {
    const config = AlpacaConfigSchema.parse({ apiKey: 'PKGUARD', secretKey: CANARY_SECRET, timeoutMs: 200 });
    const adapter = alpacaPlugin.create(config, { name: 'guarded', fetch: guardedFetch, logger: silentLogger, clock: systemClock });
    expect(adapter.endpoints.trading).toBe('https://paper-api.alpaca.markets');
    const broker = withValidation(adapter);
    const error = await broker.getAccount().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(net.unhandled).toEqual([]);
  });

  it('guardedFetch refuses real hosts outright', async () => {
    await expect(guardedFetch('https://api.alpaca.markets/v2/account')).rejects.toThrow(/refused/);
    await expect(guardedFetch('https://data.alpaca.markets/v2/stocks/AAPL/quotes/latest')).rejects.toThrow(/refused/);
  });

  it('msw fails a request to a fake host no handler takes', async () => {
    const error = await fetch('https://nobody.alpaca.test/v2/account').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(net.unhandled.splice(0)).toHaveLength(1);
  });
});
