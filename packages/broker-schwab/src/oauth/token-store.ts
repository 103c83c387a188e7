import type { CredentialSource, CredentialStore } from '@invest/broker-core';

/** A source that can also write (the CLI's `AuthManager`, any `CredentialStore`). */
interface WritableSource extends CredentialSource {
  set(broker: string, key: string, value: string): Promise<unknown>;
}

const writable = (source: CredentialSource | undefined): source is WritableSource =>
  typeof (source as Partial<WritableSource> | undefined)?.set === 'function';

/**
 * The store OAuth tokens live in for one adapter: the credential source the adapter was given,
 * written through when it can be written (so a rotated refresh token survives a restart), and
 * otherwise a memory overlay (tokens refreshed in this process are kept until it ends).
 *
 * @example
 * ```ts
 * const store = oauthTokenStore(ctx.credentials)
 * ```
 */
export function oauthTokenStore(source: CredentialSource | undefined): CredentialStore {
  const memory = new Map<string, string>();
  const key = (broker: string, name: string): string => `${broker}\u0000${name}`;
  return {
    kind: 'memory',
    writable: true,
    async get(broker, name) {
      return memory.get(key(broker, name)) ?? (await source?.get(broker, name));
    },
    async set(broker, name, value) {
      // Kept here first: a store that cannot be written (environment only) must not lose a rotated token.
      memory.set(key(broker, name), value);
      if (writable(source)) await source.set(broker, name, value);
    },
    async delete(broker, name) {
      return memory.delete(key(broker, name));
    },
    async list(broker) {
      return [...memory.keys()].map((k) => {
        const [b = '', n = ''] = k.split('\u0000');
        return { broker: b, key: n };
      }).filter((r) => broker === undefined || r.broker === broker);
    },
  };
}
