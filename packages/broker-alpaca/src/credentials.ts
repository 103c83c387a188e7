import { AuthenticationError, isBrokerError, type CredentialSource } from '@invest/broker-core';
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
  const read = async (field: 'apiKey' | 'secretKey'): Promise<string> => {
    const fromConfig = given[field];
    if (fromConfig !== undefined && fromConfig !== '') return fromConfig;
    let stored: string | undefined;
    try {
      stored = await store?.get(name, field);
    } catch (cause) {
      if (isBrokerError(cause)) throw cause;
      throw new AuthenticationError(`alpaca (${name}): the credential store could not be read for ${field}`, { broker: 'alpaca', outcome: 'denied', cause });
    }
    if (stored !== undefined && stored !== '') return stored;
    throw new AuthenticationError(
      `alpaca (${name}): no ${field}: set ${ALPACA_ENV_NAMES[field]} or store it with \`invest set-creds ${name}\``,
      { broker: 'alpaca', outcome: 'denied' },
    );
  };
  return { apiKey: await read('apiKey'), secretKey: await read('secretKey') };
}
