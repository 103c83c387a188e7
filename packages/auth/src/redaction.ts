import type { Redactor } from '@invest/broker-core';
import type { CredentialRef, CredentialStore } from './stores/credential-store.ts';

/** Decides whether a stored value is secret; by default every value is. */
export type SecretPredicate = (broker: string, key: string) => boolean;

const everything: SecretPredicate = () => true;

/**
 * Wraps a store so every value read from it or written to it is added to `redactor`: from then
 * on, any logger built with that redactor prints `[REDACTED]` wherever the value appears.
 *
 * @example
 * ```ts
 * const redactor = new Redactor()
 * const file = redactingStore(await EncryptedFileStore.open(opts), redactor)
 * const log = createLogger({ redactor })
 * ```
 */
export function redactingStore(store: CredentialStore, redactor: Redactor, isSecret: SecretPredicate = everything): CredentialStore {
  const note = (broker: string, key: string, value: string | undefined): void => {
    if (value !== undefined && isSecret(broker, key)) redactor.add(value);
  };
  return {
    kind: store.kind,
    writable: store.writable,
    async get(broker, key) {
      const value = await store.get(broker, key);
      note(broker, key, value);
      return value;
    },
    async set(broker, key, value) {
      note(broker, key, value);
      await store.set(broker, key, value);
    },
    delete: (broker, key) => store.delete(broker, key),
    list: (broker) => store.list(broker),
  };
}

/**
 * Reads every credential a store holds and adds each secret value to `redactor`, so a process
 * that logs before it reads its credentials still never prints one. Resolves to the number of
 * values registered.
 *
 * @example
 * ```ts
 * await registerCredentialSecrets(redactor, fileStore)
 * ```
 */
export async function registerCredentialSecrets(
  redactor: Redactor,
  source: { list(broker?: string): Promise<CredentialRef[]>; get(broker: string, key: string): Promise<string | undefined> },
  isSecret: SecretPredicate = everything,
): Promise<number> {
  let count = 0;
  for (const { broker, key } of await source.list()) {
    if (!isSecret(broker, key)) continue;
    const value = await source.get(broker, key);
    if (value !== undefined) {
      redactor.add(value);
      count += 1;
    }
  }
  return count;
}
