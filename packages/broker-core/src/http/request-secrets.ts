import { Redactor, SECRET_FIELD_PATTERN } from '../logging/redact.ts';
import type { TextRedactor } from './error-map.ts';
import type { HttpQuery } from './http-client.ts';

/** Pieces of a credential header shorter than this are words (`Bearer`, `OAuth`), not secrets. */
const MIN_PART_LENGTH = 8;

/**
 * The secrets one request carries (its auth header values, query values under secret-looking
 * names), so a broker that echoes them in an error message cannot leak them through us. Kept per
 * request: OAuth 1.0a signs every request afresh, and a process-wide list would grow forever.
 *
 * @example
 * ```ts
 * const secrets = new RequestSecrets()
 * secrets.addValue('Bearer abc123secret')
 * secrets.over(redactor).text('bad token abc123secret') // 'bad token [REDACTED]'
 * ```
 */
export class RequestSecrets implements TextRedactor {
  /** Values as registered; split into a Redactor only when a text needs scrubbing (an error). */
  readonly #values: string[] = [];
  #redactor: Redactor | undefined;

  /** Registers a credential value and its parts (`Bearer <token>`, OAuth `k="v"` lists). */
  addValue(value: string): void {
    this.#values.push(value);
    this.#redactor = undefined;
  }

  #built(): Redactor {
    if (this.#redactor) return this.#redactor;
    const redactor = new Redactor();
    for (const value of this.#values) {
      redactor.add(value);
      for (const part of value.split(/[\s,;"=]+/)) {
        if (part.length >= MIN_PART_LENGTH) redactor.add(part);
      }
    }
    return (this.#redactor = redactor);
  }

  /** Registers the values of query parameters whose names look secret (`apikey`, `access_token`). */
  addQuery(query: HttpQuery | undefined): void {
    for (const [name, value] of Object.entries(query ?? {})) {
      if (SECRET_FIELD_PATTERN.test(name) && value !== undefined && value !== null) this.addValue(String(value));
    }
  }

  text(input: string): string {
    return this.#built().text(input);
  }

  /** This request's secrets, then `base`'s (the client's Redactor). */
  over(base: TextRedactor): TextRedactor {
    return { text: (input) => base.text(this.text(input)) };
  }
}
