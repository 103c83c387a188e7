// No test can reach a real TD host: the fetch handed to the adapter refuses every host but the
// fakes', and msw fails any request no handler takes.
import { ConnectionError, silentLogger, systemClock, withValidation } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { TdConfigSchema } from '../src/config.ts';
import { tdPlugin } from '../src/plugin.ts';
import { guardedFetch, mockNetwork } from './fake/network.ts';

const net = mockNetwork();

describe('network guard', () => {
  it("the adapter built with TD's real hosts sends nothing there", async () => {
    const config = TdConfigSchema.parse({ paper: false, clientId: 'KEY', refreshToken: 'rt-guard', accountId: '123', timeoutMs: 200 });
    const adapter = tdPlugin.create(config, { name: 'guarded', fetch: guardedFetch, logger: silentLogger, clock: systemClock });
    expect(adapter.endpoints.api).toBe('https://api.tdameritrade.com/v1');
    const error = await withValidation(adapter).getAccount().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(net.unhandled).toEqual([]);
  });

  it('guardedFetch refuses the real hosts outright', async () => {
    await expect(guardedFetch('https://api.tdameritrade.com/v1/accounts/123')).rejects.toThrow(/refused/);
  });
});
