import { OAuth1Client, OAuth1SessionManager, etradeOAuth1Provider } from '@invest/auth';
import { parseConfig, Redactor, type LoginContext } from '@invest/broker-core';
import { EtradeConfigSchema, etradeEndpoints, type EtradeConfig } from './config.ts';
import { resolveEtradeConsumer } from './credentials.ts';

/** Options for tests and embedders: the fetch the token steps use. */
export interface EtradeLoginOptions {
  fetch?: typeof globalThis.fetch;
}

/**
 * E*TRADE's OAuth 1.0a login, as `invest auth login NAME` runs it: request token
 * (`oauth_callback=oob`), the authorize URL with the consumer key for the person to open, the
 * verifier they paste back, the access token saved in `ctx.store` under the instance name. The
 * consumer key pair comes from the config or the store (`invest set-creds NAME`). The token works
 * until midnight US/Eastern; after 2 hours idle the adapter renews it.
 *
 * @example
 * ```ts
 * await etradeLogin(config, { name: 'etrade-main', store, prompt, print, clock: systemClock, logger })
 * ```
 */
export async function etradeLogin(given: EtradeConfig, ctx: LoginContext, options: EtradeLoginOptions = {}): Promise<{ message: string }> {
  // Parsed again (a no-op on a parsed config): a caller's raw settings must never fall through to
  // production because `paper` was left out.
  const config = parseConfig(EtradeConfigSchema, given, ctx.name, 'etrade');
  const consumer = await resolveEtradeConsumer(config, ctx.name, ctx.store);
  const endpoints = etradeEndpoints(config);
  const client = new OAuth1Client({
    provider: etradeOAuth1Provider(config.paper ? 'sandbox' : 'production', { oauthHost: endpoints.oauth }),
    consumerKey: consumer.consumerKey,
    consumerSecret: consumer.consumerSecret,
    clock: ctx.clock,
    redactor: new Redactor(),
    loginCommand: `invest auth login ${ctx.name}`,
    timeoutMs: config.timeoutMs,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const session = new OAuth1SessionManager({ client, store: ctx.store, broker: ctx.name, clock: ctx.clock, logger: ctx.logger });
  const saved = await session.login(async (url) => {
    ctx.print(`Open this page, sign in to E*TRADE${config.paper ? ' (sandbox)' : ''} and accept:\n  ${url}`);
    return ctx.prompt('Verification code shown by E*TRADE');
  });
  const until = saved.expiresAt === undefined ? '' : ` until ${new Date(saved.expiresAt).toISOString()} (midnight US/Eastern)`;
  return { message: `Logged in to ${ctx.name} (E*TRADE ${config.paper ? 'sandbox' : 'production'}); the access token is stored${until}.` };
}
