import { buildAuthorizationUrl, createState } from './authorization-url.ts';
import { startLoopbackListener, type LoopbackListenerOptions } from './loopback-listener.ts';
import { parseRedirect } from './redirect.ts';
import type { OAuth2TokenManager, TokenStatus } from './token-manager.ts';

export interface LoopbackLoginOptions extends Omit<LoopbackListenerOptions, 'state' | 'broker'> {
  tokens: OAuth2TokenManager;
  /** Shows or opens the authorization URL (print it, or open a browser). */
  open: (authorizationUrl: string) => void | Promise<void>;
  scope?: string;
  /** Override the provider's PKCE setting. */
  pkce?: boolean;
}

/**
 * Browser login: starts a one-shot listener on 127.0.0.1, hands the authorization URL to `open`,
 * waits for the redirect, exchanges the code and saves the tokens.
 *
 * @example
 * ```ts
 * await loginWithLoopback({ tokens, port: 8182, open: (url) => console.log(`Open ${url}`) })
 * ```
 */
export async function loginWithLoopback(options: LoopbackLoginOptions): Promise<TokenStatus> {
  const { tokens, open, scope, pkce, ...listen } = options;
  const provider = tokens.client.provider;
  // The state is made first so the listener can check it; the URL needs the listener's port.
  const state = createState();
  const listener = await startLoopbackListener({ ...listen, state, broker: provider.name });
  try {
    const request = buildAuthorizationUrl(provider, {
      clientId: tokens.client.clientId,
      redirectUri: listener.redirectUri,
      state,
      ...(scope !== undefined ? { scope } : {}),
      ...(pkce !== undefined ? { pkce } : {}),
    });
    await open(request.url);
    const { code } = await listener.result;
    return await tokens.completeLogin({ code, redirectUri: request.redirectUri, ...(request.codeVerifier ? { codeVerifier: request.codeVerifier } : {}) });
  } finally {
    await listener.close();
  }
}

export interface ManualLoginOptions {
  tokens: OAuth2TokenManager;
  /** The redirect URI registered with the provider (e.g. `https://127.0.0.1`). */
  redirectUri: string;
  /**
   * Shows the authorization URL and resolves to the URL the browser was redirected to, pasted by
   * the user (the page itself may fail to load: only its address matters).
   */
  prompt: (authorizationUrl: string) => Promise<string>;
  scope?: string;
  pkce?: boolean;
}

/**
 * Login for a machine without a browser: print the URL, let the user log in anywhere, paste the
 * redirect URL back. The pasted URL's `state` is checked before the code is exchanged.
 *
 * @example
 * ```ts
 * await loginManually({ tokens, redirectUri: 'https://127.0.0.1', prompt: async (url) => rl.question(`Open ${url}\nPaste the redirect URL: `) })
 * ```
 */
export async function loginManually(options: ManualLoginOptions): Promise<TokenStatus> {
  const { tokens } = options;
  const request = buildAuthorizationUrl(tokens.client.provider, {
    clientId: tokens.client.clientId,
    redirectUri: options.redirectUri,
    ...(options.scope !== undefined ? { scope: options.scope } : {}),
    ...(options.pkce !== undefined ? { pkce: options.pkce } : {}),
  });
  const pasted = await options.prompt(request.url);
  const { code } = parseRedirect(pasted, { state: request.state, broker: tokens.client.provider.name });
  return tokens.completeLogin({ code, redirectUri: request.redirectUri, ...(request.codeVerifier ? { codeVerifier: request.codeVerifier } : {}) });
}
