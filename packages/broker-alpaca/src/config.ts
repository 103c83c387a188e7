import { isLocalMachineHost, normalizeEndpoint, paperUrlProblem, type EnvMap } from '@invest/broker-core';
import { z } from 'zod';
import { AlpacaFeed } from './schemas/market-data.ts';

/** Alpaca's published hosts. Paper and live differ only in the trading host and stream. */
export const ALPACA_ENDPOINTS = {
  trading: { paper: 'https://paper-api.alpaca.markets', live: 'https://api.alpaca.markets' },
  stream: { paper: 'wss://paper-api.alpaca.markets/stream', live: 'wss://api.alpaca.markets/stream' },
  data: 'https://data.alpaca.markets',
} as const;

/** Environment variables the plugin reads (the names of the original Python toolkit). */
export const ALPACA_ENV_NAMES = {
  apiKey: 'ALPACA_API_KEY',
  secretKey: 'ALPACA_SECRET_KEY',
  paper: 'ALPACA_PAPER_TRADING',
} as const;

/** An absolute URL with one of `schemes`, or the plain variant on loopback only (local fakes). */
function endpointUrl(secure: string, plain: string) {
  return z.string().refine(
    (value) => {
      try {
        const url = new URL(value);
        return url.protocol === secure || (url.protocol === plain && isLocalMachineHost(url.hostname));
      } catch {
        return false;
      }
    },
    { error: `must be an absolute ${secure}// URL (${plain}// only on loopback)` },
  );
}

/** Hosts of Alpaca's paper environment: with paper on, the trading and stream URLs must be one of these or loopback. */
export const ALPACA_PAPER_HOSTS: readonly string[] = ['paper-api.alpaca.markets'];

/**
 * Configuration of one Alpaca account. Paper trading unless `paper: false` is set explicitly;
 * keys may be left out here and read from the credential store (`invest set-creds`).
 */
export const AlpacaConfigSchema = z
  .strictObject({
    /** API key id (`APCA-API-KEY-ID`). */
    apiKey: z.string().trim().min(1).optional(),
    /** API secret key (`APCA-API-SECRET-KEY`). */
    secretKey: z.string().min(1).optional(),
    /** Paper trading (default). Live trading needs `paper: false`, written out. */
    paper: z.boolean({ error: 'must be true or false' }).default(true),
    /** Trading API base URL override; by default the paper or live host. */
    baseUrl: endpointUrl('https:', 'http:').optional(),
    /** Market Data API base URL override. */
    dataUrl: endpointUrl('https:', 'http:').optional(),
    /** trade_updates websocket URL override; by default derived from the trading host (`/stream`). */
    streamUrl: endpointUrl('wss:', 'ws:').optional(),
    /** Open the trade_updates stream on `connect()` (order and fill events without polling). */
    streaming: z.boolean().default(true),
    /** Stock data feed for quotes; `iex` works on every plan. */
    feed: AlpacaFeed.default('iex'),
    /** Request budget per minute for this API key, shared by every instance using it (200 on the free plan). */
    rateLimitPerMinute: z.number().int().min(1).max(1_000_000).default(200),
    /** Per-request timeout in ms. */
    timeoutMs: z.number().int().min(50).max(120_000).default(10_000),
  })
  .superRefine((config, ctx) => {
    // An allowlist, not a list of live hosts: `api.alpaca.markets.` or a proxy in front of the
    // live host must not pass as paper. The market data host is the same for both; not checked.
    for (const field of ['baseUrl', 'streamUrl'] as const) {
      const value = config[field];
      if (value === undefined) continue;
      if (config.paper) {
        const problem = paperUrlProblem(value, { allowed: ALPACA_PAPER_HOSTS, field, broker: 'alpaca' });
        if (problem !== undefined) ctx.addIssue({ code: 'custom', path: [field], message: problem });
      } else {
        let host: string;
        try {
          host = normalizeEndpoint(value).host;
        } catch (error) {
          ctx.addIssue({ code: 'custom', path: [field], message: (error as Error).message });
          continue;
        }
        if (ALPACA_PAPER_HOSTS.includes(host)) ctx.addIssue({ code: 'custom', path: [field], message: `is Alpaca's paper host while paper is false` });
      }
    }
  });

/** A validated configuration (defaults applied). */
export type AlpacaConfig = z.output<typeof AlpacaConfigSchema>;
/** What a caller may write (defaults optional). */
export type AlpacaConfigInput = z.input<typeof AlpacaConfigSchema>;

/** `ALPACA_PAPER_TRADING` values, case-insensitive. Anything else is passed on and refused by the schema. */
const BOOLEAN_WORDS: Readonly<Record<string, boolean>> = { true: true, '1': true, yes: true, false: false, '0': false, no: false };

/**
 * Builds a config input from environment variables. Empty variables count as unset. The result
 * is not validated yet (the registry validates it with `AlpacaConfigSchema`).
 *
 * @example
 * ```ts
 * alpacaConfigFromEnv({ ALPACA_API_KEY: 'PK...', ALPACA_SECRET_KEY: '...', ALPACA_PAPER_TRADING: 'false' })
 * // { apiKey: 'PK...', secretKey: '...', paper: false }
 * ```
 */
export function alpacaConfigFromEnv(env: EnvMap): Record<string, unknown> {
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const config: Record<string, unknown> = {};
  const apiKey = read(ALPACA_ENV_NAMES.apiKey);
  const secretKey = read(ALPACA_ENV_NAMES.secretKey);
  const paper = read(ALPACA_ENV_NAMES.paper);
  if (apiKey !== undefined) config.apiKey = apiKey;
  if (secretKey !== undefined) config.secretKey = secretKey;
  if (paper !== undefined) config.paper = BOOLEAN_WORDS[paper.toLowerCase()] ?? paper;
  return config;
}

/** The three URLs one configured account talks to. */
export interface AlpacaEndpoints {
  trading: string;
  data: string;
  stream: string;
}

/**
 * The endpoints for a config: the paper hosts unless `paper` is false, overrides where given;
 * the stream URL follows the trading URL (`https://host` -> `wss://host/stream`).
 *
 * @example
 * ```ts
 * alpacaEndpoints(AlpacaConfigSchema.parse({})).trading // 'https://paper-api.alpaca.markets'
 * ```
 */
export function alpacaEndpoints(config: AlpacaConfig): AlpacaEndpoints {
  const environment = config.paper ? 'paper' : 'live';
  const trading = config.baseUrl ?? ALPACA_ENDPOINTS.trading[environment];
  let stream = config.streamUrl;
  if (stream === undefined) {
    if (config.baseUrl === undefined) {
      stream = ALPACA_ENDPOINTS.stream[environment];
    } else {
      const url = new URL(config.baseUrl);
      url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
      url.pathname = `${url.pathname.replace(/\/+$/, '')}/stream`;
      stream = url.href;
    }
  }
  return { trading: trading.replace(/\/+$/, ''), data: (config.dataUrl ?? ALPACA_ENDPOINTS.data).replace(/\/+$/, ''), stream };
}
