import { ConfigError } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { KEYRING_MODULES, loadKeyringModule } from './keyring-module.ts';
import { KeyringStore } from './keyring-store.ts';

const notInstalled = (name: string): never => {
  const error = new Error(`Cannot find module '${name}'`) as NodeJS.ErrnoException;
  error.code = 'MODULE_NOT_FOUND';
  throw error;
};

describe('keyring module loader', () => {
  it('where none is installed: a ConfigError that names the install command', async () => {
    const error = await loadKeyringModule({ load: notInstalled }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('npm install @napi-rs/keyring');
    expect((error as Error).message).toContain(KEYRING_MODULES.join(', '));
  });

  it('a pinned module that is missing names its own install command', async () => {
    await expect(loadKeyringModule({ module: '@github/keytar', load: notInstalled })).rejects.toThrow('npm install @github/keytar');
  });

  it('tries keytar, then @github/keytar, then @napi-rs/keyring', async () => {
    const tried: string[] = [];
    const fake = { getPassword: async () => null, setPassword: async () => {}, deletePassword: async () => false, findCredentials: async () => [] };
    const loaded = await loadKeyringModule({
      load: (name) => {
        tried.push(name);
        return name === '@github/keytar' ? fake : notInstalled(name);
      },
    });
    expect(tried).toEqual(['keytar', '@github/keytar']);
    expect(loaded.name).toBe('@github/keytar');
  });

  it('a module that is installed but broken is a ConfigError, not a silent fallback', async () => {
    const load = (): never => {
      throw Object.assign(new Error('libsecret-1.so.0: cannot open shared object file'), { code: 'ERR_DLOPEN_FAILED' });
    };
    await expect(loadKeyringModule({ load })).rejects.toThrow(/keytar is installed but failed to load \(ERR_DLOPEN_FAILED\)/);
  });

  it('is lazy: a KeyringStore loads nothing until first used', async () => {
    let loads = 0;
    const store = new KeyringStore({
      load: (name) => {
        loads++;
        return notInstalled(name);
      },
    });
    expect(loads).toBe(0);
    await expect(store.get('a', 'b')).rejects.toBeInstanceOf(ConfigError);
    expect(loads).toBe(KEYRING_MODULES.length);
  });

  it('loads the real installed modules by name', async () => {
    expect((await loadKeyringModule({ module: 'keytar' })).name).toBe('keytar');
    expect((await loadKeyringModule({ module: '@napi-rs/keyring' })).name).toBe('@napi-rs/keyring');
    expect((await loadKeyringModule()).name).toBe('keytar');
  });
});
