import type { z } from 'zod';
import { BrokerProtocolError } from '../errors/subclasses.ts';
import { SECRET_FIELD_PATTERN } from '../logging/redact.ts';
import { formatIssues } from '../model/parse.ts';

/** Where a body came from, for the error message. */
export interface BodySource {
  broker: string;
  /** e.g. `GET /v2/account` (no query). */
  what: string;
  status?: number;
  requestId?: string;
}

/**
 * Parses a response body's text with a zod schema. An empty body is `undefined` (accepted when
 * the schema accepts it). Invalid JSON or a body that fails the schema throws
 * `BrokerProtocolError` naming the first bad field; the body itself never goes into the message.
 *
 * @example
 * ```ts
 * const account = parseResponseBody(AlpacaAccountSchema, await response.text(), { broker: 'alpaca', what: 'GET /v2/account' })
 * ```
 */
export function parseResponseBody<S extends z.ZodType>(schema: S, text: string, source: BodySource): z.output<S> {
  // Built only on the way to an error: a good answer pays nothing for the message.
  const where = (): string => `${source.what}${source.status !== undefined ? ` (HTTP ${source.status})` : ''}`;
  const extra = () => ({
    broker: source.broker,
    ...(source.status !== undefined ? { status: source.status } : {}),
    ...(source.requestId !== undefined ? { requestId: source.requestId } : {}),
  });
  let value: unknown;
  if (text.trim() !== '') {
    try {
      value = JSON.parse(text);
    } catch {
      // The SyntaxError is not kept as cause: its message quotes the body.
      throw new BrokerProtocolError(`${source.broker}: the answer to ${where()} is not valid JSON (${text.length} characters)`, extra());
    }
  }
  // reportInput lets formatIssues say what the bad value was (clipped); the ZodError itself is not
  // kept as cause because it carries the whole body.
  let result: z.ZodSafeParseResult<z.output<S>>;
  try {
    result = schema.safeParse(value, { reportInput: true });
  } catch (cause) {
    // A transform that throws must still end as a typed error.
    throw new BrokerProtocolError(`${source.broker}: the answer to ${where()} could not be read`, { ...extra(), cause });
  }
  if (result.success) return result.data;
  if (value === undefined) {
    throw new BrokerProtocolError(`${source.broker}: the answer to ${where()} has an empty body where data was expected`, extra());
  }
  const issues = formatIssues(result.error);
  const bad = issues[0] ?? { field: '(root)', message: 'does not match the expected shape' };
  // A token response's bad field would otherwise have its value quoted.
  const first = SECRET_FIELD_PATTERN.test(bad.field) ? { field: bad.field, message: 'is not valid (value hidden)' } : bad;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  throw new BrokerProtocolError(
    `${source.broker}: unexpected answer to ${where()}: ${first.field}: ${first.message}${more}`,
    extra(),
  );
}
