// Against a real Secret Service (gnome-keyring in CI, started by the root test runner in a
// D-Bus session). Where none is reachable the tests fail when CI is set, and are skipped with
// the reason otherwise.
import { randomBytes } from 'node:crypto';
import { ConfigError } from '@invest/broker-core';
import { afterAll, describe, expect, it } from 'vitest';
import { CANARY_SECRET, CANARY_TOKEN } from '../../../../tools/test-setup/canary.ts';
import { loadKeyringModule, type KeyringModuleName } from './keyring-module.ts';
import { KeyringStore } from './keyring-store.ts';

const SERVICE = `invest-test-${process.pid}-${randomBytes(4).toString('hex')}`;

async function probeSecretService(): Promise<string | undefined> {
  if (process.platform === 'linux' && !process.env.DBUS_SESSION_BUS_ADDRESS) return 'no D-Bus session (DBUS_SESSION_BUS_ADDRESS is not set)';
  try {
    const { keytar } = await loadKeyringModule({ module: 'keytar' });
    await keytar.setPassword(SERVICE, 'probe', 'probe');
    await keytar.deletePassword(SERVICE, 'probe');
    return undefined;
  } catch (error) {
    return `the Secret Service did not answer: ${error instanceof Error ? error.message : String(error)}`;
  }
}

const unreachable = await probeSecretService();
const skip = unreachable !== undefined && !process.env.CI;
// keytar and @napi-rs/keyring are dev dependencies; @github/keytar runs where it is installed.
const githubKeytar = await loadKeyringModule({ module: '@github/keytar' }).then(
  () => undefined,
  (error: unknown) => (error instanceof Error ? error.message : String(error)),
);
const label = skip ? ` (skipped: ${unreachable}; run inside dbus-run-session with gnome-keyring-daemon)` : '';

describe(`KeyringStore against the real OS keyring${label}`, () => {
  it.skipIf(skip)('a Secret Service is reachable (required when CI is set)', () => {
    expect(unreachable ?? 'reachable').toBe('reachable');
  });

  for (const module of ['keytar', '@napi-rs/keyring', '@github/keytar'] as const satisfies readonly KeyringModuleName[]) {
    const missing = module === '@github/keytar' ? githubKeytar : undefined;
    describe.skipIf(skip || missing !== undefined)(`through ${module}${missing ? ` (skipped: ${missing})` : ''}`, () => {
      const store = new KeyringStore({ service: `${SERVICE}-${module.replace(/\W/g, '')}`, module });

      afterAll(async () => {
        for (const { broker, key } of await store.list().catch(() => [])) await store.delete(broker, key).catch(() => false);
      });

      it('stores, reads, lists and deletes', async () => {
        expect(await store.moduleName()).toBe(module);
        await store.set('schwab-main', 'clientSecret', CANARY_SECRET);
        await store.set('schwab-main', 'oauth2.tokens', JSON.stringify({ refreshToken: CANARY_TOKEN }));
        await store.set('odd:name/with spaces', 'api key', 'v');

        expect(await store.get('schwab-main', 'clientSecret')).toBe(CANARY_SECRET);
        expect(JSON.parse((await store.get('schwab-main', 'oauth2.tokens')) ?? '{}')).toEqual({ refreshToken: CANARY_TOKEN });
        expect(await store.get('schwab-main', 'absent')).toBeUndefined();

        const listed = await store.list();
        expect(listed).toEqual([
          { broker: 'odd:name/with spaces', key: 'api key' },
          { broker: 'schwab-main', key: 'clientSecret' },
          { broker: 'schwab-main', key: 'oauth2.tokens' },
        ]);
        expect(JSON.stringify(listed)).not.toContain(CANARY_SECRET);
        expect(await store.list('schwab-main')).toHaveLength(2);

        await store.set('schwab-main', 'clientSecret', 'replaced');
        expect(await store.get('schwab-main', 'clientSecret')).toBe('replaced');

        expect(await store.delete('schwab-main', 'clientSecret')).toBe(true);
        expect(await store.get('schwab-main', 'clientSecret')).toBeUndefined();
        expect(await store.delete('schwab-main', 'clientSecret')).toBe(false);
        expect(await store.list('schwab-main')).toEqual([{ broker: 'schwab-main', key: 'oauth2.tokens' }]);
      });

      it('really writes to the keyring: a second store (a new process, in effect) reads the value', async () => {
        await store.set('alpaca-main', 'secretKey', CANARY_TOKEN);
        const other = new KeyringStore({ service: store.service, module });
        expect(await other.get('alpaca-main', 'secretKey')).toBe(CANARY_TOKEN);
        const { keytar } = await loadKeyringModule({ module });
        expect(await keytar.getPassword(store.service, 'alpaca-main:secretKey')).toBe(CANARY_TOKEN);
      });
    });
  }
});

describe('KeyringStore errors', () => {
  it('a keyring failure is a ConfigError that never repeats the value being written', async () => {
    const store = new KeyringStore({
      keytar: {
        getPassword: async () => null,
        setPassword: async (_s, _a, password) => {
          throw new Error(`backend refused ${password}`);
        },
        deletePassword: async () => false,
        findCredentials: async () => {
          throw new Error('org.freedesktop.DBus.Error.ServiceUnknown');
        },
      },
    });
    const error = await store.set('a', 'b', CANARY_SECRET).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).not.toContain(CANARY_SECRET);
    await expect(store.list()).rejects.toThrow(/No Secret Service is reachable/);
  });
});
