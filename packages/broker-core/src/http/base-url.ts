import { ConfigError } from '../errors/subclasses.ts';

/** Which of a broker's hosts to talk to. Paper (sandbox) is the default everywhere. */
export type BrokerEnvironment = 'paper' | 'live';

/** A broker's base URLs per environment. A broker without a paper host (Schwab) leaves it out. */
export interface BaseUrls {
  paper?: string;
  live: string;
}

/**
 * The base URL for an environment: paper unless `live` is asked for explicitly. A broker with no
 * paper environment throws `ConfigError` for paper rather than silently trading live.
 *
 * @example
 * ```ts
 * selectBaseUrl({ paper: 'https://paper-api.alpaca.markets', live: 'https://api.alpaca.markets' }) // paper
 * selectBaseUrl(urls, config.environment) // 'live' only when the config says so
 * ```
 */
export function selectBaseUrl(urls: BaseUrls, environment: BrokerEnvironment = 'paper', broker?: string): string {
  if (environment === 'live') return urls.live;
  if (environment !== 'paper') {
    // Reached from untyped config: anything but an explicit 'live' must not pick the live host.
    throw new ConfigError(`environment must be "paper" or "live", got ${JSON.stringify(environment)}`, { path: 'environment', broker });
  }
  if (urls.paper === undefined) {
    throw new ConfigError(`${broker ?? 'this broker'} has no paper environment; set environment to "live" explicitly to trade real money`, {
      path: 'environment',
      broker,
    });
  }
  return urls.paper;
}
