import { InvalidArgumentError } from 'commander';

/** Digits, optionally a point and more digits; a minus only where the flag allows one. */
const UNSIGNED = /^\d+(?:\.\d+)?$/;
const SIGNED = /^-?\d+(?:\.\d+)?$/;
/** A double holds 15 significant decimal digits exactly; more may round to another number. */
const SAFE_DIGITS = 15;

/** Options of `decimalOption`. */
export interface DecimalOptionSettings {
  /** Accept a leading minus (no flag needs one yet). Default false. */
  signed?: boolean;
}

/** `text` without leading zeros before the point, trailing zeros after it, or a negative zero. */
function canonical(text: string): string {
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = (negative ? text.slice(1) : text).split('.');
  const digits = `${whole!.replace(/^0+(?=\d)/, '')}${fraction.replace(/0+$/, '') ? `.${fraction.replace(/0+$/, '')}` : ''}`;
  return negative && /[1-9]/.test(digits) ? `-${digits}` : digits;
}

function significantDigits(text: string): number {
  return text.replace(/^-/, '').replace('.', '').replace(/^0+/, '').length;
}

/**
 * Reads a flag's text as a plain decimal number: digits with an optional fraction, nothing else.
 * `Number()` would read `0x10` as 16, `1e3` as 1000, `' 1 '` as 1 and round
 * `99999999999999999999` silently, each a different order than the one typed; all of these are
 * refused. A value is accepted when the number is exactly the decimal written: it prints back as
 * written, or has at most 15 significant digits.
 *
 * @example
 * ```ts
 * parseDecimal('--quantity', '10.5') // 10.5
 * parseDecimal('--quantity', '0x10') // throws InvalidArgumentError: --quantity: "0x10" is not a plain decimal number ...
 * ```
 */
export function parseDecimal(flag: string, text: string, settings: DecimalOptionSettings = {}): number {
  const shown = JSON.stringify(text);
  if (!(settings.signed ? SIGNED : UNSIGNED).test(text)) {
    const sign = settings.signed ? 'an optional minus, ' : '';
    throw new InvalidArgumentError(`${flag}: ${shown} is not a plain decimal number (${sign}digits, optionally a point and more digits)`);
  }
  const value = Number(text);
  const written = canonical(text);
  if (!Number.isFinite(value) || (String(value) !== written && significantDigits(written) > SAFE_DIGITS)) {
    throw new InvalidArgumentError(`${flag}: ${shown} has more digits than can be kept exactly (at most ${SAFE_DIGITS} significant digits)`);
  }
  return value === 0 ? 0 : value;
}

/**
 * A commander option parser for `flag` (see `parseDecimal`): every numeric flag of the CLI uses
 * it, so a refused value is a usage error (exit 2) naming the flag and the text.
 *
 * @example
 * ```ts
 * cmd.option('--quantity <n>', 'shares', decimalOption('--quantity'))
 * ```
 */
export function decimalOption(flag: string, settings: DecimalOptionSettings = {}): (text: string) => number {
  return (text) => parseDecimal(flag, text, settings);
}
