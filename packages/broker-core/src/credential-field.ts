import { isBrokerError } from './errors/broker-error.ts';
import { AuthenticationError } from './errors/subclasses.ts';
import type { CredentialSource } from './plugin.ts';

/** Which credential of which plugin instance, and where the user may put it. */
export interface CredentialFieldRequest {
  /** Broker type, named in the error. */
  broker: string;
  /** Instance name the store keeps the field under. */
  name: string;
  /** The field (`apiKey`, `clientId`): its key in the store and in the config. */
  field: string;
  /** The value the config gives, if any; an empty string counts as none. */
  given: string | undefined;
  /** Environment variable of the field, named in the error (default the field's name). */
  env?: string | undefined;
}

/**
 * One credential of a plugin instance: the config's value where given, else the one the credential
 * store keeps under the instance name. Missing (or empty) in both is an `AuthenticationError`
 * (outcome denied) naming the environment variable and `invest set-creds NAME`; a store that
 * fails to read is one too, with the store's error as `cause` (a `BrokerError` from the store
 * passes through as it is).
 *
 * @example
 * ```ts
 * const apiKey = await resolveCredentialField({ broker: 'alpaca', name: ctx.name, field: 'apiKey', given: config.apiKey, env: 'ALPACA_API_KEY' }, ctx.credentials)
 * ```
 */
export async function resolveCredentialField(request: CredentialFieldRequest, store: CredentialSource | undefined): Promise<string> {
  const { broker, name, field, given } = request;
  if (given !== undefined && given !== '') return given;
  let stored: string | undefined;
  try {
    stored = await store?.get(name, field);
  } catch (cause) {
    if (isBrokerError(cause)) throw cause;
    throw new AuthenticationError(`${broker} (${name}): the credential store could not be read for ${field}`, { broker, outcome: 'denied', cause });
  }
  if (stored !== undefined && stored !== '') return stored;
  throw new AuthenticationError(`${broker} (${name}): no ${field}: set ${request.env ?? field} or store it with \`invest set-creds ${name}\``, { broker, outcome: 'denied' });
}
