import { MemoryStore } from '@invest/auth';
import type { CredentialSource } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { oauthTokenStore } from './token-store.ts';

describe('oauthTokenStore', () => {
  it('writes through to a writable credential store, so a rotated refresh token survives a restart', async () => {
    const backing = new MemoryStore();
    await oauthTokenStore(backing).set('schwab-main', 'oauth2.tokens', '{"v":2}');
    expect(await backing.get('schwab-main', 'oauth2.tokens')).toBe('{"v":2}');
    expect(await oauthTokenStore(backing).get('schwab-main', 'oauth2.tokens')).toBe('{"v":2}');
  });

  it('over a read-only source keeps what it is given in memory, and reads the source otherwise', async () => {
    const source: CredentialSource = { get: async (_b, key) => (key === 'oauth2.tokens' ? '{"v":1}' : undefined) };
    const store = oauthTokenStore(source);
    expect(await store.get('td', 'oauth2.tokens')).toBe('{"v":1}');
    await store.set('td', 'oauth2.tokens', '{"v":2}');
    expect(await store.get('td', 'oauth2.tokens')).toBe('{"v":2}');
  });

  it('keeps a new token in memory even when the backing store refuses the write (the error still reaches the caller)', async () => {
    const failing = { get: async () => undefined, set: async () => Promise.reject(new Error('read-only')) };
    const store = oauthTokenStore(failing);
    await expect(store.set('td', 'oauth2.tokens', '{"v":3}')).rejects.toThrow('read-only');
    expect(await store.get('td', 'oauth2.tokens')).toBe('{"v":3}');
  });
});
