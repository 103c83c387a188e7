// Sampling for the bench: every figure is the median of several samples, reported with its spread.
import type { BenchResult } from '../../../tools/bench/harness.ts';

/** Rates (per second) of `samples` runs of `iterations` calls, after a warm-up. */
export async function sampleRates(fn: (i: number) => unknown, iterations: number, samples = 7, warmup = Math.min(iterations, 1_000)): Promise<number[]> {
  let i = 0;
  for (let w = 0; w < warmup; w++) await fn(i++);
  const rates: number[] = [];
  for (let s = 0; s < samples; s++) {
    const start = process.hrtime.bigint();
    for (let k = 0; k < iterations; k++) await fn(i++);
    rates.push(iterations / (Number(process.hrtime.bigint() - start) / 1e9));
  }
  return rates;
}

/** Min, median and max of a list of numbers. */
export function spread(values: readonly number[]): { min: number; median: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { min: sorted[0] as number, median, max: sorted[sorted.length - 1] as number };
}

/** A result whose value is the median of `values`, with their spread (and the baseline's) beside it. */
export function withSpread(r: BenchResult, values: readonly number[], baseline?: readonly number[], note?: string): BenchResult {
  const out: BenchResult & { spread: object; baselineSpread?: object; note?: string } = { ...r, spread: spread(values) };
  if (baseline) out.baselineSpread = spread(baseline);
  if (note) out.note = note;
  return out;
}
