import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HistorySource, PortfolioSource } from '../model/portfolio-source.ts';
import type { PortfolioSnapshot } from '../model/snapshot.ts';
import { readSnapshot } from '../model/read-snapshot.ts';
import { LiveFeed } from './live-feed.ts';
import { loadPageAssets, pageAssetsDir } from './page-assets.ts';
import { pageHtml } from './page-html.ts';
import { guardRequest } from './request-guard.ts';
import { SECURITY_HEADERS } from './security-headers.ts';

export interface DashboardOptions {
  /** The accounts (a `MultiBrokerManager`, or anything with its read methods). */
  source: PortfolioSource;
  /** Equity over time. Without one the chart says there is no history. */
  history?: HistorySource;
  /** Told of every snapshot read (e.g. `ObservedHistory.record`). */
  onSnapshot?: (snapshot: PortfolioSnapshot) => void;
  /** 0 (default): a free port. */
  port?: number;
  /** How often accounts are read for changes made elsewhere. Default 500 ms. */
  pollMs?: number;
  /** Where the built page is (default: the package's own `dist/assets`). */
  assetsDir?: string;
  /** Applied to every error message the page shows (see `readSnapshot`). */
  redact?: (text: string) => string;
}

/** A running dashboard. */
export interface Dashboard {
  /** `http://127.0.0.1:PORT/?token=...`: the only URL it answers. */
  readonly url: string;
  readonly port: number;
  /** Stops serving and reading (open pages see the stream end). */
  close(): Promise<void>;
}

/** Server-sent events: the browser reconnects this soon after the stream drops. */
const RETRY_MS = 500;
const HEARTBEAT_MS = 15_000;

type Route = (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>;

const send = (res: ServerResponse, status: number, type: string, body: string | Buffer): void => {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(res.req.method === 'HEAD' ? undefined : body);
};
const json = (res: ServerResponse, value: unknown): void => send(res, 200, 'application/json; charset=utf-8', JSON.stringify(value));

function dateParam(url: URL, name: string): Date | undefined {
  const text = url.searchParams.get(name);
  if (text === null || text === '') return undefined;
  const d = new Date(/^\d+$/.test(text) ? Number(text) : text);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/**
 * Serves the dashboard on 127.0.0.1: the page, its bundled script and stylesheet, the portfolio
 * as JSON, the equity history and a stream of changes (server-sent events). Every request needs
 * this run's random token and the printed `Host` (403 otherwise); only GET and HEAD are answered.
 * It reads accounts and never changes anything.
 *
 * @example
 * ```ts
 * const dashboard = await startDashboard({ source: manager })
 * console.log(dashboard.url) // http://127.0.0.1:43127/?token=5c1e...
 * await dashboard.close()
 * ```
 */
export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const assets = await loadPageAssets(options.assetsDir ?? pageAssetsDir());
  const token = randomBytes(24).toString('hex');
  const html = pageHtml(token);
  const feed = new LiveFeed(options.source, {
    ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
    ...(options.onSnapshot ? { onSnapshot: options.onSnapshot } : {}),
    ...(options.redact ? { read: (source) => readSnapshot(source, { redact: options.redact! }) } : {}),
  });
  const streams = new Set<ServerResponse>();
  let host = '';

  const routes: Record<string, Route> = {
    '/': (_req, res) => send(res, 200, 'text/html; charset=utf-8', html),
    '/assets/page.js': (_req, res) => send(res, 200, 'text/javascript; charset=utf-8', assets.script),
    '/assets/page.css': (_req, res) => send(res, 200, 'text/css; charset=utf-8', assets.style),
    '/api/snapshot': async (_req, res) => json(res, await feed.current()),
    '/api/history': async (_req, res, url) => {
      const broker = url.searchParams.get('broker');
      const from = dateParam(url, 'from');
      const to = dateParam(url, 'to');
      const rows = options.history ? await options.history.history({ ...(from ? { from } : {}), ...(to ? { to } : {}), ...(broker ? { broker } : {}) }) : [];
      json(res, { rows, stored: options.history !== undefined });
    },
    '/api/events': async (req, res) => {
      res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream; charset=utf-8', connection: 'keep-alive' });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      res.write(`retry: ${RETRY_MS}\n\n`);
      const push = (s: PortfolioSnapshot): void => void res.write(`event: snapshot\ndata: ${JSON.stringify(s)}\n\n`);
      streams.add(res);
      const stop = feed.subscribe(push);
      const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
      req.on('close', () => {
        clearInterval(heartbeat);
        stop();
        streams.delete(res);
      });
      push(await feed.current());
    },
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://invalid');
    const refused = guardRequest(req, url, { token, host });
    if (refused) {
      send(res, refused.status, 'text/plain; charset=utf-8', `${refused.status === 403 ? 'Forbidden' : 'Method not allowed'}: ${refused.reason}\n`);
      return;
    }
    const route = Object.hasOwn(routes, url.pathname) ? routes[url.pathname] : undefined;
    if (!route) {
      send(res, 404, 'text/plain; charset=utf-8', 'Not found\n');
      return;
    }
    Promise.resolve(route(req, res, url)).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', `Error: ${error instanceof Error ? error.message : String(error)}\n`);
      else res.end();
    });
  });
  // Loopback only: nothing off this computer can connect.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  host = `127.0.0.1:${port}`;
  feed.start();
  return {
    url: `http://${host}/?token=${token}`,
    port,
    close: async () => {
      feed.stop();
      for (const res of streams) res.end();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
