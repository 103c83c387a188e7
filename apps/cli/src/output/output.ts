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

  data(value: unknown): void {
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
    if (this.json) {
      this.out.write(`${JSON.stringify({ error: isBrokerError(error) ? error.toJSON() : { message } }, null, 2)}\n`);
    }
    this.err.write(`${this.c.red('error:')} ${message}\n`);
  }
}

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
