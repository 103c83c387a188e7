/**
 * The TWS API's framing (the "V100+" protocol): after the `API\0` greeting, every message in both
 * directions is a 4-byte big-endian length followed by that many bytes of NUL-terminated UTF-8
 * fields. See IB's "Message framing" notes in the TWS API documentation.
 */

/** Greeting a client sends first, before its version-range message. */
export const API_GREETING = Buffer.from('API\0', 'utf8');

/** A field value as the fake writes it: booleans go out as 1/0, absent values as "". */
export type Field = string | number | boolean | undefined | null;

/**
 * One framed message from its fields.
 *
 * @example
 * ```ts
 * frame([9, 1, 100]) // <Buffer 00 00 00 08 39 00 31 00 31 30 30 00>
 * ```
 */
export function frame(fields: readonly Field[]): Buffer {
  const body = Buffer.from(fields.map(fieldText).join('\0') + '\0', 'utf8');
  const head = Buffer.alloc(4);
  head.writeUInt32BE(body.length);
  return Buffer.concat([head, body]);
}

function fieldText(value: Field): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}

/** Splits a message body into its fields (the body ends with a NUL, so the last split is empty). */
export function fieldsOf(body: Buffer): string[] {
  const fields = body.toString('utf8').split('\0');
  if (fields.at(-1) === '') fields.pop();
  return fields;
}

/**
 * Accumulates bytes from a socket and hands out whole frames. The first frame of a connection
 * follows the 4-byte `API\0` greeting, which `skipGreeting` consumes.
 */
export class FrameReader {
  #buffer = Buffer.alloc(0);
  #greeted = false;

  /** Adds received bytes; returns the bodies of the frames now complete. */
  push(chunk: Buffer): Buffer[] {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    if (!this.#greeted) {
      if (this.#buffer.length < API_GREETING.length) return [];
      if (!this.#buffer.subarray(0, API_GREETING.length).equals(API_GREETING)) {
        throw new Error('fake-tws: the connection did not start with API\\0');
      }
      this.#buffer = this.#buffer.subarray(API_GREETING.length);
      this.#greeted = true;
    }
    const out: Buffer[] = [];
    while (this.#buffer.length >= 4) {
      const size = this.#buffer.readUInt32BE(0);
      if (this.#buffer.length < 4 + size) break;
      out.push(this.#buffer.subarray(4, 4 + size));
      this.#buffer = this.#buffer.subarray(4 + size);
    }
    return out;
  }
}

/** Reads fields in order, as the real server's decoder does. */
export class FieldReader {
  readonly #fields: readonly string[];
  #at = 0;

  constructor(fields: readonly string[]) {
    this.#fields = fields;
  }

  str(): string {
    const value = this.#fields[this.#at++];
    if (value === undefined) throw new Error(`fake-tws: message too short (field ${this.#at - 1})`);
    return value;
  }

  int(): number {
    const text = this.str();
    return text === '' ? 0 : Number.parseInt(text, 10);
  }

  /** A number, or undefined for an empty field or Double.MAX_VALUE (IB's "unset"). */
  num(): number | undefined {
    const text = this.str();
    if (text === '') return undefined;
    const value = Number.parseFloat(text);
    return value === Number.MAX_VALUE || !Number.isFinite(value) ? undefined : value;
  }

  bool(): boolean {
    return this.str() === '1';
  }

  skip(count: number): void {
    this.#at += count;
  }

  get remaining(): number {
    return this.#fields.length - this.#at;
  }
}
