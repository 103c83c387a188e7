import type { contractValidator } from './validator.ts';

type Validator = ReturnType<typeof contractValidator>;

/**
 * The same validator, with ajv's `unknown format "X" ignored` notes dropped while it checks, for
 * the formats `ignoredFormats` matches: a contract's formats the validator does not check are
 * noise in test output, not findings. Every other warning still goes to `console.warn`.
 *
 * @example
 * ```ts
 * const trading = quietValidator(contractValidator(facts), /^(decimal|uint32)$/)
 * ```
 */
export function quietValidator(validator: Validator, ignoredFormats: RegExp = /^/): Validator {
  const quiet = <T>(run: () => T): T => {
    const warn = console.warn;
    console.warn = (...args: unknown[]) => {
      const format = typeof args[0] === 'string' ? /^unknown format "(.*)" ignored/.exec(args[0])?.[1] : undefined;
      if (format !== undefined && ignoredFormats.test(format)) return;
      warn(...args);
    };
    try {
      return run();
    } finally {
      console.warn = warn;
    }
  };
  return {
    ...validator,
    checkRequest: (op, req) => quiet(() => validator.checkRequest(op, req)),
    checkResponse: (op, status, body) => quiet(() => validator.checkResponse(op, status, body)),
  };
}
