import { resolveCredentialField, type CredentialSource } from '@invest/broker-core';

/** The OAuth client (app) an adapter logs in as. */
export interface OAuthClientCredentials {
  clientId: string;
  clientSecret?: string;
}

/** Where each client field may come from, for the error that says where to put it. */
export interface ClientCredentialSources {
  broker: string;
  /** Instance name the store keeps the fields under. */
  name: string;
  clientId?: string | undefined;
  clientSecret?: string | undefined;
  /** Environment variable of each field, named in the error. */
  env: { clientId: string; clientSecret?: string };
  /** Whether the provider needs a secret (Schwab) or is a public client (TD). */
  needsSecret: boolean;
}

/**
 * The OAuth client id (and secret where the provider needs one): from the config where given,
 * else from the credential store under the instance name (`clientId`, `clientSecret`). A missing
 * one is an `AuthenticationError` naming the variable and `invest set-creds NAME` (outcome denied).
 *
 * @example
 * ```ts
 * const client = await resolveClientCredentials({ broker: 'schwab', name, clientId: config.clientId, env: { clientId: 'SCHWAB_CLIENT_ID' }, needsSecret: true }, ctx.credentials)
 * ```
 */
export async function resolveClientCredentials(given: ClientCredentialSources, store: CredentialSource | undefined): Promise<OAuthClientCredentials> {
  const read = (field: 'clientId' | 'clientSecret'): Promise<string> =>
    resolveCredentialField({ broker: given.broker, name: given.name, field, given: given[field], env: given.env[field] }, store);
  const clientId = await read('clientId');
  if (!given.needsSecret) return { clientId };
  const clientSecret = await read('clientSecret');
  return { clientId, clientSecret };
}
