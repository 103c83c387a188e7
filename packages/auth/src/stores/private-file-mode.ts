import type { BigIntStats } from 'node:fs';
import { ConfigError, type Logger } from '@invest/broker-core';

/** Permission bits for group and others: any of them set means someone else may read or change the file. */
const SHARED_BITS = 0o077n;

/**
 * Refuses a secret file that other users can read or write, like `ssh` does with a private key:
 * a `ConfigError` naming the file and the `chmod 600` fix. With `allowInsecure` the refusal
 * becomes a warning through `log` (once per file version the caller asks about). Windows has no
 * POSIX modes, so nothing is checked there.
 *
 * @example
 * ```ts
 * checkPrivateMode(await handle.stat({ bigint: true }), path, { allowInsecure: false, log })
 * ```
 */
export function checkPrivateMode(info: BigIntStats, path: string, options: { allowInsecure: boolean; log: Logger; platform?: NodeJS.Platform }): void {
  if ((options.platform ?? process.platform) === 'win32') return;
  const shared = info.mode & SHARED_BITS;
  if (shared === 0n) return;
  const mode = (info.mode & 0o777n).toString(8).padStart(4, '0');
  if (options.allowInsecure) {
    options.log.warn('credential file is readable or writable by other users; fix it with chmod 600', { path, mode });
    return;
  }
  throw new ConfigError(
    `${path} is readable or writable by other users (mode ${mode}); run \`chmod 600 ${path}\` (or allow it explicitly: allowInsecurePermissions, INVEST_ALLOW_INSECURE_PERMISSIONS=1)`,
    { path },
  );
}
