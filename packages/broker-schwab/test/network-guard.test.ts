// No test can reach a real Schwab host: the fetch handed to the adapter refuses every host but the
// fakes', and msw fails any request no handler takes.
import { MemoryStore, OAUTH2_TOKENS_KEY } from '@invest/auth';
import { ConnectionError, silentLogger, systemClock, withValidation } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { CANARY_SECRET } from '../../../tools/test-setup/canary.ts';
import { SchwabConfigSchema } from '../src/config.ts';
import { schwabPlugin } from '../src/plugin.ts';
import { guardedFetch, mockNetwork } from './fake/network.ts';

const net = mockNetwork();

describe('network guard', () => {
  it('the adapter built with the real Schwab hosts sends nothing there', async () => {
    const config = SchwabConfigSchema.parse({ paper: false, clientId: 'guard-key', clientSecret: CANARY_SECRET, timeoutMs: 200 });
    const now = Date.now();
    const tokens = JSON.stringify({ accessToken: 'at-guard', tokenType: 'Bearer', accessTokenExpiresAt: now + 600_000, refreshToken: 'rt-guard', loginAt: now, obtainedAt: now });
    const credentials = new MemoryStore({ guarded: { [OAUTH2_TOKENS_KEY]: tokens } });
    const adapter = schwabPlugin.create(config, { name: 'guarded', fetch: guardedFetch, logger: silentLogger, clock: systemClock, credentials });
    expect(adapter.endpoints.trader).toBe('https://api.schwabapi.com/trader/v1');
    const error = await withValidation(adapter).getAccount().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(net.unhandled).toEqual([]);
  });

  it('guardedFetch refuses the real hosts outright', async () => {
    await expect(guardedFetch('https://api.schwabapi.com/trader/v1/accounts/accountNumbers')).rejects.toThrow(/refused/);
    await expect(guardedFetch('https://api.schwabapi.com/v1/oauth/token', { method: 'POST' })).rejects.toThrow(/refused/);
  });

  it('msw fails a request to a fake host no handler takes', async () => {
    const error = await fetch('https://nobody.schwab.test/trader/v1/accounts').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(net.unhandled.splice(0)).toHaveLength(1);
  });
});
