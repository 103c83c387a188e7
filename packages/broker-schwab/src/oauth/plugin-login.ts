import { loginManually, loginWithLoopback, OAuth2TokenClient, OAuth2TokenManager, type OAuth2Provider } from '@invest/auth';
import { Redactor, type LoginContext } from '@invest/broker-core';

/** What an OAuth 2.0 plugin's `login` needs besides the host's context. */
export interface OAuthLoginOptions {
  provider: OAuth2Provider;
  /** From the config; else read from the store, else asked for (and stored). */
  clientId?: string | undefined;
  clientSecret?: string | undefined;
  /** Whether the provider needs a client secret (Schwab) or is a public client (TD). */
  needsSecret: boolean;
  /** The redirect URI registered with the app. */
  redirectUri: string;
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
}

/** `http://127.0.0.1:PORT/path` (or localhost): a redirect this machine can listen for without a certificate. */
function loopbackTarget(redirectUri: string): { port: number; path: string } | undefined {
  const url = new URL(redirectUri);
  if (url.protocol !== 'http:' || (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost')) return undefined;
  return { port: Number(url.port || 80), path: url.pathname || '/' };
}

async function field(ctx: LoginContext, key: 'clientId' | 'clientSecret', given: string | undefined, label: string): Promise<string> {
  if (given !== undefined && given !== '') return given;
  const stored = await ctx.store.get(ctx.name, key);
  if (stored !== undefined && stored !== '') return stored;
  const answer = (await ctx.prompt(label, { secret: key === 'clientSecret' })).trim();
  await ctx.store.set(ctx.name, key, answer);
  return answer;
}

/**
 * The interactive OAuth 2.0 login of Schwab and TD (`invest auth login NAME`): the app's client id
 * (and secret) from the config, the store or a prompt; then the browser login. With an
 * `http://127.0.0.1:PORT/...` redirect URI a one-shot loopback listener catches the redirect; with
 * any other (Schwab registers `https://` ones) the URL is printed and the user pastes the address
 * the browser was sent to, as the original's `authenticate_manually` / `complete_authentication`.
 * The tokens land in `ctx.store`; no token or secret is printed.
 *
 * @example
 * ```ts
 * await runOAuthLogin({ provider: schwabOAuth2Provider(), needsSecret: true, redirectUri: 'https://127.0.0.1:8182' }, ctx)
 * ```
 */
export async function runOAuthLogin(options: OAuthLoginOptions, ctx: LoginContext): Promise<{ message: string }> {
  const clientId = await field(ctx, 'clientId', options.clientId, 'App key (OAuth client id)');
  const clientSecret = options.needsSecret ? await field(ctx, 'clientSecret', options.clientSecret, 'App secret') : undefined;
  const redactor = new Redactor();
  redactor.add(clientSecret);
  const client = new OAuth2TokenClient({
    provider: options.provider,
    clientId,
    ...(clientSecret !== undefined ? { clientSecret } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    redactor,
  });
  const tokens = new OAuth2TokenManager({ client, store: ctx.store, broker: ctx.name, clock: ctx.clock, logger: ctx.logger });
  const loopback = loopbackTarget(options.redirectUri);
  const status = loopback
    ? await loginWithLoopback({ tokens, port: loopback.port, path: loopback.path, open: (url) => ctx.print(`Open this URL in a browser and log in:\n${url}`) })
    : await loginManually({
        tokens,
        redirectUri: options.redirectUri,
        prompt: async (url) => {
          ctx.print(`Open this URL in a browser and log in:\n${url}\nThe browser is then sent to ${options.redirectUri} (the page may not load; that is fine).`);
          return ctx.prompt('Paste the full address the browser was sent to');
        },
      });
  const until = status.refreshTokenExpiresAt !== undefined ? `; log in again before ${new Date(status.refreshTokenExpiresAt).toISOString()}` : '';
  return { message: `Logged in to ${ctx.name} (${options.provider.name})${until}.` };
}
