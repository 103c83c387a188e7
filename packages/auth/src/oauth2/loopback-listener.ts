import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { AuthenticationError, ConfigError } from '@invest/broker-core';
import { parseRedirect } from './redirect.ts';

/** The loopback address the listener binds: IPv4 loopback only, never all interfaces. */
export const LOOPBACK_HOST = '127.0.0.1';

export interface LoopbackListenerOptions {
  /** The `state` of the login; a redirect carrying another one is refused. */
  state: string;
  /** Port to bind; 0 (default) takes an ephemeral one. Providers with a registered redirect URI need the registered port. */
  port?: number;
  /** Callback path; default `/callback`. Use `/` for a redirect URI registered without a path. */
  path?: string;
  /** Give up after this long; default 5 minutes. */
  timeoutMs?: number;
  /** Serve HTTPS with this key and certificate (Schwab accepts only `https://` redirect URIs). */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** Aborting stops the listener and rejects `result`. */
  signal?: AbortSignal;
  /** Broker type for errors. */
  broker?: string;
}

export interface LoopbackListener {
  /** The redirect URI to put in the authorization URL, e.g. `http://127.0.0.1:53123/callback`. */
  redirectUri: string;
  /** The bound address (always 127.0.0.1). */
  address: AddressInfo;
  /** The code of the one redirect accepted. The listener is closed once this settles. */
  result: Promise<{ code: string }>;
  /** Stops listening (rejects `result` if it has not settled). */
  close(): Promise<void>;
}

const page = (title: string, text: string): string =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${text}</p></body></html>`;

/**
 * Listens on 127.0.0.1 for the provider's redirect at the end of a browser login, accepts
 * exactly one redirect whose `state` matches, answers a small page, and closes. Requests for
 * other paths get 404 and the listener keeps waiting; a redirect with a wrong `state` or an
 * `error` is refused and ends the login. The `Host` header must name the loopback address, so a
 * web page cannot reach it through DNS rebinding.
 *
 * @example
 * ```ts
 * const listener = await startLoopbackListener({ state: request.state })
 * const { code } = await listener.result
 * ```
 */
export async function startLoopbackListener(options: LoopbackListenerOptions): Promise<LoopbackListener> {
  const path = options.path ?? '/callback';
  if (!path.startsWith('/')) throw new ConfigError('loopback listener path must start with /', { path: 'path' });
  const broker = options.broker ?? 'invest';
  const scheme = options.tls ? 'https' : 'http';
  let settle: { resolve: (v: { code: string }) => void; reject: (e: unknown) => void } | undefined;
  const result = new Promise<{ code: string }>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // The caller may attach its handler later; never let an early refusal become an unhandled rejection.
  result.catch(() => undefined);
  let done = false;
  let timer: NodeJS.Timeout | undefined;

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const port = (server.address() as AddressInfo | null)?.port;
    const host = req.headers.host ?? '';
    if (done || (host !== `${LOOPBACK_HOST}:${port}` && host !== `localhost:${port}`)) {
      respond(res, 400, page('Bad request', 'This address only serves a login redirect.'));
      return;
    }
    const url = new URL(req.url ?? '/', `${scheme}://${host}`);
    if (req.method !== 'GET' || url.pathname !== path) {
      respond(res, 404, page('Not found', 'Nothing here.'));
      return;
    }
    if (!url.searchParams.has('code') && !url.searchParams.has('error')) {
      respond(res, 400, page('Waiting for login', 'This is not a login redirect.'));
      return;
    }
    try {
      const { code } = parseRedirect(url, { state: options.state, broker });
      finish(res, 200, page('Login complete', 'You can close this tab and return to the terminal.'), () => settle?.resolve({ code }));
    } catch (error) {
      finish(res, 400, page('Login failed', 'The redirect was refused. Return to the terminal and start the login again.'), () => settle?.reject(error));
    }
  };

  const server: Server = options.tls ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, handler) : createHttpServer(handler);

  const shutdown = async (): Promise<void> => {
    if (timer) clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  };

  /** Sends the answer, then stops accepting connections and settles the result. */
  function finish(res: ServerResponse, status: number, html: string, then: () => void): void {
    done = true;
    res.on('finish', () => void shutdown().then(then));
    respond(res, status, html);
  }

  function onAbort(): void {
    if (done) return;
    done = true;
    void shutdown().then(() => settle?.reject(new AuthenticationError('login cancelled', { broker, cause: options.signal?.reason })));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new ConfigError(`cannot listen on ${LOOPBACK_HOST}:${options.port ?? 0} (${error.code ?? error.name}); choose another port`, { path: 'port', cause: error })),
    );
    server.listen({ host: LOOPBACK_HOST, port: options.port ?? 0, exclusive: true }, () => resolve());
  });
  const address = server.address() as AddressInfo;

  const timeoutMs = options.timeoutMs ?? 5 * 60_000;
  timer = setTimeout(() => {
    if (done) return;
    done = true;
    void shutdown().then(() => settle?.reject(new AuthenticationError(`no login redirect arrived within ${Math.round(timeoutMs / 1000)} s`, { broker })));
  }, timeoutMs);
  timer.unref();
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });

  return {
    redirectUri: `${scheme}://${LOOPBACK_HOST}:${address.port}${path}`,
    address: { ...address },
    result,
    close: async () => {
      if (!done) {
        done = true;
        settle?.reject(new AuthenticationError('login listener closed before a redirect arrived', { broker }));
      }
      if (server.listening) await shutdown();
    },
  };
}

function respond(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    connection: 'close',
  });
  res.end(html);
}
