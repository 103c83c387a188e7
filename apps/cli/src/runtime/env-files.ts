import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { ConfigError, investHome, type EnvMap } from '@invest/broker-core';

/** A `.env` is a few dozen lines; anything near this is not one. */
const MAX_ENV_BYTES = 256 * 1024;
/** `NAME=value`, optionally after `export `: what Node's parser (and dotenv) take as a line. */
const ASSIGNMENT = /^\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_.-]*\s*=(.*)$/;

/**
 * The first line of `text` that is neither an assignment, a comment nor blank, or `undefined`.
 * Node's `util.parseEnv` (like dotenv) skips such a line without a word; a typo in a `.env`
 * would then leave a key unset and fail far from its cause, so it is reported here.
 * A quoted value may span lines: its continuation lines are skipped.
 *
 * @example
 * ```ts
 * malformedEnvLine('A=1\nB 2\n') // { line: 2, text: 'B 2' }
 * ```
 */
export function malformedEnvLine(text: string): { line: number; text: string } | undefined {
  const lines = text.split(/\r?\n/);
  let open: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (open) {
      if (line.includes(open)) open = undefined;
      continue;
    }
    if (/^\s*(#|$)/.test(line)) continue;
    const m = ASSIGNMENT.exec(line);
    if (!m) return { line: i + 1, text: line };
    const value = m[1]!.trim();
    const quote = value[0];
    if ((quote === '"' || quote === "'" || quote === '`') && value.indexOf(quote, 1) === -1) open = quote;
  }
  return undefined;
}

/**
 * Reads one `.env` file: `{}` when there is none, a `ConfigError` naming the file and the line
 * for a line that is not `NAME=value` (exit 3).
 *
 * @example
 * ```ts
 * readEnvFile('/home/me/project/.env') // { ALPACA_API_KEY: 'PK...' }
 * ```
 */
export function readEnvFile(path: string): EnvMap {
  let text: string;
  try {
    // A FIFO, socket or device named .env would block the read (or never end): refused by name.
    const kind = statSync(path);
    if (!kind.isFile()) throw new ConfigError(`${path} is not a regular file`, { path });
    if (kind.size > MAX_ENV_BYTES) throw new ConfigError(`${path} is more than the ${MAX_ENV_BYTES} bytes a .env may have`, { path });
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return {};
    throw new ConfigError(`Cannot read ${path}: ${code ?? (error as Error).message}`, { path, cause: error });
  }
  const bad = malformedEnvLine(text);
  if (bad) {
    // The line's text is left out: a malformed line of a .env may well hold a secret.
    throw new ConfigError(`Invalid .env: ${path}:${bad.line}: is not NAME=value (or a # comment)`, { path: `${path}:${bad.line}` });
  }
  return parseEnv(text);
}

/**
 * The environment a command runs with: `.env` in `cwd` first, then `.env` in the invest home,
 * and the process environment over both (a variable set in the shell always wins). The home is
 * found from the process environment and the working directory's `.env` (which may set
 * `INVEST_HOME`).
 *
 * @example
 * ```ts
 * const env = withEnvFiles(process.env) // ALPACA_API_KEY from ./.env unless exported
 * ```
 */
export function withEnvFiles(env: EnvMap, cwd: string = process.cwd()): EnvMap {
  const local = readEnvFile(join(cwd, '.env'));
  const home = investHome({ ...local, ...env });
  const homeFile = join(home, '.env');
  const fromHome = homeFile === join(cwd, '.env') ? {} : readEnvFile(homeFile);
  return { ...fromHome, ...local, ...env };
}
