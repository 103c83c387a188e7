import { resolveCredentialField, type CredentialSource } from '@invest/broker-core';
import { ALPACA_ENV_NAMES } from './config.ts';

/** The key pair every Alpaca request carries. */
export interface AlpacaKeys {
  apiKey: string;
  secretKey: string;
}

/**
 * The key pair: from the config where given, else from the credential store under the instance
 * name (`invest set-creds NAME`). A missing key is an `AuthenticationError` naming where to put
 * it (outcome denied: nothing was sent). Values never appear in a message.
 *
 * @example
 * ```ts
 * const keys = await resolveAlpacaKeys({ apiKey: config.apiKey, secretKey: config.secretKey }, 'alpaca-main', ctx.credentials)
 * ```
 */
export async function resolveAlpacaKeys(
  given: { apiKey?: string | undefined; secretKey?: string | undefined },
  name: string,
  store: CredentialSource | undefined,
): Promise<AlpacaKeys> {
  const read = (field: 'apiKey' | 'secretKey'): Promise<string> =>
    resolveCredentialField({ broker: 'alpaca', name, field, given: given[field], env: ALPACA_ENV_NAMES[field] }, store);
  return { apiKey: await read('apiKey'), secretKey: await read('secretKey') };
}
