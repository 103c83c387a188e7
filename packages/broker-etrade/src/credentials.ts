import { resolveCredentialField, type CredentialSource, type CredentialStore } from '@invest/broker-core';
import { ETRADE_ENV_NAMES } from './config.ts';

/** The consumer key pair every signed request uses. */
export interface EtradeConsumer {
  consumerKey: string;
  consumerSecret: string;
}

/**
 * The consumer key pair: from the config where given, else from the credential store under the
 * instance name (`invest set-creds NAME`). A missing one is an `AuthenticationError` (outcome
 * denied: nothing was sent) naming where to put it; values never appear in a message.
 *
 * @example
 * ```ts
 * const consumer = await resolveEtradeConsumer(config, 'etrade-main', ctx.credentials)
 * ```
 */
export async function resolveEtradeConsumer(
  given: { consumerKey?: string | undefined; consumerSecret?: string | undefined },
  name: string,
  store: CredentialSource | undefined,
): Promise<EtradeConsumer> {
  const read = (field: keyof EtradeConsumer): Promise<string> =>
    resolveCredentialField({ broker: 'etrade', name, field, given: given[field], env: ETRADE_ENV_NAMES[field] }, store);
  return { consumerKey: await read('consumerKey'), consumerSecret: await read('consumerSecret') };
}

function isWritable(source: CredentialSource | undefined): source is CredentialStore {
  const s = source as Partial<CredentialStore> | undefined;
  return typeof s?.set === 'function';
}

/**
 * The store the OAuth session lives in: reads go to the plugin context's credentials (where
 * `invest auth login` saved the session); writes (a renewal's new idle clock) go there too when it
 * can be written, and are kept in this process either way, so a read-only source (environment
 * variables) never makes a renewal fail.
 *
 * @example
 * ```ts
 * const store = sessionStore(ctx.credentials)
 * ```
 */
export function sessionStore(source: CredentialSource | undefined): CredentialStore {
  const local = new Map<string, string>();
  const key = (broker: string, name: string): string => `${broker}\u0000${name}`;
  return {
    kind: 'memory',
    writable: true,
    get: async (broker, name) => local.get(key(broker, name)) ?? (await source?.get(broker, name)),
    set: async (broker, name, value) => {
      local.set(key(broker, name), value);
      // Best effort: a store that refuses the write (read-only, locked) only means the next
      // process renews once more; this process goes on with the value kept above.
      if (isWritable(source)) await source.set(broker, name, value).catch(() => undefined);
    },
    delete: async (broker, name) => {
      const had = local.delete(key(broker, name));
      return (isWritable(source) && typeof source.delete === 'function' ? Boolean(await source.delete(broker, name).catch(() => false)) : false) || had;
    },
    list: async () => [],
  };
}
