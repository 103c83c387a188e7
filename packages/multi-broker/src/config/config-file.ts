import { constants } from 'node:fs';
import { mkdir, open, stat } from 'node:fs/promises';
import { ConfigError } from '@invest/broker-core';

/** The largest config file read. A broker entry is a few hundred bytes; 1 MiB is thousands of them. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** What a non-regular file is, for the message. */
function kindOf(info: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a FIFO';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

function accessError(path: string, error: unknown, what = 'the config file'): ConfigError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason =
    code === 'EACCES' || code === 'EPERM'
      ? 'permission denied'
      : code === 'ENOTDIR'
        ? 'a parent of it is a file, not a directory (is INVEST_HOME a file?)'
        : code === 'ELOOP'
          ? 'too many symbolic links'
          : `cannot be read (${code ?? (error as Error).message})`;
  return new ConfigError(`Cannot read ${what} ${path}: ${reason}`, { path, cause: error });
}

/**
 * Reads the config file as text, or `undefined` when it does not exist. Anything else that is not
 * a readable regular file of at most `maxBytes` is one `ConfigError` naming the path: a directory,
 * a FIFO (reading one would wait forever), a socket or device, an unreadable file, an oversize
 * file. The file is opened non-blocking and checked again through its descriptor, so a FIFO
 * swapped in after the first check cannot hang the read either.
 *
 * @example
 * ```ts
 * const text = await readConfigText(homePaths(investHome()).config) // undefined: run `invest init`
 * ```
 */
export async function readConfigText(path: string, maxBytes = MAX_CONFIG_BYTES): Promise<string | undefined> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw accessError(path, error);
  }
  const check = (s: typeof info): void => {
    if (!s.isFile()) throw new ConfigError(`The config file ${path} is ${kindOf(s)}, not a file`, { path });
    if (s.size > maxBytes) throw new ConfigError(`The config file ${path} is ${s.size} bytes, more than the ${maxBytes} a config may have`, { path });
  };
  check(info);
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw accessError(path, error);
  }
  try {
    check(await handle.stat());
    // One byte more than allowed tells a file that grew since the check from one that did not.
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > maxBytes) throw new ConfigError(`The config file ${path} is more than the ${maxBytes} bytes a config may have`, { path });
    }
    return buffer.toString('utf8', 0, length);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw accessError(path, error);
  } finally {
    await handle.close();
  }
}

/**
 * Makes the invest home (mode 0700) when it is missing. A home that exists as anything but a
 * directory is a `ConfigError` naming it, instead of `EEXIST` / `ENOTDIR` from deep inside.
 *
 * @example
 * ```ts
 * await ensureInvestHome(investHome())
 * ```
 */
export async function ensureInvestHome(home: string): Promise<void> {
  try {
    await mkdir(home, { recursive: true, mode: 0o700 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') {
      throw new ConfigError(`The invest home ${home} is not a directory (set INVEST_HOME to a directory)`, { path: home, cause: error });
    }
    throw accessError(home, error, 'the invest home');
  }
  const info = await stat(home).catch((error: unknown) => Promise.reject(accessError(home, error, 'the invest home')));
  if (!info.isDirectory()) throw new ConfigError(`The invest home ${home} is not a directory (set INVEST_HOME to a directory)`, { path: home });
}
