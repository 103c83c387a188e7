import { isLocalMachineHost, type EnvMap } from '@invest/broker-core';
import { z } from 'zod';

/** TWS and IB Gateway's default API ports (Global Configuration > API > Settings). */
export const IBKR_PORTS = {
  tws: { paper: 7497, live: 7496 },
  gateway: { paper: 4002, live: 4001 },
} as const;

/** Ports that reach a live account: refused while `paper` is on. */
export const IBKR_LIVE_PORTS: readonly number[] = [IBKR_PORTS.tws.live, IBKR_PORTS.gateway.live];
/** Ports of the paper login: refused with `paper: false` (the live setting must reach a live login). */
export const IBKR_PAPER_PORTS: readonly number[] = [IBKR_PORTS.tws.paper, IBKR_PORTS.gateway.paper];

/** Environment variables the plugin reads (the original's names, plus the account and paper switch). */
export const IBKR_ENV_NAMES = {
  host: 'IBKR_HOST',
  port: 'IBKR_PORT',
  clientId: 'IBKR_CLIENT_ID',
  account: 'IBKR_ACCOUNT',
  paper: 'IBKR_PAPER_TRADING',
} as const;

/** A host name or IP address, without scheme or port (TWS is reached by host and port, not URL). */
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[?[0-9A-Fa-f:]+\]?)$/;

/** Reconnect timing after a drop or the daily TWS restart: doubling delays up to a ceiling. */
const ReconnectSchema = z.strictObject({
  /** First wait after a drop. */
  initialDelayMs: z.number().int().min(10).max(60_000).default(500),
  /** Longest wait between attempts. */
  maxDelayMs: z.number().int().min(10).max(600_000).default(30_000),
});

/**
 * Configuration of one IBKR connection (TWS or IB Gateway, one API client id). Paper unless
 * `paper: false` is written out; with paper on, a live port (7496, 4001) is refused.
 */
export const IbkrConfigSchema = z
  .strictObject({
    /** Paper trading (default). Live trading needs `paper: false`, written out. */
    paper: z.boolean({ error: 'must be true or false' }).default(true),
    /** Where TWS / IB Gateway runs. Loopback unless written here (TWS only accepts trusted IPs). */
    host: z.string().trim().regex(HOST, { error: 'must be a host name or IP address (no scheme, no port)' }).default('127.0.0.1'),
    /** API port; by default TWS's paper port 7497, or 7496 with `paper: false`. */
    port: z.number().int().min(1).max(65_535).optional(),
    /** API client id; each connection to one TWS needs its own. */
    clientId: z.number().int().min(0).max(2_147_483_647).default(1),
    /** Account to trade when the login manages several (`managedAccounts`); optional with one. */
    account: z.string().trim().min(1).max(32).optional(),
    /** Wait for the handshake, `nextValidId` and `managedAccounts`. */
    connectTimeoutMs: z.number().int().min(50).max(120_000).default(10_000),
    /** Wait for the answer to one request (positions, account, executions, a placed order's first echo). */
    requestTimeoutMs: z.number().int().min(50).max(120_000).default(10_000),
    /** Messages per second sent on this connection; IB's limit is 50; 40 leaves room for messages a stall on either side delivers together. */
    messagesPerSecond: z.number().int().min(1).max(50).default(40),
    /** Ask for delayed quotes when the account has no live data subscription. */
    delayedData: z.boolean().default(true),
    reconnect: ReconnectSchema.default({ initialDelayMs: 500, maxDelayMs: 30_000 }),
  })
  .superRefine((config, ctx) => {
    const port = config.port;
    if (port === undefined) return;
    if (config.paper && IBKR_LIVE_PORTS.includes(port)) {
      ctx.addIssue({ code: 'custom', path: ['port'], message: `is ${port}, a live trading port (TWS 7496, IB Gateway 4001); use the paper port (7497 or 4002) or set paper_trading: false to trade real money` });
    }
    if (!config.paper && IBKR_PAPER_PORTS.includes(port)) {
      ctx.addIssue({ code: 'custom', path: ['port'], message: `is ${port}, a paper trading port, while paper is false` });
    }
  });

/** A validated configuration (defaults applied). */
export type IbkrConfig = z.output<typeof IbkrConfigSchema>;
/** What a caller may write (defaults optional). */
export type IbkrConfigInput = z.input<typeof IbkrConfigSchema>;

/**
 * The port a config connects to: the one written, else TWS's paper or live default.
 *
 * @example
 * ```ts
 * ibkrPort(IbkrConfigSchema.parse({})) // 7497
 * ibkrPort(IbkrConfigSchema.parse({ paper: false })) // 7496
 * ```
 */
export function ibkrPort(config: IbkrConfig): number {
  return config.port ?? (config.paper ? IBKR_PORTS.tws.paper : IBKR_PORTS.tws.live);
}

/**
 * True when the host is this machine (the only place a paper TWS is known to be). The TWS socket
 * is plain TCP, so a `.test` name (which may resolve anywhere) does not count; an IPv6 address
 * may be written with or without brackets.
 *
 * @example
 * ```ts
 * isLocalTws(IbkrConfigSchema.parse({})) // true
 * ```
 */
export function isLocalTws(config: IbkrConfig): boolean {
  const host = config.host.includes(':') && !config.host.startsWith('[') ? `[${config.host}]` : config.host;
  return isLocalMachineHost(host);
}

const BOOLEAN_WORDS: Readonly<Record<string, boolean>> = { true: true, '1': true, yes: true, false: false, '0': false, no: false };

/**
 * Builds a config input from environment variables (`IBKR_HOST`, `IBKR_PORT`, `IBKR_CLIENT_ID`,
 * `IBKR_ACCOUNT`, `IBKR_PAPER_TRADING`). Empty variables count as unset; numbers that do not
 * read as numbers are passed on as text so the schema names them.
 *
 * @example
 * ```ts
 * ibkrConfigFromEnv({ IBKR_HOST: '127.0.0.1', IBKR_PORT: '7497', IBKR_CLIENT_ID: '1' })
 * // { host: '127.0.0.1', port: 7497, clientId: 1 }
 * ```
 */
export function ibkrConfigFromEnv(env: EnvMap): Record<string, unknown> {
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const integer = (text: string): number | string => (/^\d+$/.test(text) ? Number(text) : text);
  const config: Record<string, unknown> = {};
  const host = read(IBKR_ENV_NAMES.host);
  const port = read(IBKR_ENV_NAMES.port);
  const clientId = read(IBKR_ENV_NAMES.clientId);
  const account = read(IBKR_ENV_NAMES.account);
  const paper = read(IBKR_ENV_NAMES.paper);
  if (host !== undefined) config.host = host;
  if (port !== undefined) config.port = integer(port);
  if (clientId !== undefined) config.clientId = integer(clientId);
  if (account !== undefined) config.account = account;
  if (paper !== undefined) config.paper = BOOLEAN_WORDS[paper.toLowerCase()] ?? paper;
  return config;
}
