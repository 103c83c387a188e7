import type * as Ky from 'ky';

let loaded: typeof Ky | undefined;
let loading: Promise<typeof Ky> | undefined;

/**
 * ky, imported on the first HTTP request rather than with broker-core: importing it costs about
 * 30 ms, which a process that makes no HTTP request (the CLI on simulation accounts, a library
 * user of the simulator) should not pay at start.
 *
 * @example
 * ```ts
 * const ky = await loadKy()
 * const api = ky.default.create({ prefix: baseUrl })
 * ```
 */
export function loadKy(): Promise<typeof Ky> {
  return (loading ??= import('ky').then((module) => (loaded = module)));
}

/**
 * ky once a request has loaded it, for its error guards; undefined before, when no error can
 * have come from ky.
 *
 * @example
 * ```ts
 * if (kyIfLoaded()?.isHTTPError(error)) ...
 * ```
 */
export function kyIfLoaded(): typeof Ky | undefined {
  return loaded;
}
