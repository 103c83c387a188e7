import { ConfigError } from '../errors/subclasses.ts';

/** A URL reduced to what decides where it goes. */
export interface NormalizedEndpoint {
  /** The URL as WHATWG parses it. */
  url: URL;
  /** Lower-case host, percent-decoded, no trailing dot; IPv6 in brackets (`[::1]`). */
  host: string;
}

/** Options of `assertPaperUrl`. */
export interface PaperUrlOptions {
  /** The broker's paper (sandbox) hosts, e.g. `['paper-api.alpaca.markets']`. */
  allowed: readonly string[];
  /** The config field the URL came from (`baseUrl`), named in the error. */
  field: string;
  /** The broker type or name, named in the error. */
  broker?: string;
  /** What the user writes to trade real money; named in the error. Default `paper_trading: false`. */
  liveSetting?: string;
}

/**
 * Parses `value` with WHATWG `URL` and reduces its host to one spelling: lower case, percent
 * escapes decoded, IPv4 in dotted decimal (URL does these), trailing dots removed (`host.` is the
 * same host to DNS and to TLS). A URL with a user name or password is refused: it hides the real
 * host from a reader (`https://paper-api.alpaca.markets@api.alpaca.markets`). Default ports are
 * dropped by URL; the port never decides paper or live.
 *
 * @example
 * ```ts
 * normalizeEndpoint('HTTPS://API.Alpaca.Markets.:443/v2').host // 'api.alpaca.markets'
 * ```
 */
export function normalizeEndpoint(value: string): NormalizedEndpoint {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError('is not an absolute URL');
  }
  if (url.username !== '' || url.password !== '') throw new ConfigError('must not hold a user name or password (user@host)');
  return { url, host: url.hostname.toLowerCase().replace(/\.+$/, '') };
}

const IPV4_LOOPBACK = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/**
 * True for a host that only ever reaches this machine: 127.0.0.0/8, `[::1]`, `localhost` and names
 * under `.localhost` (RFC 6761). The one place plain `http:` / `ws:` is allowed (local fakes):
 * credentials sent there never cross a network. A URL's `hostname` is what it takes.
 *
 * @example
 * ```ts
 * isLocalMachineHost('127.0.0.1') // true
 * isLocalMachineHost('fake.test') // false: a .test name may resolve to another machine
 * ```
 */
export function isLocalMachineHost(host: string): boolean {
  const name = host.toLowerCase().replace(/\.+$/, '');
  return IPV4_LOOPBACK.test(name) || name === '[::1]' || name === 'localhost' || name.endsWith('.localhost');
}

/**
 * True for a host that only reaches this machine or a test fake: the local machine's names (see
 * `isLocalMachineHost`) and names under the reserved `.test` top-level domain (RFC 6761: never
 * delegated in public DNS, and no public certificate can be issued for them, so an https URL
 * there cannot reach a broker's live host).
 *
 * @example
 * ```ts
 * isLoopbackHost('127.0.0.2') // true
 * isLoopbackHost('api.alpaca.markets') // false
 * ```
 */
export function isLoopbackHost(host: string): boolean {
  return isLocalMachineHost(host) || host.endsWith('.test');
}

/**
 * Why `value` may not be used while paper trading, or `undefined` when it may: its normalised
 * host must be one of `allowed` (the broker's paper hosts) or loopback. An allowlist, not a list
 * of live hosts: a spelling of the live host nobody thought of (`api.alpaca.markets.`,
 * `API.ALPACA.MARKETS:443`, `%61pi.alpaca.markets`) or a proxy in front of it is refused too.
 *
 * @example
 * ```ts
 * paperUrlProblem('https://api.alpaca.markets.', { allowed: ['paper-api.alpaca.markets'], field: 'baseUrl' })
 * // 'is api.alpaca.markets, not a paper host (paper-api.alpaca.markets or loopback); set paper_trading: false to trade real money'
 * ```
 */
export function paperUrlProblem(value: string, options: PaperUrlOptions): string | undefined {
  let host: string;
  try {
    host = normalizeEndpoint(value).host;
  } catch (error) {
    return (error as Error).message;
  }
  const allowed = options.allowed.map((h) => h.toLowerCase().replace(/\.+$/, ''));
  if (allowed.includes(host) || isLoopbackHost(host)) return undefined;
  const live = options.liveSetting ?? 'paper_trading: false';
  return `is ${host}, not a paper host (${[...allowed, 'loopback'].join(', ')}); set ${live} to trade real money`;
}

/**
 * Throws a `ConfigError` naming `field` unless `value` points at one of the broker's paper hosts
 * or loopback (see `paperUrlProblem`). Every adapter checks its trading and stream URLs with this
 * when paper trading is on.
 *
 * @example
 * ```ts
 * assertPaperUrl(config.baseUrl, { allowed: ['paper-api.alpaca.markets'], field: 'baseUrl', broker: 'alpaca' })
 * ```
 */
export function assertPaperUrl(value: string, options: PaperUrlOptions): void {
  const problem = paperUrlProblem(value, options);
  if (problem !== undefined) {
    throw new ConfigError(`${options.broker ? `${options.broker}.` : ''}${options.field}: ${problem}`, {
      path: options.field,
      ...(options.broker ? { broker: options.broker } : {}),
    });
  }
}
