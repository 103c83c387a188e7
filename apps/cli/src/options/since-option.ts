import { InvalidArgumentError } from 'commander';

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
const DURATION = /^(\d+)([smhdw])$/;
const DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * `--since`: a date (`2026-12-01`, midnight UTC), a date and time (`2026-12-01T14:30Z`; without
 * a zone it is UTC too, so the same text means the same moment on every machine) or a duration
 * back from `now` (`90m`, `12h`, `7d`, `2w`). Anything else is refused naming the flag (exit 2).
 *
 * @example
 * ```ts
 * parseSince('7d', Date.parse('2026-12-08T00:00Z')) // 2026-12-01T00:00:00.000Z
 * ```
 */
export function parseSince(text: string, now: number = Date.now()): Date {
  const duration = DURATION.exec(text);
  if (duration) return new Date(now - Number(duration[1]) * UNIT_MS[duration[2] as keyof typeof UNIT_MS]);
  if (DATE.test(text)) {
    const zoned = /[Zz]$|[+-]\d{2}:?\d{2}$/.test(text) || !text.includes(':') ? text : `${text}Z`;
    const ms = Date.parse(zoned.includes('T') || zoned.includes(' ') ? zoned.replace(' ', 'T') : `${zoned}T00:00:00Z`);
    if (Number.isFinite(ms)) return new Date(ms);
  }
  throw new InvalidArgumentError(`--since: ${JSON.stringify(text)} is not a date (2026-12-01, 2026-12-01T14:30Z) or a duration (90m, 12h, 7d, 2w)`);
}
