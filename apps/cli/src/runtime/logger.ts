import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger, type Logger, type LogLevel, type Redactor } from '@invest/broker-core';

/**
 * The CLI's log: JSON lines in `<home>/logs/invest-YYYY-MM-DD.log`, redacted by the same Redactor
 * that every loaded credential feeds. Never on the terminal unless `--verbose`.
 */
export function fileLogger(home: string, redactor: Redactor, level: LogLevel, echo: boolean): Logger {
  const dir = join(home, 'logs');
  let ready = false;
  return createLogger({
    level,
    redactor,
    sink: (record) => {
      const line = `${JSON.stringify(record)}\n`;
      try {
        if (!ready) {
          mkdirSync(dir, { recursive: true, mode: 0o700 });
          ready = true;
        }
        appendFileSync(join(dir, `invest-${record.time.slice(0, 10)}.log`), line, { mode: 0o600 });
      } catch {
        // A log that cannot be written must not stop a trade; the terminal still gets errors.
      }
      if (echo) process.stderr.write(line);
    },
  });
}
