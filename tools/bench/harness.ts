// Bench harness shared by every package's `pnpm bench`. Each figure is measured next to a
// baseline in the same run and reported as a ratio, so results compare across machines.
// Results go to bench/results/<package>.json (machine-readable) and a table on stdout.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface BenchResult {
  /** What was measured, e.g. `OrderRequest parse + validate`. */
  name: string;
  value: number;
  /** Unit of `value`, e.g. `ops/s`, `us/op`, `ms`. */
  unit: string;
  /** The baseline measured in the same run, in the same unit. */
  baseline: { name: string; value: number };
  /** value / baseline.value. */
  ratio: number;
  /** The target the issue sets, as text (e.g. `>= 100000 ops/s`), and whether it was met. */
  target?: string;
  met?: boolean;
}

/**
 * Runs `fn` `iterations` times per sample after a warm-up and returns the best (highest) rate in
 * operations per second over `samples` samples. Best-of-N keeps a noisy neighbour out of the figure.
 */
export function opsPerSecond(fn: (i: number) => unknown, iterations: number, samples = 5): number {
  for (let i = 0; i < Math.min(iterations, 10_000); i++) fn(i);
  let best = 0;
  for (let s = 0; s < samples; s++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) fn(i);
    const ns = Number(process.hrtime.bigint() - start);
    best = Math.max(best, iterations / (ns / 1e9));
  }
  return best;
}

/** Like `opsPerSecond` for async work run one after another. */
export async function opsPerSecondAsync(fn: (i: number) => Promise<unknown>, iterations: number, samples = 5): Promise<number> {
  for (let i = 0; i < Math.min(iterations, 1_000); i++) await fn(i);
  let best = 0;
  for (let s = 0; s < samples; s++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) await fn(i);
    const ns = Number(process.hrtime.bigint() - start);
    best = Math.max(best, iterations / (ns / 1e9));
  }
  return best;
}

/** p-th percentile (0-100) of a list of numbers. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

/** Builds a result; `ratio` is value / baseline. */
export function result(
  name: string,
  value: number,
  unit: string,
  baseline: { name: string; value: number },
  target?: { text: string; met: boolean },
): BenchResult {
  const r: BenchResult = { name, value, unit, baseline, ratio: value / baseline.value };
  if (target) {
    r.target = target.text;
    r.met = target.met;
  }
  return r;
}

/** Writes bench/results/<pkg>.json and prints a table. */
export function writeResults(pkg: string, results: BenchResult[]): void {
  const file = join(root, 'bench', 'results', `${pkg}.json`);
  mkdirSync(dirname(file), { recursive: true });
  const doc = { package: pkg, node: process.version, date: new Date().toISOString(), results };
  writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
  const fmt = (n: number): string => (Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 1 ? n.toFixed(2) : n.toPrecision(3));
  console.log(`\n${pkg}`);
  console.table(
    results.map((r) => ({
      name: r.name,
      value: `${fmt(r.value)} ${r.unit}`,
      baseline: `${r.baseline.name}: ${fmt(r.baseline.value)} ${r.unit}`,
      ratio: fmt(r.ratio),
      target: r.target ? `${r.target} ${r.met ? 'met' : 'NOT met'}` : '',
    })),
  );
  console.log(`wrote ${file}`);
}
