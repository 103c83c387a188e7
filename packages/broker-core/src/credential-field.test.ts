import { describe, expect, it } from 'vitest';
import { resolveCredentialField } from './credential-field.ts';
import { AuthenticationError, ConnectionError } from './errors/subclasses.ts';
import type { CredentialSource } from './plugin.ts';

const store = (values: Record<string, string>): CredentialSource => ({ get: async (name, key) => values[`${name}/${key}`] });
const request = { broker: 'acme', name: 'acme-main', field: 'apiKey', env: 'ACME_API_KEY' };

describe('resolveCredentialField', () => {
  it("takes the config's value over the store's", async () => {
    await expect(resolveCredentialField({ ...request, given: 'from-config' }, store({ 'acme-main/apiKey': 'stored' }))).resolves.toBe('from-config');
  });

  it('reads the store under the instance name when the config gives none or an empty string', async () => {
    const source = store({ 'acme-main/apiKey': 'stored', 'other/apiKey': 'not this' });
    await expect(resolveCredentialField({ ...request, given: undefined }, source)).resolves.toBe('stored');
    await expect(resolveCredentialField({ ...request, given: '' }, source)).resolves.toBe('stored');
  });

  it('refuses a field missing or empty everywhere, naming the variable and set-creds', async () => {
    for (const source of [undefined, store({}), store({ 'acme-main/apiKey': '' })]) {
      const error = await resolveCredentialField({ ...request, given: undefined }, source).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(error).toMatchObject({ broker: 'acme', outcome: 'denied', message: 'acme (acme-main): no apiKey: set ACME_API_KEY or store it with `invest set-creds acme-main`' });
    }
    await expect(resolveCredentialField({ ...request, env: undefined, given: undefined }, undefined)).rejects.toThrow('no apiKey: set apiKey or store it');
  });

  it("says the store could not be read, with the store's error as cause; a BrokerError passes through", async () => {
    const broken = new Error('keyring locked');
    const error = await resolveCredentialField({ ...request, given: undefined }, { get: () => Promise.reject(broken) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ message: 'acme (acme-main): the credential store could not be read for apiKey', cause: broken, outcome: 'denied' });
    const own = new ConnectionError('store unreachable', { broker: 'acme' });
    await expect(resolveCredentialField({ ...request, given: undefined }, { get: () => Promise.reject(own) })).rejects.toBe(own);
  });
});
