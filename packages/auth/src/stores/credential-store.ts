import { z } from 'zod';
import { ConfigError, type CredentialStore as CoreCredentialStore } from '@invest/broker-core';

/**
 * Where a credential lives. The order of this list is the read precedence `AuthManager` uses:
 * an environment variable overrides the OS keyring, which overrides the encrypted file.
 */
export const StoreKind = z.enum(['env', 'keyring', 'file', 'memory']);
export type StoreKind = z.infer<typeof StoreKind>;

/** Read precedence, first wins. */
export const STORE_PRECEDENCE: readonly StoreKind[] = StoreKind.options;

/** A broker instance name (`alpaca-main`) or a field key (`apiKey`): 1-128 printable characters. */
export const CredentialNameSchema = z
  .string()
  .min(1, { error: 'must not be empty' })
  .max(128, { error: 'must be at most 128 characters' })
  .regex(/^[^\u0000-\u001f\u007f]+$/, { error: 'must not contain control characters' });

/** Names one stored credential: the broker instance it belongs to and the field key. */
export const CredentialRefSchema = z.object({ broker: CredentialNameSchema, key: CredentialNameSchema });
export type CredentialRef = z.infer<typeof CredentialRefSchema>;

/**
 * A credential store: core's `CredentialSource` (`get(broker, key)`) plus write, delete and a
 * listing that names what is stored without ever returning a value. The contract lives in
 * `@invest/broker-core` so plugins can take a store without depending on this package.
 */
export type CredentialStore = CoreCredentialStore;

/** Sorts refs by broker then key, so listings are stable. */
export function sortRefs(refs: CredentialRef[]): CredentialRef[] {
  return refs.sort((a, b) => (a.broker === b.broker ? cmp(a.key, b.key) : cmp(a.broker, b.broker)));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Validates a `(broker, key)` pair at the edge of every store, so a bad name fails with a
 * `ConfigError` naming the part instead of producing an entry no one can find again.
 */
export function checkRef(broker: string, key: string): CredentialRef {
  const parsed = CredentialRefSchema.safeParse({ broker, key });
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = String(issue?.path[0] ?? 'broker');
  throw new ConfigError(`credential ${field} ${issue?.message ?? 'is invalid'}`, { path: field });
}
