import { channel } from 'node:diagnostics_channel';
import { Redactor } from './redact.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** A structured log record after redaction. */
export interface LogRecord {
  time: string;
  level: LogLevel;
  msg: string;
  [field: string]: unknown;
}

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** A logger that adds `bindings` to every record. */
  child(bindings: Record<string, unknown>): Logger;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Where records go (after redaction). Default: JSON lines on stderr. */
  sink?: (record: LogRecord) => void;
  /** Secret values to remove wherever they appear. */
  redactor?: Redactor;
  bindings?: Record<string, unknown>;
}

/**
 * Every record also goes to this diagnostics channel (after redaction), so tools and tests can
 * watch what the toolkit logs without replacing the sink.
 */
export const LOG_CHANNEL = 'invest:log';
const logChannel = channel(LOG_CHANNEL);

/**
 * A structured logger that redacts secrets (known values and secret-looking fields) before
 * anything leaves it.
 *
 * @example
 * ```ts
 * const log = createLogger({ level: 'info', redactor: new Redactor([apiSecret]) })
 * log.info('order sent', { clientOrderId })
 * ```
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const min = LEVELS[options.level ?? 'info'];
  const redactor = options.redactor ?? new Redactor();
  const sink = options.sink ?? ((r: LogRecord) => process.stderr.write(`${JSON.stringify(r)}\n`));
  const bindings = options.bindings ?? {};
  const write = (level: LogLevel, msg: string, fields?: Record<string, unknown>): void => {
    if (LEVELS[level] < min) return;
    const record = redactor.value({ ...bindings, ...fields }) as Record<string, unknown>;
    const out: LogRecord = { time: new Date().toISOString(), level, msg: redactor.text(msg), ...record };
    if (logChannel.hasSubscribers) logChannel.publish(out);
    sink(out);
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (more) => createLogger({ ...options, redactor, bindings: { ...bindings, ...more } }),
  };
}

/** A logger that drops everything. */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};
