import { isLoopbackHost, normalizeEndpoint, type EnvMap } from '@invest/broker-core';
import { z } from 'zod';

/**
 * A URL setting of a broker without a sandbox: https on one of `hosts`, or http / https on
 * loopback (local fakes). A proxy, a look-alike host or a user@host URL is refused.
 *
 * @example
 * ```ts
 * liveOrLoopbackUrl(['api.schwabapi.com'], "Schwab's host").safeParse('https://proxy.example.com').success // false
 * ```
 */
export function liveOrLoopbackUrl(hosts: readonly string[], label: string) {
  return z.string().superRefine((value, ctx) => {
    let endpoint;
    try {
      endpoint = normalizeEndpoint(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return;
    }
    if (isLoopbackHost(endpoint.host)) return;
    if (endpoint.url.protocol !== 'https:') ctx.addIssue({ code: 'custom', message: 'must be an https:// URL (http:// only on loopback)' });
    else if (!hosts.includes(endpoint.host)) ctx.addIssue({ code: 'custom', message: `is ${endpoint.host}, not ${label} (${hosts.join(', ')}) or loopback` });
  });
}

/**
 * The refinement of a broker that has no paper environment: unless `paper` is written `false`,
 * the config is refused at `paper` with a message that says so.
 *
 * @example
 * ```ts
 * schema.superRefine(requireLiveSetting('Schwab'))
 * ```
 */
export function requireLiveSetting(displayName: string) {
  return (config: { paper?: boolean | undefined }, ctx: z.RefinementCtx): void => {
    if (config.paper === false) return;
    ctx.addIssue({
      code: 'custom',
      path: ['paper'],
      message: `${displayName} has no paper environment: every order is live. Set paper: false (paper_trading: false in brokers.json) to trade real money`,
    });
  };
}

/**
 * A config input from environment variables: each config key whose variable is set and not empty.
 *
 * @example
 * ```ts
 * configFromEnvNames({ SCHWAB_CLIENT_ID: 'k' }, { clientId: 'SCHWAB_CLIENT_ID' }) // { clientId: 'k' }
 * ```
 */
export function configFromEnvNames(env: EnvMap, names: Readonly<Record<string, string>>): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(names)) {
    const value = env[name]?.trim();
    if (value !== undefined && value !== '') config[key] = value;
  }
  return config;
}
