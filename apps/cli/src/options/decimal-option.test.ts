import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../program.ts';
import { parseDecimal } from './decimal-option.ts';

/** Parses `invest buy --symbol AAPL <flag>=<text>` with the real program; the order is not placed. */
async function parseFlag(flag: string, text: string): Promise<{ value?: number; usage?: string }> {
  const program = buildProgram({}, () => {});
  let seen: Record<string, unknown> | undefined;
  program.commands.find((c) => c.name() === 'buy')!.action((options: Record<string, unknown>) => {
    seen = options;
  });
  try {
    await program.parseAsync(['node', 'invest', 'buy', '--symbol', 'AAPL', `${flag}=${text}`]);
  } catch (error) {
    return { usage: (error as Error).message };
  }
  const key = flag.slice(2).replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
  return { value: seen![key] as number };
}

/** The exact decimal a double stands for, as a canonical string (BigInt arithmetic, no rounding). */
function exactDecimal(value: number): string {
  const buffer = new DataView(new ArrayBuffer(8));
  buffer.setFloat64(0, value);
  const bits = buffer.getBigUint64(0);
  const exponent = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & ((1n << 52n) - 1n);
  if (exponent === 0) return mantissa === 0n ? '0' : 'subnormal';
  mantissa |= 1n << 52n;
  const shift = exponent - 1075;
  if (shift >= 0) return (mantissa << BigInt(shift)).toString();
  const scaled = mantissa * 5n ** BigInt(-shift);
  const digits = scaled.toString().padStart(-shift + 1, '0');
  const whole = digits.slice(0, digits.length + shift);
  const fraction = digits.slice(digits.length + shift).replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

/** True when `value`, printed to the text's own significant digits (or exactly), is the text. */
function readsBack(text: string, value: number): boolean {
  const sig = text.replace('.', '').replace(/^0+/, '').replace(/0+$/, '').length || 1;
  const printed = sig <= 15 ? new Intl.NumberFormat('en-US', { useGrouping: false, maximumSignificantDigits: sig, maximumFractionDigits: 100 }).format(value) : exactDecimal(value);
  const norm = (s: string) => s.replace(/^0+(?=\d)/, '').replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
  return norm(printed) === norm(text) || (sig > 15 && String(value) === norm(text));
}

const NUMBERISH = fc
  .array(fc.constantFrom('0', '1', '9', '5', '.', '-', '+', 'e', 'E', 'x', '0x', ' ', '\t', '\n', '_', ',', 'Infinity', 'NaN', '٣', '1'.repeat(17)), { maxLength: 12 })
  .map((parts) => parts.join(''));

describe('numeric flags', () => {
  let stderr: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => stderr.mockRestore());

  it('read the four surprises of Number() as usage errors naming the flag and the value', async () => {
    for (const text of ['0x10', '1e3', ' 1 ', '99999999999999999999', '+1', '-1', '.5', '5.', '1_000', 'Infinity', '']) {
      const r = await parseFlag('--quantity', text);
      expect(r.value, text).toBeUndefined();
      expect(r.usage).toContain(`--quantity: ${JSON.stringify(text)}`);
      expect(r.usage).not.toContain('\n');
    }
    expect(await parseFlag('--quantity', '10')).toEqual({ value: 10 });
    expect(await parseFlag('--limit', '0012.50')).toEqual({ value: 12.5 });
    expect(await parseFlag('--notional', '0.0000001')).toEqual({ value: 1e-7 });
    expect(await parseFlag('--stop', '123456789012345')).toEqual({ value: 123456789012345 });
  });

  it('accept a string only as the decimal written, refuse anything else naming the flag (fuzz)', async () => {
    const flags = ['--quantity', '--notional', '--limit', '--stop', '--trail', '--trail-percent', '--take-profit', '--stop-loss'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...flags), fc.oneof(fc.string({ unit: 'binary', maxLength: 24 }), NUMBERISH, fc.stringMatching(/^\d{1,22}(\.\d{1,22})?$/), fc.constantFrom('1000000000000000000000', '100000000000000000000000', '0.000000000000000000001', '9007199254740993', '0.1', '0.30000000000000004')), async (flag, text) => {
        const r = await parseFlag(flag, text);
        if (r.value !== undefined) {
          expect(text).toMatch(/^\d+(\.\d+)?$/);
          expect(Number.isFinite(r.value)).toBe(true);
          expect(readsBack(text, r.value), `${text} -> ${r.value}`).toBe(true);
        } else {
          expect(r.usage).toContain(`${flag}: ${JSON.stringify(text)}`);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('allow a minus only where the flag says so', () => {
    expect(parseDecimal('--x', '-1.5', { signed: true })).toBe(-1.5);
    expect(Object.is(parseDecimal('--x', '-0', { signed: true }), 0)).toBe(true);
    expect(() => parseDecimal('--x', '-1.5')).toThrow(/--x: "-1.5" is not a plain decimal/);
  });
});
