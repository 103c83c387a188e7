/** Field names whose values are secret wherever they appear. */
export const SECRET_FIELD_PATTERN: RegExp =
  /(secret|token|password|passphrase|api[_-]?key|apikey|private[_-]?key|authorization|signature|cookie|credential|client[_-]?secret|refresh|access[_-]?code)/i;

export const REDACTED = '[REDACTED]';

/** Patterns of secrets inside free text (headers, query strings, OAuth parameters). */
const TEXT_PATTERNS: readonly RegExp[] = [
  // An OAuth 1.0a header is a list of quoted parameters: hide all of it, up to the end of the line.
  /(authorization\s*[:=]\s*)oauth\s[^\r\n]*/gi,
  /(authorization\s*[:=]\s*)(bearer|basic)?\s*[^\s,;"']+/gi,
  /(oauth_(?:signature|token|token_secret|consumer_key|verifier)\s*=\s*"?)[^"&,\s]+/gi,
  /((?:access_token|refresh_token|client_secret|api_key|apikey|password|code)=)[^&\s"']+/gi,
  /((?:APCA-API-SECRET-KEY|APCA-API-KEY-ID|x-api-key)\s*[:=]\s*)[^\s,;"']+/gi,
];

/**
 * Keeps a set of known secret values and removes them, and anything that looks like a credential,
 * from text and structured log fields.
 *
 * @example
 * ```ts
 * const r = new Redactor(['s3cr3t']); r.text('key=s3cr3t') // 'key=[REDACTED]'
 * ```
 */
export class Redactor {
  #values: string[] = [];

  constructor(secrets: Iterable<string> = []) {
    for (const s of secrets) this.add(s);
  }

  /** Registers a secret value. Very short values are ignored (they would redact ordinary words). */
  add(secret: string | undefined): void {
    if (typeof secret !== 'string' || secret.length < 6 || this.#values.includes(secret)) return;
    this.#values.push(secret);
    this.#values.sort((a, b) => b.length - a.length);
  }

  text(input: string): string {
    let out = input;
    for (const value of this.#values) out = out.split(value).join(REDACTED);
    for (const re of TEXT_PATTERNS) out = out.replace(re, (_m, prefix: string) => `${prefix}${REDACTED}`);
    return out;
  }

  /** Deep copy with secret fields replaced and secret values removed from strings. */
  value(input: unknown, depth = 0): unknown {
    if (typeof input === 'string') return this.text(input);
    if (input === null || typeof input !== 'object') return input;
    if (depth > 8) return '[…]';
    if (input instanceof Error) {
      return { name: input.name, message: this.text(input.message), ...('code' in input ? { code: (input as { code: unknown }).code } : {}) };
    }
    if (Array.isArray(input)) return input.map((v) => this.value(v, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(input)) {
      out[k] = SECRET_FIELD_PATTERN.test(k) && v !== undefined && v !== null && v !== '' ? REDACTED : this.value(v, depth + 1);
    }
    return out;
  }
}
