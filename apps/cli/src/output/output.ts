import Table from 'cli-table3';
import { createColors } from 'picocolors';
import { formatMoney, isBrokerError, type EnvMap } from '@invest/broker-core';

export type Colors = ReturnType<typeof createColors>;

/**
 * Colour only on a terminal, never with NO_COLOR (any value) or TERM=dumb; FORCE_COLOR forces it.
 */
export function colorEnabled(env: EnvMap, stream: NodeJS.WriteStream): boolean {
  if (env.NO_COLOR !== undefined) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}

export interface Column<T> {
  header: string;
  value: (row: T) => string | number | undefined;
  align?: 'left' | 'right';
}

/** Where a command writes: human text and tables by default, one JSON document with `--json`. */
export class Output {
  readonly c: Colors;
  constructor(
    readonly json: boolean,
    color: boolean,
    private readonly out: NodeJS.WritableStream = process.stdout,
    private readonly err: NodeJS.WritableStream = process.stderr,
  ) {
    this.c = createColors(color);
  }

  line(text = ''): void {
    if (!this.json) this.out.write(`${text}\n`);
  }

  /** Progress and notes: stderr, so `--json` output stays one clean document. */
  note(text: string): void {
    this.err.write(`${text}\n`);
  }

  /**
   * The command's one JSON document: always an object with named fields, so a script can read
   * `.brokers` or `.quotes` and a later field never breaks it (a bare array could not grow).
   */
  data<T extends object>(value: T extends readonly unknown[] ? never : T): void {
    if (Array.isArray(value)) throw new TypeError('--json output must be an object with named fields, not an array');
    if (this.json) this.out.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  table<T>(rows: readonly T[], columns: readonly Column<T>[]): void {
    if (this.json) return;
    if (rows.length === 0) {
      this.line(this.c.dim('(none)'));
      return;
    }
    const table = new Table({
      head: columns.map((col) => this.c.bold(col.header)),
      colAligns: columns.map((col) => col.align ?? 'left'),
      style: { head: [], border: [] },
    });
    for (const row of rows) table.push(columns.map((col) => String(col.value(row) ?? '')));
    this.line(table.toString());
  }

  /** One clear line on stderr (and a JSON error document on stdout with `--json`). */
  failure(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    if (this.json) this.out.write(`${JSON.stringify({ error: errorDocument(error) }, null, 2)}\n`);
    this.err.write(`${this.c.red('error:')} ${message}\n`);
  }
}

/**
 * An error as `--json` prints it. Core names a local error's broker `invest` (nothing was sent
 * anywhere): that is no broker, so the field is left out rather than mislead a script.
 *
 * @example
 * ```ts
 * errorDocument(new ConfigError('No config', { path: 'brokers.json' })) // { name: 'ConfigError', code: 'CONFIG', message: 'No config', retryable: false }
 * ```
 */
export function errorDocument(error: unknown): Record<string, unknown> {
  if (!isBrokerError(error)) return { message: error instanceof Error ? error.message : String(error) };
  const { broker, ...rest } = error.toJSON();
  return broker === LOCAL_BROKER ? rest : { ...rest, broker };
}

/** The `broker` core gives an error raised before any broker was involved. */
const LOCAL_BROKER = 'invest';

/**
 * 1234.5 -> "1,234.50": core's `formatMoney` under the name the commands use.
 *
 * @example
 * ```ts
 * money(1234.5, 'USD') // '1,234.50 USD'
 * ```
 */
export const money: (value: number | undefined, currency?: string) => string = formatMoney;

/** A quantity without float noise (up to 9 decimals). */
export function qty(value: number | undefined): string {
  if (value === undefined) return '';
  return String(Number(value.toFixed(9)));
}
