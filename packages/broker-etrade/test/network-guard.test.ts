// No test can reach a real E*TRADE host: the fetch handed to the adapter refuses every host but the
// fakes', and msw fails any request no handler takes.
import { ConnectionError, silentLogger, systemClock, withValidation } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { CANARY_SECRET, CANARY_TOKEN } from '../../../tools/test-setup/canary.ts';
import { EtradeConfigSchema } from '../src/config.ts';
import { etradePlugin } from '../src/plugin.ts';
import { guardedFetch, mockNetwork } from './fake/network.ts';

const net = mockNetwork();

describe('network guard', () => {
  it('the adapter built for the real sandbox host sends nothing there', async () => {
    const config = EtradeConfigSchema.parse({ consumerKey: 'ck', consumerSecret: CANARY_SECRET, accessToken: 'at', accessTokenSecret: CANARY_TOKEN, timeoutMs: 200 });
    const adapter = etradePlugin.create(config, { name: 'guarded', fetch: guardedFetch, logger: silentLogger, clock: systemClock });
    expect(adapter.endpoints.api).toBe('https://apisb.etrade.com');
    const error = await withValidation(adapter).getAccount().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(net.unhandled).toEqual([]);
  });

  it('guardedFetch refuses real hosts outright', async () => {
    await expect(guardedFetch('https://api.etrade.com/v1/accounts/list')).rejects.toThrow(/refused/);
    await expect(guardedFetch('https://apisb.etrade.com/oauth/request_token')).rejects.toThrow(/refused/);
    await expect(guardedFetch('https://us.etrade.com/e/t/etws/authorize')).rejects.toThrow(/refused/);
  });

  it('msw fails a request to a fake host no handler takes', async () => {
    const error = await fetch('https://nobody.etrade.test/v1/accounts/list').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(net.unhandled.splice(0)).toHaveLength(1);
  });
});
